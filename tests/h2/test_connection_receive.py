"""Frame dispatch: events, their order and links, stream and connection errors.

RFC 9113 §5.1 (closed streams), §5.4 (error handling), §6 (frames), §8.1.
"""

from __future__ import annotations

import pytest

from h2.config import H2Configuration
from h2.connection import ConnectionState, H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    AlternativeServiceAvailable,
    ConnectionTerminated,
    DataReceived,
    InformationalResponseReceived,
    PingAckReceived,
    PingReceived,
    PriorityUpdated,
    PushedStreamReceived,
    RemoteSettingsChanged,
    RequestReceived,
    ResponseReceived,
    StreamEnded,
    StreamReset,
    TrailersReceived,
    UnknownFrameReceived,
    WindowUpdated,
)
from h2.exceptions import (
    DenialOfServiceError,
    FlowControlError,
    InvalidSettingsValueError,
    NoSuchStreamError,
    ProtocolError,
    StreamClosedError,
    StreamIDTooLowError,
)
from h2.settings import SettingCodes
from h2.stream import StreamState
from hyperframe.frame import AltSvcFrame, ContinuationFrame

from .helpers import (
    REQUEST,
    RESPONSE,
    TRAILERS,
    Peer,
    client,
    client_with_request,
    expect_connection_error,
    expect_stream_error,
    goaway,
    raw_frame,
    request,
    rst,
    sent_frames,
    server,
    server_with_request,
    summary,
    window_update,
)

# --------------------------------------------------------------------------
# events, order and linkage (contract §6.3)
# --------------------------------------------------------------------------


def test_headers_events_order_and_links() -> None:
    conn, peer = server()
    events = conn.receive_data(
        peer.headers_frame(1, REQUEST, end_stream=True, priority=(0, 31, True)))
    request_event, ended, priority = events
    assert isinstance(request_event, RequestReceived)
    assert isinstance(ended, StreamEnded) and isinstance(priority, PriorityUpdated)
    assert request_event.stream_ended is ended
    assert request_event.priority_updated is priority
    assert (priority.stream_id, priority.weight, priority.depends_on, priority.exclusive) == (
        1, 32, 0, True)
    assert request_event.headers == REQUEST


def test_data_events_and_flow_controlled_length() -> None:
    conn, peer = server_with_request(1)
    events = conn.receive_data(peer.data_frame(1, b"body", pad_length=3, end_stream=True))
    data, ended = events
    assert isinstance(data, DataReceived) and data.data == b"body"
    assert data.flow_controlled_length == 8 and data.stream_ended is ended
    assert conn.inbound_flow_control_window == 65535 - 8
    assert conn.remote_flow_control_window(1) == 65535 - 8


def test_events_follow_frame_order_and_replies_follow_user_data() -> None:
    conn, peer = client_with_request(1)
    conn.ping(b"user....")
    events = conn.receive_data(peer.ping_frame(b"peer....") + peer.headers_frame(1, RESPONSE)
                               + peer.settings_frame({}) + peer.ping_frame(b"ack.....", ack=True))
    assert [type(e) for e in events] == [PingReceived, ResponseReceived, RemoteSettingsChanged,
                                         PingAckReceived]
    assert [d[0] for d in summary(conn)] == ["PingFrame", "PingFrame", "SettingsFrame"]


def test_informational_then_final_then_trailers() -> None:
    conn, peer = client_with_request(1)
    events = conn.receive_data(peer.headers_frame(1, [(b":status", b"100")])
                               + peer.headers_frame(1, RESPONSE)
                               + peer.headers_frame(1, TRAILERS, end_stream=True))
    assert [type(e) for e in events] == [InformationalResponseReceived, ResponseReceived,
                                         TrailersReceived, StreamEnded]
    assert events[2].stream_ended is events[3]


def test_connection_window_update_is_one_event() -> None:
    conn, peer = client_with_request(1)
    events = conn.receive_data(peer.window_update_frame(0, 100))
    assert [(type(e), e.stream_id, e.delta) for e in events] == [(WindowUpdated, 0, 100)]
    assert conn.outbound_flow_control_window == 65635


def test_header_encoding_decodes_event_headers() -> None:
    conn, peer = server(header_encoding="utf-8")
    (event,) = conn.receive_data(peer.headers_frame(1, REQUEST))
    assert event.headers[0] == (":method", "GET")


def test_unknown_frames_are_reported() -> None:
    conn, _ = server()
    (event,) = conn.receive_data(raw_frame(0xEE, 0x3, 1, b"ext"))
    assert isinstance(event, UnknownFrameReceived)
    assert event.frame.type == 0xEE and event.frame.body == b"ext"
    assert conn.data_to_send() == b""


