"""RFC 9113 §5.2 and §6.9: flow control and WINDOW_UPDATE.

One test per endpoint MUST / MUST NOT, named after its section.  Not
applicable to a sans-I/O library:

* §5.2.2 "Endpoints MUST read and process HTTP/2 frames from the TCP receive
  buffer as soon as data is available": reading is the caller's job; the
  library processes whatever ``receive_data`` is given at once (every test
  here relies on that).
* §5.2.1 (7) and §6.9.1 "receivers are advised to avoid small increments":
  advice on policy, not a requirement.
"""

from __future__ import annotations

import pytest

from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import DataReceived, StreamReset, WindowUpdated
from h2.exceptions import FlowControlError
from h2.settings import SettingCodes
from tests.h2.helpers import (
    REQUEST,
    RESPONSE,
    Peer,
    client,
    client_with_request,
    expect_connection_error,
    expect_stream_error,
    raw_frame,
    recv,
    server,
    server_with_request,
    summary,
)

MAX_WINDOW = 2**31 - 1


def _client_streams(
    *stream_ids: int, settings: dict[int, int] | None = None
) -> tuple[H2Connection, Peer]:
    conn, peer = client()
    if settings:
        recv(conn, peer.settings_frame(settings))
    for sid in stream_ids:
        conn.send_headers(sid, REQUEST)
    conn.data_to_send()
    return conn, peer


def _acked_server(settings: dict[int, int]) -> tuple[H2Connection, Peer]:
    conn, peer = server()
    conn.update_settings(settings)
    conn.data_to_send()
    recv(conn, peer.settings_frame(ack=True))
    return conn, peer


# --------------------------------------------------------------------------
# §5.2.1 principles
# --------------------------------------------------------------------------


def test_5_2_1_initial_windows_are_65535() -> None:
    # RFC 9113 §5.2.1 (4): 65,535 octets for new streams and the connection.
    conn, _ = _client_streams(1)
    assert conn.outbound_flow_control_window == 65535
    assert conn.local_flow_control_window(1) == 65535
    assert conn.inbound_flow_control_window == 65535
    assert conn.remote_flow_control_window(1) == 65535


def test_5_2_1_sender_respects_the_stream_window() -> None:
    # RFC 9113 §5.2.1 (3): a sender MUST respect flow-control limits.
    conn, _ = _client_streams(1, settings={SettingCodes.INITIAL_WINDOW_SIZE: 100})
    with pytest.raises(FlowControlError):
        conn.send_data(1, b"x" * 101)
    assert conn.data_to_send() == b""
    conn.send_data(1, b"x" * 100)
    assert [f[0] for f in summary(conn)] == ["DataFrame"]
    assert conn.local_flow_control_window(1) == 0
    with pytest.raises(FlowControlError):
        conn.send_data(1, b"x")
    assert conn.data_to_send() == b""


def test_5_2_1_sender_respects_the_connection_window() -> None:
    # RFC 9113 §5.2.1 (3) / §6.9.1: the connection window bounds all streams together.
    conn, _ = _client_streams(1, 3, 5, 7, settings={SettingCodes.INITIAL_WINDOW_SIZE: 1_000_000})
    for sid in (1, 3, 5):
        conn.send_data(sid, b"d" * 16384)
    conn.send_data(7, b"d" * 16383)
    conn.data_to_send()
    assert conn.outbound_flow_control_window == 0
    assert conn.local_flow_control_window(7) == 0
    with pytest.raises(FlowControlError):
        conn.send_data(7, b"d")
    assert conn.data_to_send() == b""


def test_5_2_1_only_data_frames_are_flow_controlled() -> None:
    # RFC 9113 §5.2.1 (5): only DATA consumes window; control frames still flow.
    conn, peer = _client_streams(1, settings={SettingCodes.INITIAL_WINDOW_SIZE: 0})
    conn.ping(b"12345678")
    conn.send_headers(1, [(b"x-trailer", b"1")], end_stream=True)
    assert [f[0] for f in summary(conn)] == ["PingFrame", "HeadersFrame"]
    assert conn.outbound_flow_control_window == 65535
    before = conn.remote_flow_control_window(1)
    recv(conn, peer.headers_frame(1, RESPONSE) + peer.ping_frame())
    assert conn.remote_flow_control_window(1) == before
    assert conn.inbound_flow_control_window == 65535


