"""RFC 9113 §6.1-§6.8 and §6.10: per-frame-type requirements (§6.9 lives in
test_rfc9113_5_flow_control).

One test per endpoint MUST / MUST NOT, named after its section.  Not
applicable, or covered elsewhere:

* §6.2 / §6.6 "Padding octets MUST be set to zero when sending": h2 never
  pads HEADERS or PUSH_PROMISE; DATA padding is checked in §6.1.
* §6.5 "Implementations MUST support all of the settings": each setting has
  its own test (HEADER_TABLE_SIZE in test_rfc9113_4_framing §4.3.1,
  MAX_CONCURRENT_STREAMS in test_rfc9113_5_streams §5.1.2,
  INITIAL_WINDOW_SIZE in test_rfc9113_5_flow_control §6.9.2).
* §6.5.3 "MAY issue SETTINGS_TIMEOUT": there are no clocks in a sans-I/O library.
* §6.5 "A badly formed or incomplete SETTINGS frame MUST be treated as a
  connection error of type PROTOCOL_ERROR": the only malformation left once
  lengths are checked (FRAME_SIZE_ERROR, the more specific rule) is an
  invalid value, tested per setting in §6.5.2.
* §6.8 "debug data MUST have adequate safeguards": about logs and storage,
  outside the library (which only hands the bytes to the caller).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    PingAckReceived,
    PingReceived,
    PriorityUpdated,
    PushedStreamReceived,
    RemoteSettingsChanged,
    RequestReceived,
    ResponseReceived,
    SettingsAcknowledged,
    StreamEnded,
    StreamReset,
)
from h2.exceptions import FlowControlError, H2Error, ProtocolError, StreamClosedError
from h2.settings import SettingCodes
from tests.h2.helpers import (
    REQUEST,
    RESPONSE,
    Peer,
    assert_alive,
    client,
    client_with_request,
    expect_connection_error,
    expect_stream_error,
    parse_frames,
    raw_frame,
    recv,
    request,
    rst,
    sent_frames,
    server,
    server_with_request,
    summary,
)


def _refused(
    conn: H2Connection, action: Callable[[], object], exc: type[BaseException] = H2Error
) -> None:
    with pytest.raises(exc):
        action()
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §6.1 DATA
# --------------------------------------------------------------------------


def test_6_1_data_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.1: DATA with stream identifier 0 MUST be a connection error
    # of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x0, 0x0, 0, b"data"), ErrorCodes.PROTOCOL_ERROR)


def test_6_1_sent_padding_is_zero() -> None:
    # RFC 9113 §6.1: padding octets MUST be set to zero when sending.
    conn, _ = client_with_request(1, end_stream=False)
    conn.send_data(1, b"abc", pad_length=7)
    raw = conn.data_to_send()
    assert raw[3] == 0x0 and raw[4] & 0x08  # DATA with PADDED
    payload = raw[9:]
    assert payload == b"\x07abc" + b"\x00" * 7


@pytest.mark.parametrize("pad_length", [4, 5, 200])
def test_6_1_padding_not_shorter_than_payload_is_connection_error(pad_length: int) -> None:
    # RFC 9113 §6.1: padding at least as long as the payload MUST be a
    # connection error of type PROTOCOL_ERROR (payload here: 4 octets).
    conn, _ = server_with_request(1)
    frame = raw_frame(0x0, 0x08, 1, bytes([pad_length]) + b"abc")
    expect_connection_error(conn, frame, ErrorCodes.PROTOCOL_ERROR)


def test_6_1_padding_counts_toward_flow_control_but_is_not_delivered() -> None:
    # RFC 9113 §6.1: the entire payload, Pad Length and Padding included, is
    # flow controlled.
    conn, peer = server_with_request(1)
    events = recv(conn, peer.data_frame(1, b"hello", pad_length=10))
    assert [type(e) for e in events] == [DataReceived]
    assert events[0].data == b"hello"
    assert events[0].flow_controlled_length == 5 + 10 + 1
    assert conn.remote_flow_control_window(1) == 65535 - 16
    assert conn.inbound_flow_control_window == 65535 - 16


def test_6_1_data_on_a_reset_stream_is_stream_closed() -> None:
    # RFC 9113 §6.1: DATA on a stream that is not "open" or "half-closed
    # (local)" MUST be a stream error of type STREAM_CLOSED.
    conn, peer = server_with_request(1)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    events = expect_stream_error(conn, peer.data_frame(1, b"late"), 1, ErrorCodes.STREAM_CLOSED)
    assert not [e for e in events if isinstance(e, DataReceived)]


def test_6_1_data_on_a_fully_closed_stream_is_stream_closed() -> None:
    # RFC 9113 §6.1: same rule for a stream closed by END_STREAM both ways.
    conn, peer = server_with_request(1, end_stream=True)
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    events = expect_stream_error(conn, peer.data_frame(1, b"late"), 1, ErrorCodes.STREAM_CLOSED)
    assert not [e for e in events if isinstance(e, DataReceived)]


def test_6_1_data_is_not_sent_on_an_idle_stream() -> None:
    # RFC 9113 §6.1: DATA can only be sent when a stream is "open" or
    # "half-closed (remote)".
    conn, _ = client()
    _refused(conn, lambda: conn.send_data(1, b"x"))


# --------------------------------------------------------------------------
# §6.2 HEADERS
# --------------------------------------------------------------------------


def test_6_2_headers_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.2: HEADERS with stream identifier 0 MUST be a connection
    # error of type PROTOCOL_ERROR.
    conn, peer = server()
    expect_connection_error(conn, raw_frame(0x1, 0x4, 0, peer.block(REQUEST)),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_2_padding_not_shorter_than_payload_is_connection_error() -> None:
    # RFC 9113 §6.2: padding length >= payload length MUST be a connection
    # error of type PROTOCOL_ERROR.
    conn, _ = server()
    expect_connection_error(conn, raw_frame(0x1, 0x0C, 1, b"\x05\x82\x87\x84"),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_2_padded_headers_are_accepted() -> None:
    # RFC 9113 §6.2: the PADDED flag and Pad Length field are honoured.
    conn, peer = server()
    events = recv(conn, peer.headers_frame(1, REQUEST, end_stream=True, pad_length=17))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    assert events[0].headers == REQUEST


def test_6_2_headers_without_end_headers_then_other_stream_is_connection_error() -> None:
    # RFC 9113 §6.2: HEADERS without END_HEADERS MUST be followed by a
    # CONTINUATION for the same stream; another stream is a PROTOCOL_ERROR.
    conn, peer = server()
    block = peer.block(REQUEST)
    recv(conn, Peer.raw_headers(1, block[:2], end_headers=False))
    expect_connection_error(conn, Peer.continuation_frame(3, block[2:]), ErrorCodes.PROTOCOL_ERROR)


def test_6_2_priority_flag_yields_priority_event() -> None:
    # RFC 9113 §6.2: with PRIORITY set, the Exclusive/Dependency/Weight fields
    # are present and are reported (after the request event).
    conn, peer = server()
    events = recv(conn, peer.headers_frame(3, REQUEST, priority=(1, 63, True)))
    assert [type(e) for e in events] == [RequestReceived, PriorityUpdated]
    prio = events[1]
    assert (prio.stream_id, prio.depends_on, prio.weight, prio.exclusive) == (3, 1, 64, True)
    assert events[0].priority_updated is prio


# --------------------------------------------------------------------------
# §6.3 PRIORITY
# --------------------------------------------------------------------------


def test_6_3_priority_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.3: PRIORITY with stream identifier 0 MUST be a connection
    # error of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x2, 0, 0, b"\x00\x00\x00\x01\x10"),
                            ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("length", [4, 6])
def test_6_3_priority_of_wrong_length_is_stream_frame_size_error(length: int) -> None:
    # RFC 9113 §6.3: a PRIORITY frame not 5 octets long MUST be a stream error
    # of type FRAME_SIZE_ERROR.
    conn, _ = server_with_request(1)
    expect_stream_error(conn, raw_frame(0x2, 0, 1, b"\x00\x00\x00\x03\x10\x00"[:length]), 1,
                        ErrorCodes.FRAME_SIZE_ERROR)


def test_6_3_priority_on_a_closed_stream_is_fine() -> None:
    # RFC 9113 §6.3: PRIORITY can be received in any state, including closed.
    conn, peer = server_with_request(1, end_stream=True)
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    events = recv(conn, peer.priority_frame(1, 0, 99))
    assert [type(e) for e in events] == [PriorityUpdated]
    assert conn.data_to_send() == b""


def test_6_3_priority_frames_sent_are_five_octets() -> None:
    # RFC 9113 §6.3: PRIORITY frames we send carry exactly 5 octets; they may
    # name an idle stream.
    conn, _ = client()
    conn.prioritize(7, weight=42, depends_on=0, exclusive=False)
    raw = conn.data_to_send()
    assert raw[:9] == b"\x00\x00\x05\x02\x00\x00\x00\x00\x07"
    assert raw[9:] == b"\x00\x00\x00\x00\x29"


# --------------------------------------------------------------------------
# §6.4 RST_STREAM
# --------------------------------------------------------------------------


def test_6_4_rst_stream_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.4: RST_STREAM with stream identifier 0 MUST be a connection
    # error of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x3, 0, 0, b"\x00\x00\x00\x08"),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_4_rst_stream_on_idle_stream_is_connection_error() -> None:
    # RFC 9113 §6.4: RST_STREAM identifying an idle stream MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    expect_connection_error(conn, peer.rst_frame(3, ErrorCodes.CANCEL), ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("length", [3, 5])
def test_6_4_rst_stream_of_wrong_length_is_frame_size_error(length: int) -> None:
    # RFC 9113 §6.4: a RST_STREAM not 4 octets long MUST be a connection error
    # of type FRAME_SIZE_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x3, 0, 1, b"\x00\x00\x00\x08\x00"[:length]),
                            ErrorCodes.FRAME_SIZE_ERROR)


def test_6_4_rst_stream_is_not_sent_for_an_idle_stream() -> None:
    # RFC 9113 §6.4: RST_STREAM frames MUST NOT be sent for an idle stream.
    conn, _ = client_with_request(1)
    _refused(conn, lambda: conn.reset_stream(5, ErrorCodes.CANCEL))


def test_6_4_nothing_is_sent_on_a_stream_the_peer_reset() -> None:
    # RFC 9113 §6.4: after receiving RST_STREAM, the receiver MUST NOT send
    # additional frames for that stream (PRIORITY excepted).
    conn, peer = server_with_request(1)
    events = recv(conn, peer.rst_frame(1, ErrorCodes.CANCEL))
    assert [type(e) for e in events] == [StreamReset]
    _refused(conn, lambda: conn.send_headers(1, RESPONSE), StreamClosedError)
    _refused(conn, lambda: conn.send_data(1, b"x"), StreamClosedError)
    _refused(conn, lambda: conn.reset_stream(1), StreamClosedError)


def test_6_4_frames_after_our_reset_are_processed_quietly() -> None:
    # RFC 9113 §6.4: after sending RST_STREAM, the sender MUST be prepared to
    # receive and process frames the peer sent before the reset arrived.
    conn, peer = client_with_request(1, end_stream=True)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    wire = (
        peer.headers_frame(1, RESPONSE)
        + peer.window_update_frame(1, 100)
        + peer.priority_frame(1, 0, 3)
        + peer.rst_frame(1, ErrorCodes.NO_ERROR)
    )
    events = recv(conn, wire)
    assert not [e for e in events if isinstance(e, ResponseReceived)]
    for item in summary(conn):
        assert item == rst(1, ErrorCodes.STREAM_CLOSED), item
    assert_alive(conn)


# --------------------------------------------------------------------------
# §6.5 SETTINGS
# --------------------------------------------------------------------------


def test_6_5_settings_ack_with_payload_is_frame_size_error() -> None:
    # RFC 9113 §6.5: an ACK with a non-zero length MUST be a connection error
    # of type FRAME_SIZE_ERROR.
    conn, _ = server()
    expect_connection_error(conn, raw_frame(0x4, 0x1, 0, b"\x00\x03\x00\x00\x00\x05"),
                            ErrorCodes.FRAME_SIZE_ERROR)


def test_6_5_settings_on_a_stream_is_connection_error() -> None:
    # RFC 9113 §6.5: a SETTINGS stream identifier other than 0 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, _ = server()
    expect_connection_error(conn, raw_frame(0x4, 0, 1, b""), ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("length", [1, 5, 7, 13])
def test_6_5_settings_length_not_multiple_of_six_is_frame_size_error(length: int) -> None:
    # RFC 9113 §6.5: a length that is not a multiple of 6 MUST be a connection
    # error of type FRAME_SIZE_ERROR.
    conn, _ = server()
    payload = (b"\x00\x03\x00\x00\x00\x05" * 3)[:length]
    expect_connection_error(conn, raw_frame(0x4, 0, 0, payload), ErrorCodes.FRAME_SIZE_ERROR)


@pytest.mark.parametrize("value", [2, 2**32 - 1])
def test_6_5_2_enable_push_other_than_0_or_1_is_connection_error(value: int) -> None:
    # RFC 9113 §6.5.2: any ENABLE_PUSH value other than 0 or 1 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = server()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.ENABLE_PUSH: value}),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_5_2_client_receiving_enable_push_1_is_connection_error() -> None:
    # RFC 9113 §6.5.2: a client MUST treat ENABLE_PUSH = 1 from a server as a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = client()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.ENABLE_PUSH: 1}),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_5_2_server_never_advertises_enable_push_1() -> None:
    # RFC 9113 §6.5.2: a server MUST NOT explicitly set ENABLE_PUSH to 1.
    from h2.config import H2Configuration

    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    (settings,) = parse_frames(conn.data_to_send())
    assert settings.settings.get(SettingCodes.ENABLE_PUSH, 0) == 0
    with pytest.raises(H2Error):
        conn.update_settings({SettingCodes.ENABLE_PUSH: 1})
    assert conn.data_to_send() == b""


def test_6_5_2_server_accepts_enable_push_0_and_1_from_client() -> None:
    # RFC 9113 §6.5.2: 0 and 1 are the legal values for a client to send.
    for value in (0, 1):
        conn, peer = server()
        events = recv(conn, peer.settings_frame({SettingCodes.ENABLE_PUSH: value}))
        assert [type(e) for e in events] == [RemoteSettingsChanged]
        assert summary(conn) == [("SettingsFrame", ("ACK",), {})]


def test_6_5_2_initial_window_size_above_maximum_is_flow_control_error() -> None:
    # RFC 9113 §6.5.2: INITIAL_WINDOW_SIZE above 2^31-1 MUST be a connection
    # error of type FLOW_CONTROL_ERROR.
    conn, peer = server()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 2**31}),
                            ErrorCodes.FLOW_CONTROL_ERROR)


@pytest.mark.parametrize("value", [0, 16383, 2**24, 2**32 - 1])
def test_6_5_2_max_frame_size_out_of_range_is_connection_error(value: int) -> None:
    # RFC 9113 §6.5.2: MAX_FRAME_SIZE outside 2^14..2^24-1 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = server()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: value}),
                            ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("value", [16384, 2**24 - 1])
def test_6_5_2_max_frame_size_bounds_are_accepted(value: int) -> None:
    # RFC 9113 §6.5.2: both ends of the range are legal.
    conn, peer = server()
    recv(conn, peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: value}))
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]
    assert conn.max_outbound_frame_size == value


def test_6_5_2_server_does_not_push_when_client_disabled_push() -> None:
    # RFC 9113 §6.5.2 / §6.6: a server MUST NOT send PUSH_PROMISE after the
    # client set ENABLE_PUSH to 0.
    conn, peer = server_with_request(1)
    recv(conn, peer.settings_frame({SettingCodes.ENABLE_PUSH: 0}))
    conn.data_to_send()
    _refused(conn, lambda: conn.push_stream(1, 2, REQUEST), ProtocolError)


def test_6_5_2_push_promise_after_disabling_push_is_connection_error() -> None:
    # RFC 9113 §6.5.2 / §6.6: a client that set ENABLE_PUSH to 0 and had it
    # acknowledged MUST treat PUSH_PROMISE as a connection error (PROTOCOL_ERROR).
    conn, peer = client_with_request(1)
    conn.update_settings({SettingCodes.ENABLE_PUSH: 0})
    conn.data_to_send()
    recv(conn, peer.settings_frame(ack=True))
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_6_5_3_settings_are_applied_in_order_and_acknowledged_at_once() -> None:
    # RFC 9113 §6.5.3: values MUST be processed in the order they appear (the
    # last one wins) and the ACK MUST be emitted immediately, before replies
    # to later frames.
    conn, peer = client_with_request(1, end_stream=False)
    payload = b"\x00\x04\x00\x00\x03\xe8" + b"\x00\x04\x00\x00\x07\xd0"  # 1000 then 2000
    recv(conn, peer.window_update_frame(0, 100000))
    events = recv(conn, raw_frame(0x4, 0, 0, payload) + peer.ping_frame(b"afterset"))
    assert [type(e) for e in events] == [RemoteSettingsChanged, PingReceived]
    changed = events[0].changed_settings[SettingCodes.INITIAL_WINDOW_SIZE]
    assert changed.new_value == 2000
    assert conn.local_flow_control_window(1) == 2000
    assert summary(conn) == [
        ("SettingsFrame", ("ACK",), {}),
        ("PingFrame", ("ACK",), b"afterset"),
    ]


def test_6_5_3_settings_frames_are_acknowledged_in_order_of_receipt() -> None:
    # RFC 9113 §6.5.3: SETTINGS frames are acknowledged in the order received,
    # one ACK each, even when they arrive together.
    conn, peer = client_with_request(1, end_stream=False)
    wire = (peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: 20000})
            + peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: 30000}))
    events = recv(conn, wire)
    assert [type(e) for e in events] == [RemoteSettingsChanged, RemoteSettingsChanged]
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})] * 2
    assert conn.max_outbound_frame_size == 30000


def test_6_5_3_an_ack_applies_only_the_oldest_unacknowledged_settings() -> None:
    # RFC 9113 §6.5.3: on an ACK the sender can rely on the values of the
    # oldest unacknowledged SETTINGS frame having been applied (not later ones).
    conn, peer = server_with_request(1)
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 1000})
    conn.update_settings({SettingCodes.MAX_FRAME_SIZE: 20000})
    conn.data_to_send()
    events = recv(conn, peer.settings_frame(ack=True))
    assert [type(e) for e in events] == [SettingsAcknowledged]
    assert set(events[0].changed_settings) == {SettingCodes.INITIAL_WINDOW_SIZE}
    assert conn.local_settings.max_frame_size == 16384
    assert conn.max_inbound_frame_size == 16384
    events = recv(conn, peer.settings_frame(ack=True))
    assert set(events[0].changed_settings) == {SettingCodes.MAX_FRAME_SIZE}
    assert conn.max_inbound_frame_size == 20000


def test_6_5_3_peer_settings_apply_immediately() -> None:
    # RFC 9113 §6.5.3: received settings MUST be applied as soon as possible.
    conn, peer = client_with_request(1, end_stream=False)
    recv(conn, peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: 20000}))
    conn.data_to_send()
    assert conn.max_outbound_frame_size == 20000
    conn.send_data(1, b"x" * 20000)
    assert len(conn.data_to_send()) == 9 + 20000


# --------------------------------------------------------------------------
# §6.6 PUSH_PROMISE
# --------------------------------------------------------------------------


def test_6_6_push_promise_without_end_headers_then_other_frame_is_connection_error() -> None:
    # RFC 9113 §6.6: PUSH_PROMISE without END_HEADERS MUST be followed by a
    # CONTINUATION on the same stream; anything else is a PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    recv(conn, peer.push_promise_frame(1, 2, REQUEST, end_headers=False))
    expect_connection_error(conn, peer.data_frame(1, b"x"), ErrorCodes.PROTOCOL_ERROR)


def test_6_6_push_promise_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.6: PUSH_PROMISE on stream 0 MUST be a connection error of
    # type PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    payload = b"\x00\x00\x00\x02" + peer.block(REQUEST)
    expect_connection_error(conn, raw_frame(0x5, 0x4, 0, payload), ErrorCodes.PROTOCOL_ERROR)


def test_6_6_push_promise_on_fully_closed_stream_is_connection_error() -> None:
    # RFC 9113 §6.6: PUSH_PROMISE on a stream neither "open" nor "half-closed
    # (local)" MUST be a connection error of type PROTOCOL_ERROR.
    conn, peer = client_with_request(1, end_stream=True)
    recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    conn.data_to_send()
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_6_6_push_promise_on_half_closed_remote_stream_is_connection_error() -> None:
    # RFC 9113 §6.6: a client's "half-closed (remote)" stream (server finished,
    # client still sending) is neither "open" nor "half-closed (local)".
    conn, peer = client_with_request(1, end_stream=False)
    recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    conn.data_to_send()
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize(
    "promised",
    [3, 0],
    ids=["odd", "zero"],
)
def test_6_6_illegal_promised_stream_id_is_connection_error(promised: int) -> None:
    # RFC 9113 §6.6: promising an illegal stream identifier MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    payload = promised.to_bytes(4, "big") + peer.block(REQUEST)
    expect_connection_error(conn, raw_frame(0x5, 0x4, 1, payload), ErrorCodes.PROTOCOL_ERROR)


def test_6_6_promising_a_stream_that_is_not_idle_is_connection_error() -> None:
    # RFC 9113 §6.6: a promised stream that is not "idle" is illegal.
    conn, peer = client_with_request(1)
    recv(conn, peer.push_promise_frame(1, 2, request(path=b"/a")))
    expect_connection_error(conn, peer.push_promise_frame(1, 2, request(path=b"/b")),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_6_push_promise_padding_too_long_is_connection_error() -> None:
    # RFC 9113 §6.6: padding >= payload length MUST be a connection error of
    # type PROTOCOL_ERROR.
    conn, _ = client_with_request(1)
    payload = b"\x09" + b"\x00\x00\x00\x02" + b"\x82\x87\x84"  # pad 9 >= 8 remaining
    expect_connection_error(conn, raw_frame(0x5, 0x0C, 1, payload), ErrorCodes.PROTOCOL_ERROR)


def test_6_6_push_is_sent_only_on_open_or_half_closed_remote_peer_streams() -> None:
    # RFC 9113 §6.6: PUSH_PROMISE MUST only be sent on a peer-initiated stream
    # that is "open" or "half-closed (remote)".
    conn, _ = server_with_request(1, end_stream=True)
    conn.push_stream(1, 2, request(path=b"/ok"))  # half-closed (remote): fine
    assert [f[0] for f in summary(conn)] == ["PushPromiseFrame"]
    conn.send_headers(1, RESPONSE, end_stream=True)  # now closed
    conn.data_to_send()
    _refused(conn, lambda: conn.push_stream(1, 4, request(path=b"/late")), ProtocolError)
    conn, _ = server_with_request(1, end_stream=False)
    conn.send_headers(1, RESPONSE, end_stream=True)  # half-closed (local)
    conn.data_to_send()
    _refused(conn, lambda: conn.push_stream(1, 2, request(path=b"/late")), ProtocolError)
    conn, _ = server_with_request(1, end_stream=True)
    conn.push_stream(1, 2, request(path=b"/a"))
    conn.data_to_send()
    _refused(conn, lambda: conn.push_stream(2, 4, request(path=b"/b")), ProtocolError)


def test_6_6_promised_stream_must_be_idle_when_sending() -> None:
    # RFC 9113 §6.6: the sender MUST ensure the promised stream is idle.
    conn, _ = server_with_request(1)
    conn.push_stream(1, 2, request(path=b"/a"))
    conn.data_to_send()
    _refused(conn, lambda: conn.push_stream(1, 2, request(path=b"/b")), ProtocolError)


def test_6_6_large_push_promise_is_split_with_continuation() -> None:
    # RFC 9113 §6.6 / §4.3: END_HEADERS only on the last frame of the block.
    conn, peer = server_with_request(1)
    headers = request([(b"x-big", b"b" * 40000)], path=b"/big")
    conn.push_stream(1, 2, headers)
    frames = sent_frames(conn)
    assert type(frames[0]).__name__ == "PushPromiseFrame"
    assert all(type(f).__name__ == "ContinuationFrame" for f in frames[1:])
    assert ["END_HEADERS" in f.flags for f in frames] == [False] * (len(frames) - 1) + [True]
    assert frames[0].promised_stream_id == 2
    assert peer.decode(frames) == [headers]


# --------------------------------------------------------------------------
# §6.7 PING
# --------------------------------------------------------------------------


@pytest.mark.parametrize("length", [0, 7, 9])
def test_6_7_ping_of_wrong_length_is_frame_size_error(length: int) -> None:
    # RFC 9113 §6.7: a PING whose length is not 8 MUST be a connection error
    # of type FRAME_SIZE_ERROR.
    conn, _ = server()
    expect_connection_error(conn, raw_frame(0x6, 0, 0, b"x" * length), ErrorCodes.FRAME_SIZE_ERROR)


def test_6_7_ping_is_answered_with_identical_payload_and_ack() -> None:
    # RFC 9113 §6.7: receivers MUST send a PING with ACK and the same payload.
    conn, peer = server()
    events = recv(conn, peer.ping_frame(b"\x00\x01\x02\x03\xfc\xfd\xfe\xff"))
    assert [type(e) for e in events] == [PingReceived]
    assert events[0].ping_data == b"\x00\x01\x02\x03\xfc\xfd\xfe\xff"
    assert conn.data_to_send() == Peer.ping_frame(b"\x00\x01\x02\x03\xfc\xfd\xfe\xff", ack=True)


def test_6_7_ping_ack_is_not_answered() -> None:
    # RFC 9113 §6.7: an endpoint MUST NOT respond to PING frames with ACK.
    conn, peer = client()
    conn.ping(b"roundtrp")
    assert conn.data_to_send() == Peer.ping_frame(b"roundtrp")
    events = recv(conn, peer.ping_frame(b"roundtrp", ack=True))
    assert [type(e) for e in events] == [PingAckReceived]
    assert events[0].ping_data == b"roundtrp"
    assert conn.data_to_send() == b""


def test_6_7_ping_on_a_stream_is_connection_error() -> None:
    # RFC 9113 §6.7: a PING with a stream identifier other than 0 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x6, 0, 1, b"12345678"), ErrorCodes.PROTOCOL_ERROR)


def test_6_7_ping_payload_must_be_eight_octets_when_sending() -> None:
    # RFC 9113 §6.7: PING frames MUST contain 8 octets of opaque data.
    conn, _ = client()
    for bad in (b"", b"1234567", b"123456789"):
        with pytest.raises(ValueError):
            conn.ping(bad)
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §6.8 GOAWAY
# --------------------------------------------------------------------------


def test_6_8_goaway_on_a_stream_is_connection_error() -> None:
    # RFC 9113 §6.8: GOAWAY with a stream identifier other than 0 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, _ = client_with_request(1)
    expect_connection_error(conn, raw_frame(0x7, 0, 1, b"\x00\x00\x00\x00\x00\x00\x00\x00"),
                            ErrorCodes.PROTOCOL_ERROR)


def test_6_8_goaway_too_short_is_frame_size_error() -> None:
    # RFC 9113 §4.2 / §6.8: GOAWAY needs 8 octets of mandatory fields.
    conn, _ = client_with_request(1)
    expect_connection_error(conn, raw_frame(0x7, 0, 0, b"\x00\x00\x00\x00\x00\x00\x00"),
                            ErrorCodes.FRAME_SIZE_ERROR)


def test_6_8_receiver_of_goaway_opens_no_new_streams() -> None:
    # RFC 9113 §6.8: receivers of GOAWAY MUST NOT open additional streams.
    conn, peer = client_with_request(1, end_stream=False)
    events = recv(conn, peer.goaway_frame(1, ErrorCodes.NO_ERROR, b"maintenance"))
    assert [type(e) for e in events] == [ConnectionTerminated]
    assert (events[0].last_stream_id, events[0].error_code) == (1, ErrorCodes.NO_ERROR)
    assert events[0].additional_data == b"maintenance"
    _refused(conn, lambda: conn.send_headers(3, REQUEST), ProtocolError)


def test_6_8_server_receiving_goaway_promises_no_new_streams() -> None:
    # RFC 9113 §6.8: a server that received GOAWAY opens no stream, pushed ones included.
    conn, peer = server_with_request(1, end_stream=True)
    events = recv(conn, peer.goaway_frame(0, ErrorCodes.NO_ERROR))
    assert [type(e) for e in events] == [ConnectionTerminated]
    _refused(conn, lambda: conn.push_stream(1, 2, REQUEST), ProtocolError)
    conn.send_headers(1, RESPONSE, end_stream=True)  # the open stream still completes
    assert [f[0] for f in summary(conn)] == ["HeadersFrame"]


def test_6_8_streams_up_to_last_stream_id_complete_after_goaway_received() -> None:
    # RFC 9113 §6.8: activity on streams <= the last stream identifier might
    # still complete successfully (graceful shutdown).
    conn, peer = client_with_request(1, end_stream=False)
    conn.send_data(1, b"queued before the GOAWAY")
    recv(conn, peer.goaway_frame(1, ErrorCodes.NO_ERROR))
    conn.send_data(1, b"more", end_stream=True)
    data = [f for f in sent_frames(conn) if type(f).__name__ == "DataFrame"]
    assert [f.data for f in data] == [b"queued before the GOAWAY", b"more"]
    response = peer.headers_frame(1, RESPONSE) + peer.data_frame(1, b"ok", end_stream=True)
    events = recv(conn, response)
    assert [type(e) for e in events] == [ResponseReceived, DataReceived, StreamEnded]


def test_6_8_sender_of_goaway_finishes_streams_up_to_last_stream_id() -> None:
    # RFC 9113 §6.8: a GOAWAY sender may keep the connection open until the
    # in-progress streams complete.
    conn, peer = server_with_request(1, end_stream=False)
    conn.close_connection(ErrorCodes.NO_ERROR)
    (goaway,) = parse_frames(conn.data_to_send())
    assert (goaway.last_stream_id, goaway.error_code) == (1, ErrorCodes.NO_ERROR)
    events = recv(conn, peer.data_frame(1, b"upload", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]
    conn.send_headers(1, RESPONSE)
    conn.send_data(1, b"done", end_stream=True)
    assert [f[0] for f in summary(conn)] == ["HeadersFrame", "DataFrame"]


def test_6_8_frames_for_streams_above_last_stream_id_still_update_connection_state() -> None:
    # RFC 9113 §6.8: after sending GOAWAY, HEADERS for new streams may be
    # ignored but MUST be decompressed, and DATA MUST count toward the
    # connection window.
    conn, peer = server_with_request(1, end_stream=False)
    conn.close_connection(ErrorCodes.NO_ERROR)
    conn.data_to_send()
    events = recv(conn, peer.headers_frame(3, request([(b"x-late", b"in-table")])))
    assert not [e for e in events if isinstance(e, RequestReceived)]
    for item in summary(conn):
        assert item[0] == "RstStreamFrame" and item[1] == 3, item
    before = conn.inbound_flow_control_window
    recv(conn, peer.data_frame(3, b"z" * 1000))
    credited = sum(i[2] for i in summary(conn) if i[0] == "WindowUpdateFrame" and i[1] == 0)
    assert conn.inbound_flow_control_window == before - 1000 + credited
    # Trailers on stream 1 index the field stream 3 added to the table.
    block = peer.block([(b"x-late", b"in-table")])
    assert block == b"\xbe"
    events = recv(conn, Peer.raw_headers(1, block, end_stream=True))
    assert [type(e).__name__ for e in events] == ["TrailersReceived", "StreamEnded"]
    assert events[0].headers == [(b"x-late", b"in-table")]


def test_6_8_last_stream_id_never_increases() -> None:
    # RFC 9113 §6.8: endpoints MUST NOT increase the last stream identifier
    # they send in successive GOAWAY frames.
    conn, peer = server_with_request(1, end_stream=False)
    conn.close_connection(ErrorCodes.NO_ERROR, last_stream_id=1)
    conn.data_to_send()
    recv(conn, peer.headers_frame(3, REQUEST))
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        recv(conn, raw_frame(0x6, 0, 0, b"short"))
    goaways = [f for f in sent_frames(conn) if type(f).__name__ == "GoAwayFrame"]
    assert goaways and all(g.last_stream_id <= 1 for g in goaways)


def test_6_8_goaway_error_code_and_debug_data_are_reported() -> None:
    # RFC 9113 §6.8: the error code and opaque debug data reach the caller.
    conn, peer = client_with_request(1)
    events = recv(conn, peer.goaway_frame(0, ErrorCodes.ENHANCE_YOUR_CALM, b"slow down"))
    assert [type(e) for e in events] == [ConnectionTerminated]
    term = events[0]
    assert (term.error_code, term.last_stream_id, term.additional_data) == (
        ErrorCodes.ENHANCE_YOUR_CALM, 0, b"slow down",
    )


# --------------------------------------------------------------------------
# §6.10 CONTINUATION
# --------------------------------------------------------------------------


def test_6_10_continuation_on_another_stream_is_connection_error() -> None:
    # RFC 9113 §6.10: a CONTINUATION without END_HEADERS MUST be followed by
    # another CONTINUATION on the same stream.
    conn, peer = server()
    block = peer.block(REQUEST)
    recv(conn, Peer.raw_headers(1, block[:1], end_headers=False)
                      + Peer.continuation_frame(1, block[1:2], end_headers=False))
    expect_connection_error(conn, Peer.continuation_frame(3, block[2:]), ErrorCodes.PROTOCOL_ERROR)


def test_6_10_continuation_followed_by_other_type_is_connection_error() -> None:
    # RFC 9113 §6.10: any other frame type after it is a PROTOCOL_ERROR.
    conn, peer = server()
    block = peer.block(REQUEST)
    recv(conn, Peer.raw_headers(1, block[:1], end_headers=False)
                      + Peer.continuation_frame(1, block[1:2], end_headers=False))
    expect_connection_error(conn, Peer.ping_frame(), ErrorCodes.PROTOCOL_ERROR)


def test_6_10_continuation_on_stream_zero_is_connection_error() -> None:
    # RFC 9113 §6.10: CONTINUATION with stream identifier 0 MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x9, 0x4, 0, b"\x82"), ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("end_stream", [False, True])
def test_6_10_continuation_after_end_headers_is_connection_error(end_stream: bool) -> None:
    # RFC 9113 §6.10: a CONTINUATION MUST be preceded by HEADERS, PUSH_PROMISE
    # or CONTINUATION without END_HEADERS.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, REQUEST, end_stream=end_stream))
    expect_connection_error(conn, Peer.continuation_frame(1, b""), ErrorCodes.PROTOCOL_ERROR)


def test_6_10_many_continuation_frames_are_accepted() -> None:
    # RFC 9113 §6.10: any number of CONTINUATION frames can follow (within the
    # library's DoS limit, 64 frames per block by default).
    conn, peer = server()
    block = peer.block(request([(b"x-many", b"m" * 40)]))
    wire = Peer.raw_headers(1, block[:1], end_stream=True, end_headers=False)
    rest = block[1:]
    for i in range(len(rest) - 1):
        wire += Peer.continuation_frame(1, rest[i:i + 1], end_headers=False)
        if i == 40:
            break
    wire += Peer.continuation_frame(1, rest[i + 1:])
    events = recv(conn, wire)
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    assert events[0].headers[-1] == (b"x-many", b"m" * 40)


def test_6_10_push_promise_continuation_completes_the_promise() -> None:
    # RFC 9113 §6.10: CONTINUATION also continues a PUSH_PROMISE block.
    conn, peer = client_with_request(1)
    block = peer.block(request(path=b"/pushed"))
    wire = raw_frame(0x5, 0x0, 1, b"\x00\x00\x00\x02" + block[:3])
    wire += Peer.continuation_frame(1, block[3:])
    events = recv(conn, wire)
    assert [type(e) for e in events] == [PushedStreamReceived]
    assert events[0].pushed_stream_id == 2
    assert events[0].headers == request(path=b"/pushed")


def test_6_flow_control_error_type_is_public() -> None:
    # RFC 9113 §7: FLOW_CONTROL_ERROR errors surface as the documented type.
    assert issubclass(FlowControlError, ProtocolError)
    assert FlowControlError.error_code == ErrorCodes.FLOW_CONTROL_ERROR