def test_rst_stream_received() -> None:
    conn, peer = client_with_request(1)
    (event,) = conn.receive_data(peer.rst_frame(1, 0x1234))
    assert isinstance(event, StreamReset)
    assert (event.error_code, event.remote_reset) == (0x1234, True)
    assert conn.receive_data(peer.rst_frame(1)) == []
    assert conn.data_to_send() == b""


def test_goaway_received_reports_and_keeps_working() -> None:
    # Appendix B 25 fixed: queued output survives, streams <= last id continue.
    conn, peer = client_with_request(1, end_stream=False)
    conn.send_data(1, b"queued")
    (event,) = conn.receive_data(peer.goaway_frame(1, ErrorCodes.NO_ERROR, b"debug"))
    assert isinstance(event, ConnectionTerminated)
    assert (event.error_code, event.last_stream_id, event.additional_data) == (0, 1, b"debug")
    assert conn.state_machine.state is ConnectionState.CLOSED
    conn.send_data(1, b"more", end_stream=True)
    assert [f.data for f in sent_frames(conn)] == [b"queued", b"more"]
    events = conn.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]
    with pytest.raises(ProtocolError):
        conn.send_headers(3, REQUEST)
    (again,) = conn.receive_data(peer.goaway_frame(3, 0x99))
    assert again.error_code == 0x99 and again.additional_data is None
    assert conn._goaway.received_last_stream_id == 1


def test_goaway_sent_refuses_new_streams_and_keeps_old_ones() -> None:
    # RFC 9113 §6.8: graceful shutdown.
    conn, peer = server_with_request(1)
    conn.close_connection()
    assert summary(conn) == [goaway(1, 0)]
    # CLOSED as in the incumbent (callers check it), but draining.
    assert conn.state_machine.state is ConnectionState.CLOSED
    assert conn.state_machine.draining
    events = conn.receive_data(peer.headers_frame(3, request([(b"x-late", b"1")])))
    assert events == [] and summary(conn) == [rst(3, ErrorCodes.REFUSED_STREAM)]
    events = conn.receive_data(peer.data_frame(1, b"fine", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.close_connection(last_stream_id=5)  # never increases (§6.8)
    assert summary(conn)[-1] == goaway(1, 0)


def test_draining_ends_with_an_error_goaway() -> None:
    conn, peer = server_with_request(1)
    conn.receive_data(peer.goaway_frame(1))
    conn.ping(b"draining")
    conn.receive_data(peer.ping_frame())
    conn.close_connection(ErrorCodes.INTERNAL_ERROR)
    assert not conn.state_machine.draining
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        conn.ping(b"too late")
    expect_connection_error(conn, peer.data_frame(1, b"x"), ErrorCodes.PROTOCOL_ERROR)


def test_graceful_goaway_then_connection_error_stops_draining() -> None:
    conn, peer = server_with_request(1)
    conn.close_connection()
    with pytest.raises(ProtocolError):
        conn.receive_data(peer.data_frame(9, b"x"))
    assert not conn.state_machine.draining
    conn.receive_data(peer.goaway_frame(0))
    assert not conn.state_machine.draining
    conn.close_connection()
    assert not conn.state_machine.draining


def test_no_pushes_and_no_new_streams_while_draining() -> None:
    srv, peer = server_with_request(1)
    srv.close_connection()
    srv.data_to_send()
    with pytest.raises(ProtocolError):
        srv.push_stream(1, 2, REQUEST)
    cli, peer = client_with_request(1, end_stream=False)
    cli.close_connection()
    cli.data_to_send()
    with pytest.raises(ProtocolError, match="GOAWAY"):
        cli.send_headers(3, REQUEST)
    # A server ignoring our GOAWAY and pushing gets the promise refused.
    assert cli.receive_data(peer.push_promise_frame(1, 2, REQUEST)) == []
    assert summary(cli) == [rst(2, ErrorCodes.REFUSED_STREAM)]
    events = cli.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]


def test_ping_ack_payload_echoed() -> None:
    conn, peer = server()
    (event,) = conn.receive_data(peer.ping_frame(b"\x00" * 8))
    assert isinstance(event, PingReceived) and event.ping_data == b"\x00" * 8
    assert summary(conn) == [("PingFrame", ("ACK",), b"\x00" * 8)]


# --------------------------------------------------------------------------
# SETTINGS (§6.5, §6.9.2)
# --------------------------------------------------------------------------


def test_remote_settings_are_applied() -> None:
    conn, peer = client_with_request(1, end_stream=False)
    (event,) = conn.receive_data(peer.settings_frame({
        SettingCodes.MAX_FRAME_SIZE: 20000, SettingCodes.HEADER_TABLE_SIZE: 100,
        0x99: 7}))
    assert isinstance(event, RemoteSettingsChanged)
    assert event.changed_settings[SettingCodes.MAX_FRAME_SIZE].original_value == 16384
    assert event.changed_settings[0x99].original_value is None
    assert conn.max_outbound_frame_size == 20000
    assert conn.streams[1].max_outbound_frame_size == 20000
    assert conn.encoder.header_table_size == 100
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]


