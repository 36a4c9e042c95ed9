"""H2Connection public methods, client and server side (contract §5.6, RFC 9113)."""

from __future__ import annotations

import base64

import pytest

from h2.config import H2Configuration
from h2.connection import ConnectionState, H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    DataReceived,
    RequestReceived,
    ResponseReceived,
    SettingsAcknowledged,
    StreamEnded,
    WindowUpdated,
)
from h2.exceptions import (
    FlowControlError,
    FrameTooLargeError,
    InvalidSettingsValueError,
    NoAvailableStreamIDError,
    NoSuchStreamError,
    ProtocolError,
    RFC1122Error,
    StreamClosedError,
    StreamIDTooLowError,
    TooManyStreamsError,
)
from h2.settings import SettingCodes, Settings
from h2.stream import StreamState
from hyperframe.frame import (
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    PriorityFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

from .helpers import (
    PREFACE,
    REQUEST,
    RESPONSE,
    Peer,
    client,
    client_with_request,
    parse_frames,
    sent_frames,
    server,
    server_with_request,
    summary,
)

# --------------------------------------------------------------------------
# construction and start (§6.1)
# --------------------------------------------------------------------------


def test_defaults() -> None:
    conn = H2Connection()
    assert conn.config.client_side is True
    assert conn.state_machine.state is ConnectionState.IDLE
    assert conn.streams == {}
    assert (conn.highest_inbound_stream_id, conn.highest_outbound_stream_id) == (0, 0)
    assert conn.outbound_flow_control_window == 65535
    assert conn.inbound_flow_control_window == 65535
    assert (conn.max_outbound_frame_size, conn.max_inbound_frame_size) == (16384, 16384)
    assert conn.decoder.max_header_list_size == 65536
    assert conn.remote_settings.max_concurrent_streams == 2**32 + 1
    assert conn.local_settings.max_concurrent_streams == 100
    assert conn.incoming_buffer.max_frame_size == 0
    assert H2Connection.MAX_CLOSED_STREAMS == 2**16
    assert H2Connection.DEFAULT_MAX_INBOUND_FRAME_SIZE == 2**24
    assert H2Connection.DEFAULT_MAX_OUTBOUND_FRAME_SIZE == 65535


def test_client_preface_and_settings_bytes() -> None:
    # RFC 9113 §3.4: the client preface is the magic string then SETTINGS.
    conn = H2Connection()
    assert conn.initiate_connection() is None
    data = conn.data_to_send()
    assert data.startswith(PREFACE)
    assert data[24:33] == bytes.fromhex("00002a040000000000")
    assert data[33:] == bytes.fromhex(
        "000100001000" "000200000001" "00040000ffff" "000500004000" "000800000000"
        "000300000064" "000600010000")


def test_server_sends_only_settings() -> None:
    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    (frame,) = parse_frames(conn.data_to_send())
    assert isinstance(frame, SettingsFrame)
    assert frame.settings[SettingCodes.ENABLE_PUSH] == 0


def test_replaced_local_settings_are_read_at_call_time() -> None:
    # Contract §1.4: hypercorn / httpcore replace local_settings before starting.
    conn = H2Connection()
    conn.local_settings = Settings(client=True, initial_values={SettingCodes.ENABLE_PUSH: 0})
    del conn.local_settings[SettingCodes.ENABLE_CONNECT_PROTOCOL]
    assert conn.local_settings.max_header_list_size is None
    conn.initiate_connection()
    conn.increment_flow_control_window(2**24)
    (settings, update) = parse_frames(conn.data_to_send()[24:])
    assert SettingCodes.ENABLE_CONNECT_PROTOCOL not in settings.settings
    assert settings.settings[SettingCodes.ENABLE_PUSH] == 0
    assert isinstance(update, WindowUpdateFrame) and update.window_increment == 2**24
    assert conn.inbound_flow_control_window == 65535 + 2**24
    # No MAX_HEADER_LIST_SIZE advertised: the decoder keeps its default limit.
    conn.receive_data(Peer.settings_frame(ack=True))
    assert conn.decoder.max_header_list_size == 65536


def test_replaced_local_settings_raise_receive_limits_at_once() -> None:
    # What we advertise first is in force; larger limits apply immediately,
    # smaller ones only once acknowledged (RFC 9113 §6.5.3, RFC 7541 §4.2).
    conn = H2Connection(H2Configuration(client_side=False))
    conn.local_settings = Settings(client=False, initial_values={
        SettingCodes.MAX_FRAME_SIZE: 65536, SettingCodes.MAX_HEADER_LIST_SIZE: 2**20,
        SettingCodes.HEADER_TABLE_SIZE: 8192})
    conn.initiate_connection()
    assert conn.max_inbound_frame_size == 65536
    assert conn.decoder.max_header_list_size == 2**20
    assert conn.decoder.max_allowed_table_size == 8192
    small = H2Connection(H2Configuration(client_side=False))
    small.local_settings = Settings(client=False, initial_values={
        SettingCodes.HEADER_TABLE_SIZE: 0, SettingCodes.MAX_HEADER_LIST_SIZE: 100})
    small.initiate_connection()
    assert small.decoder.max_allowed_table_size == 4096
    assert small.decoder.max_header_list_size == 65536
    peer = Peer()
    events = small.receive_data(PREFACE + peer.headers_frame(1, REQUEST, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    (ack,) = small.receive_data(peer.settings_frame(ack=True))
    assert ack.changed_settings == {}
    assert small.decoder.max_allowed_table_size == 0
    assert small.decoder.max_header_list_size == 100


def test_first_ack_reports_nothing_changed() -> None:
    conn = H2Connection()
    conn.initiate_connection()
    events = conn.receive_data(Peer.settings_frame(ack=True))
    assert [type(e) for e in events] == [SettingsAcknowledged]
    assert events[0].changed_settings == {}


def test_lone_preface_to_server() -> None:
    conn = H2Connection(H2Configuration(client_side=False))
    for byte in PREFACE:
        assert conn.receive_data(bytes([byte])) == []
    assert conn.data_to_send() == b""


def test_attribute_setters() -> None:
    conn = H2Connection()
    conn.highest_inbound_stream_id = 6
    conn.highest_outbound_stream_id = 9
    assert conn.get_next_available_stream_id() == 11
    conn.streams = {}
    assert conn.streams == {}
    assert conn.highest_inbound_stream_id == 6


# --------------------------------------------------------------------------
# stream ids (§5.1.1, §6.10)
# --------------------------------------------------------------------------


def test_next_stream_ids() -> None:
    conn, _ = client()
    assert conn.get_next_available_stream_id() == 1
    conn.send_headers(1, REQUEST)
    assert conn.get_next_available_stream_id() == 3
    srv, _ = server()
    assert srv.get_next_available_stream_id() == 2
    conn.highest_outbound_stream_id = 2**31 - 1
    with pytest.raises(NoAvailableStreamIDError):
        conn.get_next_available_stream_id()


def test_stream_ids_must_increase_and_have_parity() -> None:
    conn, _ = client()
    conn.send_headers(5, REQUEST)
    conn.data_to_send()
    with pytest.raises(StreamIDTooLowError) as info:
        conn.send_headers(3, REQUEST)
    assert (info.value.stream_id, info.value.max_stream_id) == (3, 5)
    with pytest.raises(ProtocolError, match="Invalid stream ID for peer"):
        conn.send_headers(8, REQUEST)
    assert conn.data_to_send() == b""
    assert conn.state_machine.state is ConnectionState.CLIENT_OPEN


def test_begin_new_stream_and_lookup_helpers() -> None:
    from h2.connection import AllowedStreamIDs

    conn = H2Connection()
    stream = conn._begin_new_stream(1, AllowedStreamIDs.ODD)
    assert conn._get_stream_by_id(1) is stream
    assert conn.highest_outbound_stream_id == 1
    inbound = conn._begin_new_stream(2, AllowedStreamIDs.EVEN)
    assert conn.highest_inbound_stream_id == 2 and inbound.stream_id == 2
    with pytest.raises(NoSuchStreamError) as info:
        conn._get_stream_by_id(None)
    assert info.value.stream_id == -1
    with pytest.raises(NoSuchStreamError):
        conn._get_stream_by_id(9)
    conn.streams.pop(1)
    with pytest.raises(StreamClosedError):
        conn._get_stream_by_id(1)


def test_outbound_concurrency_limit() -> None:
    # RFC 9113 §5.1.2: we respect the peer's SETTINGS_MAX_CONCURRENT_STREAMS.
    conn, peer = client()
    conn.receive_data(peer.settings_frame({SettingCodes.MAX_CONCURRENT_STREAMS: 1}))
    conn.data_to_send()
    conn.send_headers(1, REQUEST)
    with pytest.raises(TooManyStreamsError):
        conn.send_headers(3, REQUEST)
    conn.end_stream(1)
    conn.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    conn.send_headers(3, REQUEST)
    assert conn.open_outbound_streams == 1


def test_open_stream_counts_purge_closed_streams() -> None:
    conn, _ = server_with_request(1, end_stream=True)
    conn.send_headers(1, RESPONSE, end_stream=True)
    assert 1 in conn.streams
    assert conn.open_inbound_streams == 0
    assert 1 not in conn.streams
    with pytest.raises(StreamClosedError):
        conn.send_data(1, b"x")


def test_closed_stream_memory_is_bounded() -> None:
    class Small(H2Connection):
        MAX_CLOSED_STREAMS = 2

    conn = Small(H2Configuration(client_side=False))
    conn.initiate_connection()
    conn.receive_data(PREFACE + Peer.settings_frame({}))
    peer = Peer()
    for sid in (1, 3, 5, 7):
        conn.receive_data(peer.headers_frame(sid, REQUEST, end_stream=True))
        conn.send_headers(sid, RESPONSE, end_stream=True)
    assert conn.open_inbound_streams == 0
    assert list(conn._store.closed_streams) == [5, 7]


# --------------------------------------------------------------------------
# send_headers
# --------------------------------------------------------------------------


def test_request_response_round_trip_with_str_headers() -> None:
    conn, peer = client()
    conn.send_headers(1, [(":method", "GET"), (":scheme", "https"), (":path", "/"),
                          (":authority", "example.com")], end_stream=True)
    (frame,) = sent_frames(conn)
    assert isinstance(frame, HeadersFrame)
    assert frame.flags == {"END_STREAM", "END_HEADERS"}
    assert conn.streams[1].state_machine.state is StreamState.HALF_CLOSED_LOCAL
    events = conn.receive_data(peer.headers_frame(1, [*RESPONSE, (b"content-length", b"2")]))
    assert [type(e) for e in events] == [ResponseReceived]
    events = conn.receive_data(peer.data_frame(1, b"ok", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]
    assert events[0].stream_ended is events[1]


def test_large_header_block_is_split_into_continuations() -> None:
    # RFC 9113 §4.3 / §6.10: each frame respects the peer's max frame size.
    conn, _ = client()
    big = [(b"x-big-%d" % i, b"v" * 1000) for i in range(40)]
    conn.send_headers(1, REQUEST + big, end_stream=True, priority_weight=200)
    frames = sent_frames(conn)
    assert isinstance(frames[0], HeadersFrame)
    assert all(isinstance(f, ContinuationFrame) for f in frames[1:])
    assert len(frames) >= 3
    assert frames[0].flags == {"END_STREAM", "PRIORITY"}
    assert frames[-1].flags == {"END_HEADERS"}
    assert all(f.body_len <= 16384 for f in frames)
    assert frames[0].body_len == 16384  # priority fields counted in the first frame
    assert frames[0].stream_weight == 199


def test_priority_arguments() -> None:
    conn, _ = client()
    conn.send_headers(1, REQUEST, priority_depends_on=0, priority_exclusive=True)
    (frame,) = sent_frames(conn)
    assert (frame.stream_weight, frame.depends_on, frame.exclusive) == (15, 0, True)
    for kwargs in ({"priority_weight": 0}, {"priority_weight": 257},
                   {"priority_depends_on": 3}, {"priority_depends_on": -1}):
        with pytest.raises(ProtocolError):
            conn.send_headers(3, REQUEST, **kwargs)  # type: ignore[arg-type]
    assert conn.data_to_send() == b"" and 3 not in conn.streams


def test_server_priority_arguments_are_rfc1122_errors() -> None:
    conn, _ = server_with_request(1)
    with pytest.raises(RFC1122Error):
        conn.send_headers(1, RESPONSE, priority_weight=10)
    conn.send_headers(1, RESPONSE)


def test_trailers_and_informational_responses() -> None:
    conn, _ = server_with_request(1)
    conn.send_headers(1, [(b":status", b"103"), (b"link", b"</a>")])
    with pytest.raises(ProtocolError, match="END_STREAM on informational"):
        conn.send_headers(1, [(b":status", b"100")], end_stream=True)
    conn.send_headers(1, RESPONSE)
    with pytest.raises(ProtocolError, match="Trailers must have END_STREAM set"):
        conn.send_headers(1, [(b"x-t", b"1")])
    with pytest.raises(ProtocolError):
        conn.send_headers(1, [(b":status", b"100")])
    assert conn.streams[1].state_machine.state is StreamState.OPEN
    conn.send_headers(1, [(b"x-t", b"1")], end_stream=True)
    assert [type(f) for f in sent_frames(conn)] == [HeadersFrame] * 3
    assert conn.streams[1].state_machine.state is StreamState.HALF_CLOSED_LOCAL


def test_generator_headers_are_accepted() -> None:
    conn, _ = client()
    conn.send_headers(1, (h for h in REQUEST))
    assert len(sent_frames(conn)) == 1


# --------------------------------------------------------------------------
# send_data / end_stream
# --------------------------------------------------------------------------


def test_send_data_padding_and_windows() -> None:
    conn, _ = server_with_request(1)
    conn.send_headers(1, RESPONSE)
    conn.send_data(1, memoryview(b"abc"), pad_length=4)
    conn.send_data(1, b"", pad_length=0, end_stream=True)
    frames = sent_frames(conn)[1:]
    assert [type(f) for f in frames] == [DataFrame, DataFrame]
    assert (frames[0].data, frames[0].pad_length, frames[0].flags) == (b"abc", 4, {"PADDED"})
    assert frames[1].flags == {"PADDED", "END_STREAM"}
    assert conn.outbound_flow_control_window == 65535 - 8 - 1
    assert conn.local_flow_control_window(1) == 65535 - 9


def test_send_data_argument_checks() -> None:
    conn, _ = server_with_request(1)
    conn.send_headers(1, RESPONSE)
    conn.data_to_send()
    with pytest.raises(TypeError):
        conn.send_data(1, b"x", pad_length="1")
    with pytest.raises(ValueError):
        conn.send_data(1, b"x", pad_length=256)
    with pytest.raises(FrameTooLargeError):
        conn.send_data(1, b"x" * 16385)
    conn.outbound_flow_control_window = 3
    with pytest.raises(FlowControlError):
        conn.send_data(1, b"abcd")
    conn.send_data(1, b"")  # an empty frame always fits
    assert len(sent_frames(conn)) == 1


def test_end_stream_sends_empty_data() -> None:
    conn, _ = client_with_request(1, end_stream=False)
    conn.end_stream(1)
    (frame,) = sent_frames(conn)
    assert isinstance(frame, DataFrame) and frame.data == b"" and frame.flags == {"END_STREAM"}
    with pytest.raises(ProtocolError):
        conn.end_stream(1)
    with pytest.raises(NoSuchStreamError):
        conn.end_stream(9)


def test_unknown_ids_raise_lookup_errors_that_are_also_key_errors() -> None:
    # Appendix B 14 fixed: no bare KeyError, but `except KeyError` keeps working.
    conn, _ = client_with_request(1)
    for call in (lambda: conn.send_data(9, b""), lambda: conn.end_stream(9),
                 lambda: conn.increment_flow_control_window(5, stream_id=9)):
        with pytest.raises(NoSuchStreamError) as info:
            call()
        assert isinstance(info.value, KeyError)
        assert info.value.stream_id == 9 and str(info.value) == "9"
    conn.streams.pop(1)
    with pytest.raises(StreamClosedError) as closed:
        conn.send_data(1, b"")
    assert isinstance(closed.value, KeyError) and str(closed.value) == "1"
    assert closed.value.error_code == ErrorCodes.STREAM_CLOSED


# --------------------------------------------------------------------------
# windows
# --------------------------------------------------------------------------


def test_increment_flow_control_window() -> None:
    conn, _ = client_with_request(1)
    conn.increment_flow_control_window(10, stream_id=1)
    conn.increment_flow_control_window(20)
    frames = sent_frames(conn)
    assert [(f.stream_id, f.window_increment) for f in frames] == [(1, 10), (0, 20)]
    assert conn.remote_flow_control_window(1) == 65535 + 10
    assert conn.inbound_flow_control_window == 65535 + 20
    for bad in (0, 2**31, -1, "1"):
        with pytest.raises(ValueError):
            conn.increment_flow_control_window(bad)  # type: ignore[arg-type]
    with pytest.raises(FlowControlError):
        conn.increment_flow_control_window(2**31 - 1, stream_id=1)
    with pytest.raises(FlowControlError):
        conn.increment_flow_control_window(2**31 - 1)
    assert conn.data_to_send() == b""


def test_acknowledge_received_data() -> None:
    conn, peer = server_with_request(1)
    for _ in range(2):
        conn.receive_data(peer.data_frame(1, b"x" * 16384))
    conn.acknowledge_received_data(32768, 1)
    assert summary(conn) == [("WindowUpdateFrame", 0, 32768),
                             ("WindowUpdateFrame", 1, 32768)]
    with pytest.raises(ValueError):
        conn.acknowledge_received_data(5, 0)
    with pytest.raises(ValueError):
        conn.acknowledge_received_data(-1, 1)


def test_acknowledge_after_a_connection_error_queues_nothing() -> None:
    conn, peer = server_with_request(1)
    for _ in range(3):
        conn.receive_data(peer.data_frame(1, b"x" * 15000))
    conn.close_connection(ErrorCodes.PROTOCOL_ERROR)
    conn.data_to_send()
    conn.acknowledge_received_data(45000, 1)
    assert conn.data_to_send() == b""


def test_acknowledge_while_draining_still_returns_credit() -> None:
    conn, peer = server_with_request(1)
    for _ in range(3):
        conn.receive_data(peer.data_frame(1, b"x" * 15000))
    conn.receive_data(peer.goaway_frame(1))
    conn.acknowledge_received_data(45000, 1)
    assert [(f.stream_id, f.window_increment) for f in sent_frames(conn)] == [
        (0, 45000), (1, 45000)]


def test_acknowledge_unknown_stream_counts_nothing() -> None:
    # Appendix B 15 fixed: the lookup runs before the connection bytes are counted.
    conn, peer = server_with_request(1)
    for _ in range(4):
        conn.receive_data(peer.data_frame(1, b"x" * 10000))
    with pytest.raises(NoSuchStreamError):
        conn.acknowledge_received_data(40000, 7)
    conn.acknowledge_received_data(40000, 1)
    assert [(f.stream_id, f.window_increment) for f in sent_frames(conn)] == [
        (0, 40000), (1, 40000)]


def test_acknowledge_for_closed_stream_returns_connection_credit_only() -> None:
    conn, peer = server_with_request(1)
    for _ in range(3):
        conn.receive_data(peer.data_frame(1, b"x" * 10000))
    conn.receive_data(peer.data_frame(1, b"x" * 10000, end_stream=True))
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    conn.acknowledge_received_data(40000, 1)
    assert [(f.stream_id, f.window_increment) for f in sent_frames(conn)] == [(0, 40000)]
    assert conn.open_inbound_streams == 0  # purges stream 1
    conn.acknowledge_received_data(10, 1)


def test_remote_settings_initial_window_moves_stream_windows() -> None:
    # RFC 9113 §6.9.2: the difference applies to open streams, possibly negative.
    conn, peer = client_with_request(1, end_stream=False)
    conn.send_data(1, b"x" * 1000)
    conn.receive_data(peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 500}))
    assert conn.local_flow_control_window(1) == 500 - 1000
    events = conn.receive_data(peer.window_update_frame(1, 600))
    assert [type(e) for e in events] == [WindowUpdated]
    assert conn.local_flow_control_window(1) == 100


# --------------------------------------------------------------------------
# other frames we send
# --------------------------------------------------------------------------


def test_ping_and_reset_and_goaway() -> None:
    conn, _ = client_with_request(1, end_stream=False)
    conn.ping(b"abcdefgh")
    for bad in (b"short", "abcdefgh"):
        with pytest.raises(ValueError):
            conn.ping(bad)  # type: ignore[arg-type]
    conn.reset_stream(1, ErrorCodes.CANCEL)
    with pytest.raises(StreamClosedError):
        conn.reset_stream(1)
    with pytest.raises(ValueError):
        conn.reset_stream(1, -1)
    conn.close_connection(ErrorCodes.NO_ERROR, b"bye")
    ping, rst, goaway = sent_frames(conn)
    assert isinstance(ping, PingFrame) and ping.opaque_data == b"abcdefgh"
    assert isinstance(rst, RstStreamFrame) and rst.error_code == ErrorCodes.CANCEL
    assert isinstance(goaway, GoAwayFrame) and goaway.additional_data == b"bye"


def test_close_connection_argument_checks() -> None:
    conn, _ = client()
    with pytest.raises(TypeError):
        conn.close_connection(additional_data="text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        conn.close_connection(last_stream_id=-1)
    with pytest.raises(ValueError):
        conn.close_connection(error_code=-3)
    assert conn.data_to_send() == b""
    assert conn.state_machine.state is ConnectionState.IDLE


def test_close_with_error_closes_the_connection() -> None:
    conn, _ = client()
    conn.close_connection(ErrorCodes.PROTOCOL_ERROR)
    assert conn.state_machine.state is ConnectionState.CLOSED
    conn.close_connection(ErrorCodes.PROTOCOL_ERROR)
    assert [type(f) for f in sent_frames(conn)] == [GoAwayFrame, GoAwayFrame]
    with pytest.raises(ProtocolError):
        conn.send_headers(1, REQUEST)


def test_update_settings_and_ack() -> None:
    conn, peer = client()
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 1000,
                          SettingCodes.MAX_HEADER_LIST_SIZE: 1234})
    (frame,) = sent_frames(conn)
    assert frame.settings == {4: 1000, 6: 1234}
    assert conn.local_settings.initial_window_size == 65535
    events = conn.receive_data(peer.settings_frame(ack=True))
    assert set(events[0].changed_settings) == {SettingCodes.INITIAL_WINDOW_SIZE,
                                               SettingCodes.MAX_HEADER_LIST_SIZE}
    assert conn.decoder.max_header_list_size == 1234


def test_update_settings_rejects_all_or_nothing() -> None:
    # Appendix B 16 fixed: an invalid entry queues none of the others.
    conn, _ = client()
    with pytest.raises(InvalidSettingsValueError):
        conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 10,
                              SettingCodes.MAX_FRAME_SIZE: 1})
    assert not conn.local_settings.has_pending(SettingCodes.INITIAL_WINDOW_SIZE)
    assert conn.data_to_send() == b""


