"""RFC 9113 §5.1, §5.1.1, §5.1.2, §5.4, §5.5: stream states, ids, concurrency, errors.

One test per endpoint MUST / MUST NOT, named after its section.  Not
applicable to a sans-I/O library (listed so the omission is deliberate):

* §5.1 closed: "An endpoint MAY treat receipt ... as a connection error" and
  the "other signals" paragraph are options, not requirements.
* §5.4.1 "After sending the GOAWAY frame ... the endpoint MUST close the TCP
  connection": the library owns no socket; we check instead that the
  connection refuses further work once it has failed.
* §5.4.3: TCP-level termination, outside the library.
* §5.5 "An extension that changes existing protocol elements MUST be
  negotiated": we ship no such extension; the one setting-based extension we
  know (ENABLE_CONNECT_PROTOCOL) is checked to start disabled.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable

import pytest

from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    PriorityUpdated,
    PushedStreamReceived,
    RemoteSettingsChanged,
    RequestReceived,
    ResponseReceived,
    SettingsAcknowledged,
    StreamEnded,
    StreamReset,
    UnknownFrameReceived,
    WindowUpdated,
)
from h2.exceptions import (
    H2Error,
    NoAvailableStreamIDError,
    ProtocolError,
    StreamClosedError,
    StreamIDTooLowError,
    TooManyStreamsError,
)
from h2.settings import SettingCodes
from tests.h2.helpers import (
    REQUEST,
    RESPONSE,
    Peer,
    assert_alive,
    client,
    client_with_request,
    events_of,
    expect_connection_error,
    expect_stream_error,
    raw_frame,
    recv,
    request,
    rst,
    sent_frames,
    server,
    server_with_request,
    summary,
    window_update,
)


def _pushed_client() -> tuple[H2Connection, Peer]:
    """A client with request 1 sent and stream 2 promised by the server (reserved remote)."""
    conn, peer = client_with_request(1, end_stream=True)
    events = recv(conn, peer.push_promise_frame(1, 2, request(path=b"/style.css")))
    assert [type(e) for e in events] == [PushedStreamReceived]
    return conn, peer


def _pushing_server() -> tuple[H2Connection, Peer]:
    """A server with request 1 received and stream 2 promised (reserved local)."""
    conn, peer = server_with_request(1, end_stream=True)
    conn.push_stream(1, 2, request(path=b"/style.css"))
    conn.data_to_send()
    return conn, peer


def _nothing_sent_after(
    conn: H2Connection, action: Callable[[], object], exc: type[BaseException] = H2Error
) -> None:
    with pytest.raises(exc):
        action()
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §5.1 idle
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        Peer.data_frame(3, b"x"),
        Peer.window_update_frame(3, 10),
        Peer.rst_frame(3, ErrorCodes.CANCEL),
        Peer.continuation_frame(3, b"\x82"),
    ],
    ids=["data", "window-update", "rst-stream", "continuation"],
)
def test_5_1_idle_stream_only_accepts_headers_or_priority(frame: bytes) -> None:
    # RFC 9113 §5.1 idle: any frame other than HEADERS or PRIORITY MUST be a
    # connection error of type PROTOCOL_ERROR (stream 3 is idle, 1 is open).
    conn, _ = server_with_request(1)
    expect_connection_error(conn, frame, ErrorCodes.PROTOCOL_ERROR)


def test_5_1_idle_push_promise_parent_is_connection_error() -> None:
    # RFC 9113 §5.1 idle: a PUSH_PROMISE on an idle (never opened) stream.
    conn, peer = client()
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_5_1_idle_stream_accepts_priority_without_opening_it() -> None:
    # RFC 9113 §5.1 / §6.3: PRIORITY is allowed on an idle stream and changes
    # no stream state, so lower ids stay usable afterwards.
    conn, peer = server()
    events = recv(conn, peer.priority_frame(7, depends_on=0, weight=31))
    assert [type(e) for e in events] == [PriorityUpdated]
    assert (events[0].stream_id, events[0].weight) == (7, 32)
    assert conn.data_to_send() == b""
    events = recv(conn, peer.headers_frame(1, REQUEST, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


def test_5_1_idle_server_initiated_stream_headers_at_server_is_connection_error() -> None:
    # RFC 9113 §5.1 idle / §5.1.1: a client cannot open an even stream.
    conn, peer = server()
    expect_connection_error(conn, peer.headers_frame(2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_5_1_idle_server_initiated_stream_headers_at_client_is_connection_error() -> None:
    # RFC 9113 §5.1 idle: HEADERS on an idle server-initiated stream (never
    # promised) MUST be a connection error of type PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    expect_connection_error(conn, peer.headers_frame(2, request(path=b"/reverse")),
                            ErrorCodes.PROTOCOL_ERROR)


# --------------------------------------------------------------------------
# §5.1 reserved (local)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["headers", "data"])
def test_5_1_reserved_local_rejects_headers_and_data(kind: str) -> None:
    # RFC 9113 §5.1 reserved (local): anything but RST_STREAM, PRIORITY or
    # WINDOW_UPDATE MUST be a connection error of type PROTOCOL_ERROR.
    conn, peer = _pushing_server()
    frame = peer.headers_frame(2, REQUEST) if kind == "headers" else peer.data_frame(2, b"x")
    expect_connection_error(conn, frame, ErrorCodes.PROTOCOL_ERROR)


def test_5_1_reserved_local_accepts_rst_priority_and_window_update() -> None:
    # RFC 9113 §5.1 reserved (local): PRIORITY and WINDOW_UPDATE MAY be
    # received; RST_STREAM closes the reservation.
    conn, peer = _pushing_server()
    events = recv(conn, peer.window_update_frame(2, 100) + peer.priority_frame(2, 1, 7))
    assert [type(e) for e in events] == [WindowUpdated, PriorityUpdated]
    events = recv(conn, peer.rst_frame(2, ErrorCodes.CANCEL))
    assert [type(e) for e in events] == [StreamReset]
    assert events[0].remote_reset is True
    assert conn.data_to_send() == b""


def test_5_1_reserved_local_sends_only_headers_rst_or_priority() -> None:
    # RFC 9113 §5.1 reserved (local): an endpoint MUST NOT send any frame
    # other than HEADERS, RST_STREAM or PRIORITY.
    conn, _ = _pushing_server()
    _nothing_sent_after(conn, lambda: conn.send_data(2, b"early"))
    conn, _ = _pushing_server()
    _nothing_sent_after(conn, lambda: conn.end_stream(2))
    conn, _ = _pushing_server()
    _nothing_sent_after(conn, lambda: conn.increment_flow_control_window(10, stream_id=2))


def test_5_1_reserved_local_headers_half_close_the_stream() -> None:
    # RFC 9113 §5.1 reserved (local): sending HEADERS moves to half-closed (remote).
    conn, _ = _pushing_server()
    conn.send_headers(2, RESPONSE)
    conn.send_data(2, b"pushed body", end_stream=True)
    frames = sent_frames(conn)
    assert [type(f).__name__ for f in frames] == ["HeadersFrame", "DataFrame"]
    assert "END_STREAM" in frames[1].flags


# --------------------------------------------------------------------------
# §5.1 reserved (remote)
# --------------------------------------------------------------------------


def test_5_1_reserved_remote_sends_only_rst_window_update_or_priority() -> None:
    # RFC 9113 §5.1 reserved (remote): MUST NOT send any frame other than
    # RST_STREAM, WINDOW_UPDATE or PRIORITY.
    conn, _ = _pushed_client()
    _nothing_sent_after(conn, lambda: conn.send_headers(2, REQUEST))
    conn, _ = _pushed_client()
    _nothing_sent_after(conn, lambda: conn.send_data(2, b"x"))
    conn, _ = _pushed_client()
    conn.increment_flow_control_window(100, stream_id=2)
    conn.prioritize(2, weight=8)
    conn.reset_stream(2, ErrorCodes.CANCEL)
    queued = summary(conn)
    assert queued[0] == window_update(2, 100)
    assert queued[1][0] == "PriorityFrame"
    assert queued[2] == rst(2, ErrorCodes.CANCEL)


@pytest.mark.parametrize("kind", ["data", "window-update"])
def test_5_1_reserved_remote_rejects_other_frames(kind: str) -> None:
    # RFC 9113 §5.1 reserved (remote): anything but HEADERS, RST_STREAM or
    # PRIORITY MUST be a connection error of type PROTOCOL_ERROR.
    conn, peer = _pushed_client()
    frame = peer.data_frame(2, b"x") if kind == "data" else peer.window_update_frame(2, 5)
    expect_connection_error(conn, frame, ErrorCodes.PROTOCOL_ERROR)


def test_5_1_reserved_remote_accepts_headers_rst_and_priority() -> None:
    # RFC 9113 §5.1 reserved (remote): HEADERS moves it to half-closed (local).
    conn, peer = _pushed_client()
    events = recv(conn, peer.priority_frame(2, 1, 3) + peer.headers_frame(2, RESPONSE))
    assert [type(e) for e in events] == [PriorityUpdated, ResponseReceived]
    events = recv(conn, peer.data_frame(2, b"css", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]
    conn, peer = _pushed_client()
    events = recv(conn, peer.rst_frame(2, ErrorCodes.CANCEL))
    assert [type(e) for e in events] == [StreamReset]
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §5.1 half-closed
# --------------------------------------------------------------------------


def test_5_1_half_closed_local_sends_only_window_update_priority_rst() -> None:
    # RFC 9113 §5.1 half-closed (local): cannot send frames other than
    # WINDOW_UPDATE, PRIORITY and RST_STREAM.
    conn, _ = client_with_request(1, end_stream=True)
    _nothing_sent_after(conn, lambda: conn.send_data(1, b"late"))
    conn, _ = client_with_request(1, end_stream=True)
    _nothing_sent_after(conn, lambda: conn.send_headers(1, [(b"x-trailer", b"1")], end_stream=True))
    conn, _ = client_with_request(1, end_stream=True)
    conn.increment_flow_control_window(10, stream_id=1)
    conn.prioritize(1, weight=200)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    kinds = [item[0] for item in summary(conn)]
    assert kinds == ["WindowUpdateFrame", "PriorityFrame", "RstStreamFrame"]


def test_5_1_half_closed_local_receives_any_frame() -> None:
    # RFC 9113 §5.1 half-closed (local): an endpoint can receive any type of frame.
    conn, peer = client_with_request(1, end_stream=True)
    wire = (
        peer.headers_frame(1, [(b":status", b"103")])
        + peer.headers_frame(1, RESPONSE)
        + peer.window_update_frame(1, 10)
        + peer.priority_frame(1, 0, 1)
        + peer.data_frame(1, b"body")
        + peer.headers_frame(1, [(b"x-trailer", b"1")], end_stream=True)
    )
    kinds = [type(e).__name__ for e in recv(conn, wire)]
    assert kinds == [
        "InformationalResponseReceived", "ResponseReceived", "WindowUpdated",
        "PriorityUpdated", "DataReceived", "TrailersReceived", "StreamEnded",
    ]
    assert conn.data_to_send() == b""


@pytest.mark.parametrize("kind", ["data", "headers"])
def test_5_1_half_closed_remote_frames_are_stream_closed_errors(kind: str) -> None:
    # RFC 9113 §5.1 half-closed (remote): frames other than WINDOW_UPDATE,
    # PRIORITY or RST_STREAM MUST get a stream error of type STREAM_CLOSED.
    conn, peer = server_with_request(1, end_stream=True)
    frame = (peer.data_frame(1, b"more") if kind == "data"
             else peer.headers_frame(1, [(b"x-trailer", b"1")], end_stream=True))
    events = expect_stream_error(conn, frame, 1, ErrorCodes.STREAM_CLOSED)
    assert not events_of(events, DataReceived)
    assert not events_of(events, RequestReceived)


def test_5_1_half_closed_remote_accepts_window_update_priority_rst() -> None:
    # RFC 9113 §5.1 half-closed (remote): WINDOW_UPDATE, PRIORITY, RST_STREAM are fine.
    conn, peer = server_with_request(1, end_stream=True)
    events = recv(conn, peer.window_update_frame(1, 10) + peer.priority_frame(1, 0, 1))
    assert [type(e) for e in events] == [WindowUpdated, PriorityUpdated]
    conn.send_headers(1, RESPONSE)
    conn.send_data(1, b"still sending")
    assert [f[0] for f in summary(conn)] == ["HeadersFrame", "DataFrame"]
    events = recv(conn, peer.rst_frame(1, ErrorCodes.CANCEL))
    assert [type(e) for e in events] == [StreamReset]
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §5.1 closed
# --------------------------------------------------------------------------


def _closed_client() -> tuple[H2Connection, Peer]:
    conn, peer = client_with_request(1, end_stream=True)
    recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    conn.data_to_send()
    return conn, peer


def test_5_1_closed_stream_sends_nothing_but_priority() -> None:
    # RFC 9113 §5.1 closed: an endpoint MUST NOT send frames other than PRIORITY.
    actions: list[Callable[[H2Connection], object]] = [
        lambda c: c.send_data(1, b"x"),
        lambda c: c.send_headers(1, [(b"x-trailer", b"1")], end_stream=True),
        lambda c: c.end_stream(1),
        lambda c: c.reset_stream(1),
        lambda c: c.increment_flow_control_window(10, stream_id=1),
    ]
    for action in actions:
        conn, _ = _closed_client()
        _nothing_sent_after(conn, functools.partial(action, conn), StreamClosedError)
    conn, _ = _closed_client()
    conn.prioritize(1, weight=16)
    assert [f[0] for f in summary(conn)] == ["PriorityFrame"]


def test_5_1_closed_after_our_reset_data_still_counts_for_the_connection() -> None:
    # RFC 9113 §5.1 closed / §6.9: after we send RST_STREAM, DATA frames still
    # count toward the connection flow-control window.
    conn, peer = server_with_request(1)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    before = conn.inbound_flow_control_window
    credited = 0
    for _ in range(4):
        recv(conn, peer.data_frame(1, b"x" * 10000))
        for item in summary(conn):
            assert item[0] in ("RstStreamFrame", "WindowUpdateFrame"), item
            if item[0] == "WindowUpdateFrame":
                assert item[1] == 0
                credited += item[2]
    assert conn.inbound_flow_control_window == before - 40000 + credited


def test_5_1_closed_after_our_reset_push_promise_keeps_hpack_in_step() -> None:
    # RFC 9113 §5.1 closed: a PUSH_PROMISE on a stream we reset MUST be
    # minimally processed (compression state updated); the promised stream may
    # be refused with RST_STREAM but the connection survives.
    conn, peer = client_with_request(1, end_stream=True)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    recv(conn, peer.push_promise_frame(1, 2, request([(b"x-push", b"marker")])))
    for item in summary(conn):
        assert item in (rst(2, ErrorCodes.REFUSED_STREAM), rst(2, ErrorCodes.CANCEL)), item
    conn.send_headers(3, REQUEST, end_stream=True)
    conn.data_to_send()
    block = peer.block([(b":status", b"200"), (b"x-push", b"marker")])
    events = recv(conn, Peer.raw_headers(3, block, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]
    assert (b"x-push", b"marker") in events[0].headers


# --------------------------------------------------------------------------
# §5.1.1 stream identifiers
# --------------------------------------------------------------------------


def test_5_1_1_client_streams_are_odd() -> None:
    # RFC 9113 §5.1.1: client-initiated streams MUST use odd identifiers.
    conn, _ = client()
    assert conn.get_next_available_stream_id() == 1
    conn.send_headers(1, REQUEST, end_stream=True)
    assert conn.get_next_available_stream_id() == 3
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.send_headers(4, REQUEST), ProtocolError)


def test_5_1_1_server_streams_are_even() -> None:
    # RFC 9113 §5.1.1: server-initiated streams MUST use even identifiers.
    conn, _ = server_with_request(1)
    assert conn.get_next_available_stream_id() == 2
    _nothing_sent_after(conn, lambda: conn.push_stream(1, 3, REQUEST), ProtocolError)


def test_5_1_1_outbound_ids_must_increase() -> None:
    # RFC 9113 §5.1.1: a new stream id MUST be greater than all ids already used.
    conn, _ = client()
    conn.send_headers(5, REQUEST, end_stream=True)
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.send_headers(3, REQUEST), StreamIDTooLowError)


def test_5_1_1_promised_ids_must_increase() -> None:
    # RFC 9113 §5.1.1: ids reserved by PUSH_PROMISE also count.
    conn, _ = server_with_request(1)
    conn.push_stream(1, 4, REQUEST)
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.push_stream(1, 2, REQUEST), StreamIDTooLowError)


def test_5_1_1_inbound_id_lower_than_a_used_one_is_connection_error() -> None:
    # RFC 9113 §5.1.1: an unexpected stream identifier MUST be a connection
    # error of type PROTOCOL_ERROR.
    conn, peer = server_with_request(3, end_stream=True)
    expect_connection_error(conn, peer.headers_frame(1, REQUEST), ErrorCodes.PROTOCOL_ERROR,
                            last_stream_id=3)


def test_5_1_1_inbound_promised_id_must_increase() -> None:
    # RFC 9113 §5.1.1 / §6.6: a promised id not above earlier ones is illegal.
    conn, peer = client_with_request(1)
    recv(conn, peer.push_promise_frame(1, 4, request(path=b"/a")))
    expect_connection_error(conn, peer.push_promise_frame(1, 2, request(path=b"/b")),
                            ErrorCodes.PROTOCOL_ERROR)


def test_5_1_1_skipped_ids_are_closed() -> None:
    # RFC 9113 §5.1.1: opening stream 5 implicitly closes idle streams 1 and 3;
    # DATA there is a stream error STREAM_CLOSED (§6.1), HEADERS a connection error.
    conn, peer = server_with_request(5)
    expect_stream_error(conn, peer.data_frame(3, b"x"), 3, ErrorCodes.STREAM_CLOSED)
    expect_connection_error(conn, peer.headers_frame(1, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_5_1_1_identifiers_run_out() -> None:
    # RFC 9113 §5.1.1: identifiers cannot be reused; past 2^31-1 none is left.
    conn, _ = client()
    conn.send_headers(2**31 - 1, REQUEST, end_stream=True)
    with pytest.raises(NoAvailableStreamIDError):
        conn.get_next_available_stream_id()


# --------------------------------------------------------------------------
# §5.1.2 concurrency
# --------------------------------------------------------------------------


def test_5_1_2_client_does_not_exceed_peer_limit() -> None:
    # RFC 9113 §5.1.2: endpoints MUST NOT exceed the limit set by their peer.
    conn, peer = client()
    recv(conn, peer.settings_frame({SettingCodes.MAX_CONCURRENT_STREAMS: 2}))
    conn.send_headers(1, REQUEST)
    conn.send_headers(3, REQUEST)
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.send_headers(5, REQUEST), TooManyStreamsError)
    # Once a stream closes there is room again.
    conn.end_stream(1)
    recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    conn.data_to_send()
    conn.send_headers(5, REQUEST)
    assert [f[0] for f in summary(conn)] == ["HeadersFrame"]


def test_5_1_2_server_does_not_open_pushed_streams_beyond_client_limit() -> None:
    # RFC 9113 §5.1.2: reserved streams do not count, but opening them does,
    # and the server MUST NOT exceed the client's SETTINGS_MAX_CONCURRENT_STREAMS.
    conn, peer = server_with_request(1)
    recv(conn, peer.settings_frame({SettingCodes.MAX_CONCURRENT_STREAMS: 1}))
    conn.push_stream(1, 2, request(path=b"/a"))
    conn.push_stream(1, 4, request(path=b"/b"))  # reservations are not limited
    conn.send_headers(2, RESPONSE)
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.send_headers(4, RESPONSE), TooManyStreamsError)


def test_5_1_2_excess_inbound_stream_is_a_stream_error() -> None:
    # RFC 9113 §5.1.2: HEADERS exceeding our advertised limit MUST be a stream
    # error of type PROTOCOL_ERROR or REFUSED_STREAM (not a connection error).
    conn, peer = server()
    conn.update_settings({SettingCodes.MAX_CONCURRENT_STREAMS: 1})
    conn.data_to_send()
    acked = recv(conn, peer.settings_frame(ack=True))
    assert [type(e) for e in acked] == [SettingsAcknowledged]
    recv(conn, peer.headers_frame(1, REQUEST))
    events = recv(conn, peer.headers_frame(3, request([(b"x-extra", b"in-table")])))
    assert not events_of(events, RequestReceived)
    queued = summary(conn)
    refusals = ([rst(3, ErrorCodes.REFUSED_STREAM)], [rst(3, ErrorCodes.PROTOCOL_ERROR)])
    assert queued in refusals, queued
    # The refused block was still decoded: a later stream can index its fields.
    recv(conn, peer.data_frame(1, b"", end_stream=True))
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    events = recv(conn, peer.headers_frame(5, request([(b"x-extra", b"in-table")])))
    assert [type(e) for e in events] == [RequestReceived]
    assert (b"x-extra", b"in-table") in events[0].headers


def test_5_1_2_reserved_streams_do_not_count() -> None:
    # RFC 9113 §5.1.2: streams in a reserved state do not count toward the limit.
    conn, peer = client_with_request(1)
    conn.update_settings({SettingCodes.MAX_CONCURRENT_STREAMS: 1})
    conn.data_to_send()
    recv(conn, peer.settings_frame(ack=True))
    wire = b"".join(
        peer.push_promise_frame(1, sid, request(path=b"/%d" % sid)) for sid in (2, 4, 6)
    )
    events = recv(conn, wire)
    assert [type(e) for e in events] == [PushedStreamReceived] * 3
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §5.4 error handling
# --------------------------------------------------------------------------


def test_5_4_1_goaway_names_last_processed_stream_and_connection_stops() -> None:
    # RFC 9113 §5.4.1: GOAWAY carries the last stream successfully received;
    # afterwards the connection does no further work.
    conn, peer = server_with_request(1)
    recv(conn, peer.headers_frame(3, REQUEST))
    conn.data_to_send()
    expect_connection_error(conn, raw_frame(0x6, 0, 0, b"short"), ErrorCodes.FRAME_SIZE_ERROR,
                            last_stream_id=3)
    with pytest.raises(ProtocolError):
        conn.send_headers(1, RESPONSE)
    assert conn.data_to_send() == b""


def test_5_4_1_nothing_but_goaway_after_a_connection_error() -> None:
    # RFC 9113 §5.4.1: after the GOAWAY for an error condition the connection
    # is finished; later frames produce no stream activity (found by test_fuzz).
    conn, peer = client_with_request(1, end_stream=False)
    conn.close_connection(ErrorCodes.PROTOCOL_ERROR)
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        recv(conn, peer.data_frame(1, b""))
    for frame in (raw_frame(0x8, 0, 1, b"\x00\x00\x00\x00"), raw_frame(0x2, 0, 1, b"\x00" * 4),
                  peer.window_update_frame(1, 10), peer.rst_frame(1)):
        try:
            events = recv(conn, frame)
        except ProtocolError:
            events = []
        assert [type(e).__name__ for e in events] in ([], ["ConnectionTerminated"])
    assert {item[0] for item in summary(conn)} <= {"GoAwayFrame"}


def test_5_4_1_no_window_update_after_a_connection_error() -> None:
    # RFC 9113 §5.4.1: once the GOAWAY for an error is queued nothing else is
    # sent, not even flow-control credit for data acknowledged late (found by
    # test_fuzz).
    conn, peer = client_with_request(1, end_stream=True)
    recv(conn, peer.headers_frame(1, RESPONSE)
                      + b"".join(peer.data_frame(1, b"x" * 15000) for _ in range(3)))
    with pytest.raises(ProtocolError):
        recv(conn, raw_frame(0x6, 0, 0, b"short"))
    assert [item[0] for item in summary(conn)] == ["GoAwayFrame"]
    with contextlib.suppress(ProtocolError):
        conn.acknowledge_received_data(45000, 1)
    assert conn.data_to_send() == b""


def test_5_4_2_rst_stream_is_never_answered_with_rst_stream() -> None:
    # RFC 9113 §5.4.2: an endpoint MUST NOT send RST_STREAM in response to RST_STREAM.
    conn, peer = server_with_request(1)
    recv(conn, peer.headers_frame(3, REQUEST))
    events = recv(conn, peer.rst_frame(1, ErrorCodes.CANCEL))
    assert [type(e) for e in events] == [StreamReset]
    assert events[0].error_code == ErrorCodes.CANCEL
    assert events[0].remote_reset is True
    recv(conn, peer.rst_frame(1, ErrorCodes.CANCEL))  # again, on a closed stream
    conn.reset_stream(3, ErrorCodes.INTERNAL_ERROR)
    assert summary(conn) == [rst(3, ErrorCodes.INTERNAL_ERROR)]
    recv(conn, peer.rst_frame(3, ErrorCodes.CANCEL))  # crossing resets
    assert conn.data_to_send() == b""
    assert_alive(conn)


def test_5_4_2_rst_stream_is_the_last_frame_on_a_stream() -> None:
    # RFC 9113 §5.4.2 / §6.4: after RST_STREAM nothing more is sent on the stream.
    conn, _ = server_with_request(1)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    _nothing_sent_after(conn, lambda: conn.send_headers(1, RESPONSE), StreamClosedError)
    _nothing_sent_after(conn, lambda: conn.send_data(1, b"x"), StreamClosedError)


# --------------------------------------------------------------------------
# §5.5 extending HTTP/2
# --------------------------------------------------------------------------


def test_5_5_unknown_settings_are_ignored() -> None:
    # RFC 9113 §5.5 / §6.5.2: unknown setting identifiers MUST be ignored.
    conn, peer = client_with_request(1, end_stream=False)
    window = conn.local_flow_control_window(1)
    events = recv(conn, peer.settings_frame({0x99: 12345, 0xFFFF: 0}))
    assert [type(e) for e in events] == [RemoteSettingsChanged]
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]
    assert conn.local_flow_control_window(1) == window
    conn.send_data(1, b"fine", end_stream=True)


def test_5_5_unknown_frame_type_inside_field_block_is_connection_error() -> None:
    # RFC 9113 §5.5: extension frames in the middle of a field block MUST be a
    # connection error of type PROTOCOL_ERROR.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, REQUEST, end_headers=False))
    expect_connection_error(conn, raw_frame(0xEE, 0, 1, b"x"), ErrorCodes.PROTOCOL_ERROR)


def test_5_5_unknown_frames_do_not_change_state() -> None:
    # RFC 9113 §5.5: unknown types MUST be discarded wherever they appear.
    conn, peer = client_with_request(1)
    events = recv(conn, raw_frame(0x20, 0x1, 1, b"") + raw_frame(0xFF, 0, 0, b"z" * 100))
    assert [type(e) for e in events] == [UnknownFrameReceived, UnknownFrameReceived]
    events = recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]


def test_5_5_setting_based_extension_starts_disabled() -> None:
    # RFC 9113 §5.5: a setting used to negotiate an extension MUST start
    # disabled (SETTINGS_ENABLE_CONNECT_PROTOCOL, RFC 8441, starts at 0).
    conn, _ = server()
    assert conn.local_settings.enable_connect_protocol == 0
    assert conn.remote_settings.enable_connect_protocol == 0


def test_5_5_unknown_error_codes_are_carried_without_special_behaviour() -> None:
    # RFC 9113 §5.5 / §7: unknown error codes MUST NOT trigger special behaviour.
    conn, peer = server_with_request(1)
    recv(conn, peer.headers_frame(3, REQUEST))
    events = recv(conn, peer.rst_frame(1, 0xDEAD))
    assert [type(e) for e in events] == [StreamReset]
    assert events[0].error_code == 0xDEAD
    assert conn.data_to_send() == b""
    events = recv(conn, peer.goaway_frame(3, 0xBEEF, b"bye"))
    assert [type(e) for e in events] == [ConnectionTerminated]
    assert events[0].error_code == 0xBEEF
    assert events[0].additional_data == b"bye"