def test_huge_peer_header_table_size_is_capped() -> None:
    # RFC 7541 §4.2: our encoder may use less than the peer allows (memory).
    conn, peer = client()
    conn.receive_data(peer.settings_frame({SettingCodes.HEADER_TABLE_SIZE: 2**32 - 1}))
    assert conn.encoder.header_table_size == 65536
    conn.send_headers(1, REQUEST, end_stream=True)
    conn.data_to_send()
    assert conn.encoder.header_table_size == 65536
    small, peer = client(max_encoder_table_size=100)
    small.receive_data(peer.settings_frame({SettingCodes.HEADER_TABLE_SIZE: 8192}))
    assert small.encoder.header_table_size == 100


def test_remote_initial_window_overflow_is_flow_control_error() -> None:
    conn, peer = client_with_request(1, end_stream=False)
    conn.receive_data(peer.window_update_frame(1, 2**31 - 1 - 65535))
    expect_connection_error(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 65536}),
                            ErrorCodes.FLOW_CONTROL_ERROR, exc=FlowControlError)


def test_invalid_remote_setting_uses_its_error_code() -> None:
    conn, peer = client()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 2**31}),
                            ErrorCodes.FLOW_CONTROL_ERROR, exc=InvalidSettingsValueError)
    conn, peer = client()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.ENABLE_PUSH: 1}),
                            ErrorCodes.PROTOCOL_ERROR, exc=InvalidSettingsValueError)


def test_each_ack_applies_its_own_frame() -> None:
    # Appendix B 16 fixed (RFC 9113 §6.5.3).
    conn, peer = server_with_request(1)
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 1000})
    conn.update_settings({SettingCodes.HEADER_TABLE_SIZE: 0, SettingCodes.MAX_FRAME_SIZE: 20000})
    (first,) = conn.receive_data(peer.settings_frame(ack=True))
    assert set(first.changed_settings) == {SettingCodes.INITIAL_WINDOW_SIZE}
    assert conn.remote_flow_control_window(1) == 1000
    (second,) = conn.receive_data(peer.settings_frame(ack=True))
    assert set(second.changed_settings) == {SettingCodes.HEADER_TABLE_SIZE,
                                            SettingCodes.MAX_FRAME_SIZE}
    assert conn.decoder.max_allowed_table_size == 0
    assert conn.max_inbound_frame_size == 20000
    (third,) = conn.receive_data(peer.settings_frame(ack=True))
    assert third.changed_settings == {}


# --------------------------------------------------------------------------
# closed, reset and unknown streams (contract §6.7, RFC 9113 §5.1)
# --------------------------------------------------------------------------


def test_data_on_idle_stream_is_connection_error() -> None:
    conn, peer = server_with_request(1)
    expect_connection_error(conn, peer.data_frame(3, b"x"), ErrorCodes.PROTOCOL_ERROR,
                            exc=NoSuchStreamError)