# --------------------------------------------------------------------------
# §6.9 WINDOW_UPDATE
# --------------------------------------------------------------------------


def test_6_9_stream_increment_of_zero_is_stream_error() -> None:
    # RFC 9113 §6.9: an increment of 0 MUST be a stream error of type PROTOCOL_ERROR.
    conn, _ = server_with_request(1)
    expect_stream_error(conn, raw_frame(0x8, 0, 1, b"\x00\x00\x00\x00"), 1,
                        ErrorCodes.PROTOCOL_ERROR)


def test_6_9_connection_increment_of_zero_is_connection_error() -> None:
    # RFC 9113 §6.9: errors on the connection window MUST be connection errors.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x8, 0, 0, b"\x00\x00\x00\x00"),
                            ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize("stream_id", [0, 1])
@pytest.mark.parametrize("length", [3, 5])
def test_6_9_window_update_of_wrong_length_is_frame_size_error(stream_id: int, length: int) -> None:
    # RFC 9113 §6.9: a WINDOW_UPDATE not 4 octets long MUST be a connection
    # error of type FRAME_SIZE_ERROR.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, raw_frame(0x8, 0, stream_id, b"\x00\x00\x00\x01\x00"[:length]),
                            ErrorCodes.FRAME_SIZE_ERROR)


def test_6_9_reserved_bit_of_increment_is_ignored() -> None:
    # RFC 9113 §6.9 / §4.1: the reserved bit before the increment is ignored.
    conn, _ = client_with_request(1, end_stream=False)
    events = recv(conn, raw_frame(0x8, 0, 1, b"\x80\x00\x00\x10"))
    assert [type(e) for e in events] == [WindowUpdated]
    assert (events[0].stream_id, events[0].delta) == (1, 16)
    assert conn.local_flow_control_window(1) == 65535  # capped by the connection window
    recv(conn, raw_frame(0x8, 0, 0, b"\x80\x00\x00\x10"))
    assert conn.local_flow_control_window(1) == 65551


def test_6_9_window_update_on_half_closed_remote_or_closed_is_not_an_error() -> None:
    # RFC 9113 §6.9: WINDOW_UPDATE on a half-closed (remote) or closed stream
    # MUST NOT be treated as an error.
    conn, peer = server_with_request(1, end_stream=True)
    events = recv(conn, peer.window_update_frame(1, 5))
    assert [type(e) for e in events] == [WindowUpdated]
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    assert recv(conn, peer.window_update_frame(1, 5)) == []
    recv(conn, peer.headers_frame(3, REQUEST))
    conn.reset_stream(3)
    conn.data_to_send()
    assert recv(conn, peer.window_update_frame(3, 5)) == []
    assert conn.data_to_send() == b""


def test_6_9_data_in_error_still_counts_against_the_connection_window() -> None:
    # RFC 9113 §6.9: a flow-controlled frame MUST always be accounted against
    # the connection window, even when the frame is in error.
    conn, peer = server_with_request(1, end_stream=True)
    before = conn.inbound_flow_control_window
    expect_stream_error(conn, peer.data_frame(1, b"x" * 1000, pad_length=9), 1,
                        ErrorCodes.STREAM_CLOSED)
    assert conn.inbound_flow_control_window == before - 1010


def test_6_9_1_sent_data_reduces_both_windows_by_the_whole_payload() -> None:
    # RFC 9113 §6.9.1 / §6.1: after sending, both windows shrink by the frame
    # length, pad length octet and padding included.
    conn, _ = _client_streams(1)
    conn.send_data(1, b"x" * 10, pad_length=5)
    assert conn.outbound_flow_control_window == 65535 - 16
    assert conn.local_flow_control_window(1) == 65535 - 16


def test_6_9_1_empty_end_stream_data_needs_no_window() -> None:
    # RFC 9113 §6.9.1: a zero-length DATA frame with END_STREAM MAY be sent
    # with no space in either window.
    conn, _ = _client_streams(1, 3, settings={SettingCodes.INITIAL_WINDOW_SIZE: 0})
    assert conn.local_flow_control_window(1) == 0
    conn.end_stream(1)
    conn.send_data(3, b"", end_stream=True)
    frames = summary(conn)
    assert frames == [
        ("DataFrame", 1, ("END_STREAM",), b""),
        ("DataFrame", 3, ("END_STREAM",), b""),
    ]