def test_advertise_alternative_service() -> None:
    conn, _ = server_with_request(1)
    conn.advertise_alternative_service(b'h2=":8443"', origin=b"example.com")
    conn.advertise_alternative_service(b'h2=":8444"', stream_id=1)
    frames = sent_frames(conn)
    assert all(isinstance(f, AltSvcFrame) for f in frames)
    assert [(f.stream_id, f.origin, f.field) for f in frames] == [
        (0, b"example.com", b'h2=":8443"'), (1, b"", b'h2=":8444"')]
    with pytest.raises(ValueError):
        conn.advertise_alternative_service("text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        conn.advertise_alternative_service(b"x", origin=b"o", stream_id=1)
    with pytest.raises(ValueError):
        conn.advertise_alternative_service(b"x", origin="o")  # type: ignore[arg-type]
    with pytest.raises(NoSuchStreamError):
        conn.advertise_alternative_service(b"x")
    conn.send_headers(1, RESPONSE)
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        conn.advertise_alternative_service(b"x", stream_id=1)
    assert conn.streams[1].state_machine.state is StreamState.OPEN
    assert conn.data_to_send() == b""


def test_client_altsvc_is_refused_without_killing_the_connection() -> None:
    # Appendix B 11 fixed.
    conn, _ = client_with_request(1)
    with pytest.raises(ProtocolError):
        conn.advertise_alternative_service(b"x", origin=b"o")
    assert conn.state_machine.state is ConnectionState.CLIENT_OPEN
    conn.ping(b"stillok!")


def test_prioritize() -> None:
    conn, _ = client()
    conn.prioritize(1, weight=32, depends_on=0, exclusive=True)
    conn.prioritize(3)
    frames = sent_frames(conn)
    assert all(isinstance(f, PriorityFrame) for f in frames)
    assert [(f.stream_id, f.stream_weight, f.depends_on, f.exclusive) for f in frames] == [
        (1, 31, 0, True), (3, 15, 0, False)]
    with pytest.raises(ProtocolError):
        conn.prioritize(0)
    with pytest.raises(ProtocolError):
        conn.prioritize(5, depends_on=5)
    srv, _ = server()
    with pytest.raises(RFC1122Error):
        srv.prioritize(1)


def test_data_to_send_amounts_and_clear() -> None:
    conn = H2Connection()
    conn.initiate_connection()
    assert conn.data_to_send(10) == PREFACE[:10]
    assert conn.data_to_send(14) == PREFACE[10:]
    conn.clear_outbound_data_buffer()
    assert conn.data_to_send() == b""
    assert conn.data_to_send(5) == b""


def test_receive_accepts_buffer_types() -> None:
    conn, peer = server()
    frame = peer.headers_frame(1, REQUEST, end_stream=True)
    events = conn.receive_data(memoryview(bytearray(frame)))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


# --------------------------------------------------------------------------
# server push (§8.4)
# --------------------------------------------------------------------------


def test_push_stream_round_trip() -> None:
    srv, _ = server_with_request(1)
    srv.push_stream(1, 2, REQUEST)
    (frame,) = sent_frames(srv)
    assert isinstance(frame, PushPromiseFrame) and frame.promised_stream_id == 2
    assert srv.streams[2].state_machine.state is StreamState.RESERVED_LOCAL
    srv.send_headers(2, RESPONSE)
    srv.send_data(2, b"pushed", end_stream=True)
    assert srv.streams[2].state_machine.state is StreamState.CLOSED


def test_push_stream_refusals_leave_no_trace() -> None:
    srv, _ = server_with_request(1)
    with pytest.raises(NoSuchStreamError):
        srv.push_stream(2, 4, REQUEST)
    srv.push_stream(1, 2, REQUEST)
    with pytest.raises(ProtocolError, match="Cannot recursively push"):
        srv.push_stream(2, 4, REQUEST)
    with pytest.raises(StreamIDTooLowError):
        srv.push_stream(1, 2, REQUEST)
    srv.send_headers(1, RESPONSE, end_stream=True)
    srv.data_to_send()
    # Appendix B 22 fixed: a failed parent check registers no promised stream.
    with pytest.raises(ProtocolError):
        srv.push_stream(1, 4, REQUEST)
    assert 4 not in srv.streams
    assert srv.data_to_send() == b""
    srv, _ = server_with_request(3)
    for bad in ([(b":method", b"POST"), *REQUEST[1:]], [*REQUEST, (b"content-length", b"4")]):
        # RFC 9113 §8.4.1: only safe, cacheable requests without content.
        with pytest.raises(ProtocolError):
            srv.push_stream(3, 4, bad)
    assert srv.data_to_send() == b"" and 4 not in srv.streams
    cli, _ = client_with_request(1)
    with pytest.raises(ProtocolError, match="Remote peer has disabled stream push"):
        cli.push_stream(1, 2, REQUEST)


def test_push_after_goaway_and_generator_headers() -> None:
    srv, peer = server_with_request(1)
    srv.push_stream(1, 2, (h for h in REQUEST))
    srv.receive_data(peer.goaway_frame(1))
    srv.data_to_send()
    with pytest.raises(ProtocolError):
        srv.push_stream(1, 4, REQUEST)
    assert srv.data_to_send() == b"" and 4 not in srv.streams


def test_push_disabled_by_client() -> None:
    srv, peer = server_with_request(1)
    srv.receive_data(peer.settings_frame({SettingCodes.ENABLE_PUSH: 0}))
    with pytest.raises(ProtocolError, match="disabled stream push"):
        srv.push_stream(1, 2, REQUEST)


# --------------------------------------------------------------------------
# h2c upgrade (§6.12)
# --------------------------------------------------------------------------


def test_upgrade_client_and_server() -> None:
    cli = H2Connection()
    header = cli.initiate_upgrade_connection(b"ignored")
    assert isinstance(header, bytes) and b"=" not in header
    assert cli.state_machine.state is ConnectionState.CLIENT_OPEN
    assert cli.streams[1].state_machine.state is StreamState.HALF_CLOSED_LOCAL
    assert cli.get_next_available_stream_id() == 3
    srv = H2Connection(H2Configuration(client_side=False))
    assert srv.initiate_upgrade_connection(header) is None
    assert srv.remote_settings == cli.local_settings
    assert srv.streams[1].state_machine.state is StreamState.HALF_CLOSED_REMOTE
    assert srv.highest_inbound_stream_id == 1
    (settings,) = parse_frames(srv.data_to_send())
    assert isinstance(settings, SettingsFrame) and "ACK" not in settings.flags
    srv.receive_data(cli.data_to_send())
    srv.send_headers(1, RESPONSE)
    srv.send_data(1, b"up", end_stream=True)
    events = cli.receive_data(srv.data_to_send())
    assert [type(e) for e in events] == [SettingsAcknowledged, ResponseReceived,
                                         DataReceived, StreamEnded]


def test_upgrade_server_without_header_and_with_str_header() -> None:
    srv = H2Connection(H2Configuration(client_side=False))
    assert srv.initiate_upgrade_connection() is None
    srv2 = H2Connection(H2Configuration(client_side=False))
    text = base64.urlsafe_b64encode(b"\x00\x04\x00\x00\x01\x00").decode().rstrip("=")
    srv2.initiate_upgrade_connection(text)
    assert srv2.remote_settings.initial_window_size == 256


@pytest.mark.parametrize("header", [b"A", b"AAAA", "\u00e9"])
def test_upgrade_bad_settings_header_is_protocol_error(header: bytes | str) -> None:
    # Appendix B 30 fixed: no hyperframe / binascii exceptions escape.
    srv = H2Connection(H2Configuration(client_side=False))
    with pytest.raises(ProtocolError):
        srv.initiate_upgrade_connection(header)
    assert srv.data_to_send() == b""


def test_upgrade_bad_settings_value() -> None:
    srv = H2Connection(H2Configuration(client_side=False))
    payload = base64.urlsafe_b64encode(b"\x00\x05\x00\x00\x00\x01")
    with pytest.raises(InvalidSettingsValueError):
        srv.initiate_upgrade_connection(payload)
    assert srv.data_to_send() == b""