def test_window_update_and_rst_on_idle_stream_are_connection_errors() -> None:
    conn, peer = server_with_request(1)
    expect_connection_error(conn, peer.window_update_frame(3, 1), ErrorCodes.PROTOCOL_ERROR,
                            exc=NoSuchStreamError)
    # RFC 9113 §6.4 (Appendix B 19 partly fixed): RST_STREAM on an idle stream.
    conn, peer = server_with_request(1)
    expect_connection_error(conn, peer.rst_frame(3), ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("kind", ["headers", "data"])
def test_frames_after_remote_end_stream(kind: str) -> None:
    conn, peer = server_with_request(1, end_stream=True)
    frame = peer.headers_frame(1, TRAILERS) if kind == "headers" else peer.data_frame(1, b"x")
    events = expect_stream_error(conn, frame, 1, ErrorCodes.STREAM_CLOSED)
    (event,) = events
    assert isinstance(event, StreamReset)
    assert (event.error_code, event.remote_reset) == (ErrorCodes.STREAM_CLOSED, False)
    assert conn.streams[1].state_machine.state is StreamState.CLOSED
    # Later frames: RST_STREAM again, but no second event.
    assert expect_stream_error(conn, peer.data_frame(1, b"y"), 1, ErrorCodes.STREAM_CLOSED) == []


@pytest.mark.parametrize("purge", [False, True])
def test_stream_closed_by_end_stream(purge: bool) -> None:
    conn, peer = server_with_request(1, end_stream=True)
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    if purge:
        assert conn.open_inbound_streams == 0
    assert expect_stream_error(conn, peer.data_frame(1, b"x"), 1, ErrorCodes.STREAM_CLOSED) == []
    assert conn.receive_data(peer.window_update_frame(1, 5) + peer.rst_frame(1)) == []
    expect_connection_error(conn, peer.headers_frame(1, TRAILERS, end_stream=True),
                            ErrorCodes.STREAM_CLOSED, exc=StreamClosedError)


@pytest.mark.parametrize("purge", [False, True])
@pytest.mark.parametrize("who", ["us", "peer"])
def test_stream_closed_by_reset(purge: bool, who: str) -> None:
    conn, peer = server_with_request(1)
    if who == "us":
        conn.reset_stream(1, ErrorCodes.CANCEL)
    else:
        conn.receive_data(peer.rst_frame(1))
    conn.data_to_send()
    if purge:
        assert conn.open_inbound_streams == 0
    assert expect_stream_error(conn, peer.headers_frame(1, TRAILERS, end_stream=True), 1,
                               ErrorCodes.STREAM_CLOSED) == []
    assert expect_stream_error(conn, peer.data_frame(1, b"x"), 1, ErrorCodes.STREAM_CLOSED) == []


def test_forgotten_and_implicitly_closed_streams() -> None:
    conn, peer = server_with_request(5)
    assert expect_stream_error(conn, peer.data_frame(3, b"x"), 3, ErrorCodes.STREAM_CLOSED) == []
    assert conn.receive_data(peer.window_update_frame(3, 1) + peer.rst_frame(3)) == []
    expect_connection_error(conn, peer.headers_frame(3, REQUEST), ErrorCodes.PROTOCOL_ERROR,
                            exc=StreamIDTooLowError)


def test_data_on_closed_stream_returns_connection_credit_first() -> None:
    conn, peer = server_with_request(1)
    conn.reset_stream(1)
    conn.data_to_send()
    data = b"".join(peer.data_frame(1, b"x" * 16000) for _ in range(3))
    conn.receive_data(data)
    assert summary(conn) == [rst(1, ErrorCodes.STREAM_CLOSED), rst(1, ErrorCodes.STREAM_CLOSED),
                             window_update(0, 48000), rst(1, ErrorCodes.STREAM_CLOSED)]


def test_priority_on_any_stream() -> None:
    conn, peer = server()
    (event,) = conn.receive_data(peer.priority_frame(9, 3, 255, True))
    assert (event.stream_id, event.weight, event.depends_on, event.exclusive) == (9, 256, 3, True)


def test_naked_continuation_is_connection_error() -> None:
    # RFC 9113 §6.10.
    conn, _ = server_with_request(1)
    frame = ContinuationFrame(1, data=b"", flags=["END_HEADERS"]).serialize()
    expect_connection_error(conn, frame, ErrorCodes.PROTOCOL_ERROR)


# --------------------------------------------------------------------------
# stream errors instead of connection errors (Appendix B 17, RFC 9113 §5.4.2)
# --------------------------------------------------------------------------


def test_malformed_new_request_is_reset_silently() -> None:
    conn, peer = server()
    events = expect_stream_error(conn, peer.headers_frame(1, [(b":method", b"GET")]), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert events == []
    assert conn.highest_inbound_stream_id == 1


def test_malformed_trailers_reset_a_known_stream_with_event() -> None:
    conn, peer = server_with_request(1)
    (event,) = expect_stream_error(conn, peer.headers_frame(1, [(b":path", b"/")],
                                                            end_stream=True),
                                   1, ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset) and event.remote_reset is False


def test_content_length_mismatch_is_stream_error() -> None:
    conn, peer = server_with_request(1, headers=request([(b"content-length", b"3")]))
    events = expect_stream_error(conn, peer.data_frame(1, b"toolong"), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert [type(e) for e in events] == [StreamReset]
    conn, peer = server_with_request(1, headers=request([(b"content-length", b"3")]))
    conn.receive_data(peer.data_frame(1, b"ab"))
    expect_stream_error(conn, peer.data_frame(1, b"", end_stream=True), 1,
                        ErrorCodes.PROTOCOL_ERROR)
    conn, peer = server_with_request(1, headers=request([(b"content-length", b"3")]))
    expect_stream_error(conn, peer.headers_frame(1, TRAILERS, end_stream=True), 1,
                        ErrorCodes.PROTOCOL_ERROR)
    conn, peer = server()
    expect_stream_error(conn, peer.headers_frame(
        1, request([(b"content-length", b"3")]), end_stream=True), 1, ErrorCodes.PROTOCOL_ERROR)
    conn, peer = server()
    expect_stream_error(conn, peer.headers_frame(1, request([(b"content-length", b"x")])),
                        1, ErrorCodes.PROTOCOL_ERROR)


def test_stream_window_overrun_is_stream_error() -> None:
    conn, peer = server()
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 10})
    conn.receive_data(peer.settings_frame(ack=True))
    conn.receive_data(peer.headers_frame(1, REQUEST))
    conn.data_to_send()
    events = expect_stream_error(conn, peer.data_frame(1, b"x" * 11), 1,
                                 ErrorCodes.FLOW_CONTROL_ERROR)
    assert [type(e) for e in events] == [StreamReset]


def test_stream_window_update_overflow_is_stream_error() -> None:
    conn, peer = client_with_request(1)
    events = expect_stream_error(conn, peer.window_update_frame(1, 2**31 - 1), 1,
                                 ErrorCodes.FLOW_CONTROL_ERROR)
    (event,) = events
    assert isinstance(event, StreamReset) and event.error_code == ErrorCodes.FLOW_CONTROL_ERROR


def test_connection_window_update_overflow_is_connection_error() -> None:
    conn, peer = client()
    expect_connection_error(conn, peer.window_update_frame(0, 2**31 - 1),
                            ErrorCodes.FLOW_CONTROL_ERROR, exc=FlowControlError)


def test_priority_self_dependency() -> None:
    conn, peer = server_with_request(1)
    (event,) = expect_stream_error(conn, peer.priority_frame(1, 1), 1, ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset)
    conn, peer = server()
    events = expect_stream_error(conn, peer.headers_frame(1, REQUEST, priority=(1, 15, False)),
                                 1, ErrorCodes.PROTOCOL_ERROR)
    assert events == []
    conn, peer = server()
    expect_connection_error(conn, peer.priority_frame(3, 3), ErrorCodes.PROTOCOL_ERROR)


def test_data_before_response_headers_is_stream_error() -> None:
    conn, peer = client_with_request(1)
    (event,) = expect_stream_error(conn, peer.data_frame(1, b"early"), 1,
                                   ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset)


def test_informational_with_end_stream_and_trailers_without_it() -> None:
    conn, peer = client_with_request(1)
    expect_stream_error(conn, peer.headers_frame(1, [(b":status", b"100")], end_stream=True),
                        1, ErrorCodes.PROTOCOL_ERROR)
    conn, peer = client_with_request(1)
    conn.receive_data(peer.headers_frame(1, RESPONSE))
    expect_stream_error(conn, peer.headers_frame(1, TRAILERS), 1, ErrorCodes.PROTOCOL_ERROR)


def test_excess_inbound_streams_are_refused() -> None:
    # RFC 9113 §5.1.2.
    conn, peer = server()
    conn.update_settings({SettingCodes.MAX_CONCURRENT_STREAMS: 1})
    conn.receive_data(peer.settings_frame(ack=True))
    conn.receive_data(peer.headers_frame(1, REQUEST))
    conn.data_to_send()
    assert expect_stream_error(conn, peer.headers_frame(3, REQUEST), 3,
                               ErrorCodes.REFUSED_STREAM) == []
    assert expect_stream_error(conn, peer.data_frame(3, b"x"), 3, ErrorCodes.STREAM_CLOSED) == []


# --------------------------------------------------------------------------
# connection errors (contract §6.8)
# --------------------------------------------------------------------------


def test_hpack_errors_are_compression_errors() -> None:
    # Appendix B 18 fixed (RFC 9113 §4.3).
    conn, _ = server()
    expect_connection_error(conn, Peer.raw_headers(1, b"\xff\xff\xff\xff"),
                            ErrorCodes.COMPRESSION_ERROR)


def test_oversized_header_list_is_enhance_your_calm() -> None:
    conn, peer = server()
    conn.decoder.max_header_list_size = 100
    frames = peer.headers_frame(1, request([(b"x-big", b"v" * 100)]))
    expect_connection_error(conn, frames, ErrorCodes.ENHANCE_YOUR_CALM,
                            exc=DenialOfServiceError)


def test_bad_preface_queues_goaway_and_closes() -> None:
    # Appendix B 12 fixed (RFC 9113 §3.4).
    conn = H2Connection(H2Configuration(client_side=False))
    expect_connection_error(conn, b"GET / HTTP/1.1\r\n\r\n", ErrorCodes.PROTOCOL_ERROR)
    assert conn.state_machine.state is ConnectionState.CLOSED


def test_failing_call_keeps_earlier_events_on_the_exception() -> None:
    # Appendix B 26 fixed.
    conn, peer = server()
    with pytest.raises(ProtocolError) as info:
        conn.receive_data(peer.ping_frame() + peer.headers_frame(1, REQUEST)
                          + peer.data_frame(7, b"x"))
    assert [type(e) for e in info.value.events] == [PingReceived, RequestReceived]  # type: ignore[attr-defined]
    assert summary(conn) == [("PingFrame", ("ACK",), b"12345678"),
                             goaway(1, ErrorCodes.PROTOCOL_ERROR)]


def test_frames_after_a_connection_error_are_errors() -> None:
    conn, peer = server()
    with pytest.raises(ProtocolError):
        conn.receive_data(peer.data_frame(7, b"x"))
    expect_connection_error(conn, peer.ping_frame(), ErrorCodes.PROTOCOL_ERROR)


def test_headers_on_idle_server_stream_at_client_is_connection_error() -> None:
    # RFC 9113 §5.1 "idle" (Appendix B 21 fixed).
    conn, peer = client_with_request(1)
    expect_connection_error(conn, peer.headers_frame(2, REQUEST), ErrorCodes.PROTOCOL_ERROR)
    srv, _ = server()
    with pytest.raises(ProtocolError):
        srv.send_headers(2, REQUEST)
    assert srv.data_to_send() == b""


def test_wrong_parity_stream_is_connection_error() -> None:
    conn, peer = server()
    expect_connection_error(conn, peer.headers_frame(2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


# --------------------------------------------------------------------------
# push received (§8.4, contract §6.11)
# --------------------------------------------------------------------------


def test_push_promise_received() -> None:
    conn, peer = client_with_request(1)
    (event,) = conn.receive_data(peer.push_promise_frame(1, 2, REQUEST))
    assert isinstance(event, PushedStreamReceived)
    assert (event.pushed_stream_id, event.parent_stream_id, event.headers) == (2, 1, REQUEST)
    assert conn.streams[2].state_machine.state is StreamState.RESERVED_REMOTE
    events = conn.receive_data(peer.headers_frame(2, RESPONSE)
                               + peer.data_frame(2, b"css", end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, DataReceived, StreamEnded]


@pytest.mark.parametrize("purge", [False, True])
def test_push_on_a_parent_we_reset_is_refused(purge: bool) -> None:
    conn, peer = client_with_request(1, end_stream=False)
    conn.reset_stream(1)
    conn.data_to_send()
    if purge:
        assert conn.open_outbound_streams == 0
    events = conn.receive_data(peer.push_promise_frame(1, 2, REQUEST))
    assert events == [] and summary(conn) == [rst(2, ErrorCodes.REFUSED_STREAM)]
    # The block was decoded: HPACK stays in step.
    events = conn.receive_data(peer.push_promise_frame(1, 4, REQUEST))
    assert summary(conn) == [rst(4, ErrorCodes.REFUSED_STREAM)]


def test_unanswered_promises_are_bounded() -> None:
    # Memory bound on promises the server has not answered (default 100).
    conn, peer = client_with_request(1, max_reserved_streams=2)
    events = conn.receive_data(b"".join(peer.push_promise_frame(1, sid, REQUEST)
                                        for sid in (2, 4, 6)))
    assert [e.pushed_stream_id for e in events] == [2, 4]
    assert summary(conn) == [rst(6, ErrorCodes.REFUSED_STREAM)]
    conn.receive_data(peer.headers_frame(2, RESPONSE))
    (event,) = conn.receive_data(peer.push_promise_frame(1, 8, REQUEST))
    assert event.pushed_stream_id == 8


def test_push_errors() -> None:
    conn, peer = client_with_request(1)
    conn.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST),
                            ErrorCodes.PROTOCOL_ERROR)
    conn, peer = client_with_request(1)
    conn.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    assert conn.open_outbound_streams == 0
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST),
                            ErrorCodes.PROTOCOL_ERROR)
    conn, peer = client_with_request(1)
    conn.receive_data(peer.push_promise_frame(1, 2, REQUEST))
    expect_connection_error(conn, peer.push_promise_frame(2, 4, REQUEST),
                            ErrorCodes.PROTOCOL_ERROR)
    srv, peer = server_with_request(1)
    expect_connection_error(srv, peer.push_promise_frame(1, 2, REQUEST),
                            ErrorCodes.PROTOCOL_ERROR)