def test_6_9_1_window_update_grows_the_send_window() -> None:
    # RFC 9113 §6.9.1: a sender updates the window by the amount in the frame.
    conn, peer = _client_streams(1)
    conn.send_data(1, b"x" * 16384)
    conn.data_to_send()
    events = recv(conn, peer.window_update_frame(0, 1000) + peer.window_update_frame(1, 50))
    assert [(type(e), e.stream_id, e.delta) for e in events] == [
        (WindowUpdated, 0, 1000), (WindowUpdated, 1, 50),
    ]
    assert conn.outbound_flow_control_window == 65535 - 16384 + 1000
    assert conn.local_flow_control_window(1) == 65535 - 16384 + 50


def test_6_9_1_stream_window_overflow_resets_the_stream() -> None:
    # RFC 9113 §6.9.1: a window above 2^31-1 on a stream MUST end the stream
    # with RST_STREAM(FLOW_CONTROL_ERROR).
    conn, peer = _client_streams(1)
    events = expect_stream_error(conn, peer.window_update_frame(1, MAX_WINDOW), 1,
                                 ErrorCodes.FLOW_CONTROL_ERROR)
    assert not [e for e in events if isinstance(e, WindowUpdated)]
    resets = [e for e in events if isinstance(e, StreamReset)]
    assert [(e.stream_id, e.error_code, e.remote_reset) for e in resets] == [
        (1, ErrorCodes.FLOW_CONTROL_ERROR, False)
    ]


def test_6_9_1_connection_window_overflow_is_connection_error() -> None:
    # RFC 9113 §6.9.1: for the connection, GOAWAY(FLOW_CONTROL_ERROR).
    conn, peer = _client_streams(1)
    expect_connection_error(conn, peer.window_update_frame(0, MAX_WINDOW),
                            ErrorCodes.FLOW_CONTROL_ERROR, exc=FlowControlError)


def test_6_9_1_window_may_reach_exactly_the_maximum() -> None:
    # RFC 9113 §6.9.1: 2^31-1 itself is allowed.
    conn, peer = _client_streams(1)
    recv(conn, peer.window_update_frame(0, MAX_WINDOW - 65535))
    recv(conn, peer.window_update_frame(1, MAX_WINDOW - 65535))
    assert conn.local_flow_control_window(1) == MAX_WINDOW
    assert conn.data_to_send() == b""


def test_6_9_1_peer_exceeding_a_stream_window_is_a_flow_control_error() -> None:
    # RFC 9113 §6.9.1 / §5.4.2: DATA beyond the stream window we advertised is
    # a FLOW_CONTROL_ERROR on that stream (Appendix B 17: a stream error).
    conn, peer = _acked_server({SettingCodes.INITIAL_WINDOW_SIZE: 100})
    recv(conn, peer.headers_frame(1, REQUEST))
    recv(conn, peer.headers_frame(3, REQUEST))
    events = expect_stream_error(conn, peer.data_frame(1, b"x" * 101), 1,
                                 ErrorCodes.FLOW_CONTROL_ERROR)
    assert not [e for e in events if isinstance(e, DataReceived)]
    assert conn.inbound_flow_control_window == 65535 - 101
    events = recv(conn, peer.data_frame(3, b"y" * 100))
    assert [type(e) for e in events] == [DataReceived]


def test_6_9_1_peer_exceeding_the_connection_window_is_a_connection_error() -> None:
    # RFC 9113 §6.9.1: DATA beyond the connection window is a connection error.
    conn, peer = _acked_server({SettingCodes.INITIAL_WINDOW_SIZE: 1_000_000})
    recv(conn, peer.headers_frame(1, REQUEST))
    for _ in range(3):
        recv(conn, peer.data_frame(1, b"x" * 16384))
    recv(conn, peer.data_frame(1, b"x" * 16383))
    expect_connection_error(conn, peer.data_frame(1, b"x"), ErrorCodes.FLOW_CONTROL_ERROR,
                            exc=FlowControlError)


# --------------------------------------------------------------------------
# §6.9.2 initial window size
# --------------------------------------------------------------------------