def test_push_promise_on_half_closed_remote_parent_is_connection_error() -> None:
    # RFC 9113 §6.6 (Appendix B 22 fixed).
    conn, peer = client_with_request(1, end_stream=False)
    conn.receive_data(peer.headers_frame(1, RESPONSE, end_stream=True))
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST),
                            ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("headers", [
    [(b":method", b"GET")],
    request([(b"content-length", b"10")]),
    [(b":method", b"POST"), *REQUEST[1:]],
])
def test_invalid_promised_request_resets_promised_stream(headers: list[tuple[bytes, bytes]]
                                                         ) -> None:
    # RFC 9113 §8.4: incomplete, unsafe or content-carrying promised requests.
    conn, peer = client_with_request(1)
    events = conn.receive_data(peer.push_promise_frame(1, 2, headers))
    assert events == [] and summary(conn) == [rst(2, ErrorCodes.PROTOCOL_ERROR)]
    assert 2 not in conn.streams


# --------------------------------------------------------------------------
# ALTSVC received (RFC 7838 §4, contract §6.13)
# --------------------------------------------------------------------------


def _altsvc(stream_id: int, origin: bytes, field: bytes) -> bytes:
    return AltSvcFrame(stream_id, origin=origin, field=field).serialize()


def test_altsvc_on_stream_zero() -> None:
    conn, _ = client()
    (event,) = conn.receive_data(_altsvc(0, b"example.com", b'h2=":443"'))
    assert isinstance(event, AlternativeServiceAvailable)
    assert (event.origin, event.field_value) == (b"example.com", b'h2=":443"')
    assert conn.receive_data(_altsvc(0, b"", b"x")) == []
    srv, _ = server()
    assert srv.receive_data(_altsvc(0, b"example.com", b"x")) == []


def test_altsvc_on_a_stream() -> None:
    conn, peer = client_with_request(1)
    (event,) = conn.receive_data(_altsvc(1, b"", b'h2=":8443"'))
    assert (event.origin, event.field_value) == (b"example.com", b'h2=":8443"')
    assert conn.receive_data(_altsvc(1, b"other.com", b"x")) == []
    assert conn.receive_data(_altsvc(9, b"", b"x")) == []
    conn.receive_data(peer.headers_frame(1, RESPONSE))
    assert conn.receive_data(_altsvc(1, b"", b"x")) == []
    assert conn.data_to_send() == b""


def test_altsvc_on_a_pushed_stream_uses_the_promised_authority() -> None:
    conn, peer = client_with_request(1)
    conn.receive_data(peer.push_promise_frame(1, 2, REQUEST))
    (event,) = conn.receive_data(_altsvc(2, b"", b"alt"))
    assert event.origin == b"example.com"


# --------------------------------------------------------------------------
# extended CONNECT (RFC 8441, Appendix B 27 fixed)
# --------------------------------------------------------------------------

WEBSOCKET = [(b":method", b"CONNECT"), (b":protocol", b"websocket"), (b":scheme", b"https"),
             (b":path", b"/chat"), (b":authority", b"example.com")]


def test_client_needs_the_server_to_enable_extended_connect() -> None:
    conn, peer = client()
    with pytest.raises(ProtocolError):
        conn.send_headers(1, WEBSOCKET)
    assert conn.data_to_send() == b"" and 1 not in conn.streams
    conn.receive_data(peer.settings_frame({SettingCodes.ENABLE_CONNECT_PROTOCOL: 1}))
    conn.data_to_send()
    conn.send_headers(1, WEBSOCKET)
    assert len(sent_frames(conn)) == 1