def test_6_9_2_initial_window_change_adjusts_every_stream_by_the_difference() -> None:
    # RFC 9113 §6.9.2: when SETTINGS_INITIAL_WINDOW_SIZE changes, every stream
    # window MUST move by the difference; the connection window does not.
    conn, peer = _client_streams(1, 3)
    recv(conn, peer.window_update_frame(0, 1_000_000))
    conn.send_data(1, b"x" * 1000)
    conn.data_to_send()
    recv(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 70000}))
    assert conn.local_flow_control_window(1) == 70000 - 1000
    assert conn.local_flow_control_window(3) == 70000
    assert conn.outbound_flow_control_window == 65535 + 1_000_000 - 1000
    conn.send_headers(5, REQUEST)
    assert conn.local_flow_control_window(5) == 70000


def test_6_9_2_negative_window_is_tracked_and_blocks_sending() -> None:
    # RFC 9113 §6.9.2: a sender MUST track a negative window and MUST NOT send
    # flow-controlled frames until WINDOW_UPDATE makes it positive again.
    conn, peer = _client_streams(1)
    conn.send_data(1, b"x" * 1000)
    conn.data_to_send()
    recv(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 500}))
    conn.data_to_send()
    assert conn.local_flow_control_window(1) == -500
    with pytest.raises(FlowControlError):
        conn.send_data(1, b"x")
    assert conn.data_to_send() == b""
    recv(conn, peer.window_update_frame(1, 600))
    assert conn.local_flow_control_window(1) == 100
    conn.send_data(1, b"x" * 100)
    assert [f[0] for f in summary(conn)] == ["DataFrame"]


def test_6_9_2_initial_window_change_that_overflows_is_connection_error() -> None:
    # RFC 9113 §6.9.2: a change that pushes any window above 2^31-1 MUST be a
    # connection error of type FLOW_CONTROL_ERROR.
    conn, peer = _client_streams(1)
    recv(conn, peer.window_update_frame(1, MAX_WINDOW - 65535))
    conn.data_to_send()
    expect_connection_error(conn, peer.settings_frame({SettingCodes.INITIAL_WINDOW_SIZE: 65536}),
                            ErrorCodes.FLOW_CONTROL_ERROR)


def test_6_9_2_our_acknowledged_initial_window_applies_to_open_streams() -> None:
    # RFC 9113 §6.9.2: our own change applies to existing receive windows too.
    conn, peer = server_with_request(1)
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 1000})
    conn.data_to_send()
    recv(conn, peer.settings_frame(ack=True))
    assert conn.remote_flow_control_window(1) == 1000
    events = recv(conn, peer.data_frame(1, b"x" * 1000))
    assert [type(e) for e in events] == [DataReceived]


def test_6_9_3_data_beyond_a_reduced_but_unacknowledged_window_is_accepted() -> None:
    # RFC 9113 §6.9.3: the receiver MUST be prepared for data exceeding a
    # reduced window the peer has not yet acknowledged.
    conn, peer = server_with_request(1)
    conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: 100})
    conn.data_to_send()
    events = recv(conn, peer.data_frame(1, b"x" * 5000))
    assert [type(e) for e in events] == [DataReceived]
    assert conn.data_to_send() == b""


def test_6_9_acknowledging_data_reopens_both_receive_windows() -> None:
    # RFC 9113 §6.9.1: the receiver sends WINDOW_UPDATE as it consumes data;
    # with everything acknowledged both windows return to their size.
    conn, peer = server_with_request(1)
    received = 0
    for _ in range(4):
        for event in recv(conn, peer.data_frame(1, b"x" * 16000, pad_length=10)):
            assert isinstance(event, DataReceived)
            conn.acknowledge_received_data(event.flow_controlled_length, 1)
            received += event.flow_controlled_length
    updates = [f for f in summary(conn) if f[0] == "WindowUpdateFrame"]
    credited = {0: 0, 1: 0}
    for _, sid, increment in updates:
        credited[sid] += increment
    assert conn.inbound_flow_control_window == 65535 - received + credited[0]
    assert conn.remote_flow_control_window(1) <= 65535
    assert credited[0] > 0 and credited[1] > 0
    assert credited[0] <= received and credited[1] <= received


def test_6_9_receive_windows_are_unaffected_by_other_frames() -> None:
    # RFC 9113 §6.9: only DATA is subject to flow control on the receive side.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, REQUEST) + peer.ping_frame() + peer.priority_frame(1))
    assert conn.inbound_flow_control_window == 65535
    assert conn.remote_flow_control_window(1) == 65535