def test_server_refuses_extended_connect_unless_enabled() -> None:
    conn, peer = server()
    assert expect_stream_error(conn, peer.headers_frame(1, WEBSOCKET), 1,
                               ErrorCodes.PROTOCOL_ERROR) == []
    conn, peer = server()
    conn.update_settings({SettingCodes.ENABLE_CONNECT_PROTOCOL: 1})
    conn.receive_data(peer.settings_frame(ack=True))
    (event,) = conn.receive_data(peer.headers_frame(1, WEBSOCKET))
    assert isinstance(event, RequestReceived)
    conn.send_headers(1, RESPONSE)
    with pytest.raises(ProtocolError):  # RFC 9113 §8.5: a connected stream
        conn.send_headers(1, TRAILERS, end_stream=True)
    conn.send_data(1, b"frame")


# --------------------------------------------------------------------------
# content-length and HEAD (§8.1.1; Appendix B 28 fixed)
# --------------------------------------------------------------------------


def test_head_response_expectation_survives_trailers() -> None:
    head = [(n, b"HEAD" if n == b":method" else v) for n, v in REQUEST]
    conn, peer = client_with_request(1, headers=head, end_stream=False)
    conn.send_headers(1, TRAILERS, end_stream=True)
    conn.data_to_send()
    events = conn.receive_data(peer.headers_frame(
        1, [*RESPONSE, (b"content-length", b"50")], end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]
    assert conn.streams[1].request_method == b"HEAD"


def test_trailers_do_not_reset_the_expectation() -> None:
    conn, peer = client_with_request(1)
    conn.receive_data(peer.headers_frame(1, [*RESPONSE, (b"content-length", b"2")]))
    conn.receive_data(peer.data_frame(1, b"ok"))
    events = conn.receive_data(peer.headers_frame(1, TRAILERS, end_stream=True))
    assert [type(e) for e in events] == [TrailersReceived, StreamEnded]


# --------------------------------------------------------------------------
# stream-scoped malformed frames from the reader (RFC 9113 §6.9, §6.3)
# --------------------------------------------------------------------------


def test_zero_window_increment_on_a_stream() -> None:
    conn, _ = server_with_request(1)
    zero = raw_frame(0x8, 0, 1, b"\x00\x00\x00\x00")
    (event,) = expect_stream_error(conn, zero, 1,
                                   ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset)
    # Closed stream: nothing to reset, nothing queued.
    assert conn.receive_data(zero) == [] and conn.data_to_send() == b""
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x8, 0, 3, b"\x00\x00\x00\x00"),
                            ErrorCodes.PROTOCOL_ERROR)


def test_short_priority_frames() -> None:
    conn, _ = server_with_request(1)
    events = conn.receive_data(raw_frame(0x2, 0, 1, b"\x00\x00") + Peer.ping_frame())
    assert [type(e) for e in events] == [StreamReset, PingReceived]
    assert summary(conn) == [rst(1, ErrorCodes.FRAME_SIZE_ERROR),
                             ("PingFrame", ("ACK",), b"12345678")]
    # An idle id cannot carry RST_STREAM: the frame is dropped.
    assert conn.receive_data(raw_frame(0x2, 0, 9, b"\x00")) == []
    assert conn.data_to_send() == b""


def test_stream_frame_errors_after_a_connection_error() -> None:
    # RFC 9113 §5.4.1: after our GOAWAY for an error nothing but GOAWAY is accepted.
    conn, _ = client_with_request(1, end_stream=False)
    conn.close_connection(ErrorCodes.PROTOCOL_ERROR)
    conn.data_to_send()
    expect_connection_error(conn, raw_frame(0x8, 0, 1, b"\x00\x00\x00\x00"),
                            ErrorCodes.PROTOCOL_ERROR)
    expect_connection_error(conn, raw_frame(0x2, 0, 1, b"\x00"), ErrorCodes.PROTOCOL_ERROR)


def test_informational_after_final_response_is_stream_error() -> None:
    # RFC 9113 §8.1: a HEADERS without END_STREAM after the final response.
    conn, peer = client_with_request(1)
    conn.receive_data(peer.headers_frame(1, RESPONSE))
    (event,) = expect_stream_error(conn, peer.headers_frame(1, [(b":status", b"103")]), 1,
                                   ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset)


def test_header_block_on_a_connected_stream_is_stream_error() -> None:
    # RFC 9113 §8.5: after the 2xx to CONNECT only DATA and stream management.
    connect = [(b":method", b"CONNECT"), (b":authority", b"example.com:443")]
    conn, peer = server()
    conn.receive_data(peer.headers_frame(1, connect))
    conn.send_headers(1, RESPONSE)
    conn.data_to_send()
    (event,) = expect_stream_error(conn, peer.headers_frame(1, TRAILERS, end_stream=True), 1,
                                   ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(event, StreamReset)
    cli, peer = client()
    cli.send_headers(1, connect)
    cli.receive_data(peer.headers_frame(1, RESPONSE))
    cli.data_to_send()
    with pytest.raises(ProtocolError):
        cli.send_headers(1, TRAILERS, end_stream=True)
    cli.send_data(1, b"tunnel", end_stream=True)
