"""The per-stream transition table (RFC 9113 §5.1; contract §5.7 with our RFC fixes).

Every (state, input) pair is exercised.  Differences from the incumbent's
table, each required by RFC 9113 §5.1 / §6.6 and listed in
docs/compatibility/h2.md:
* reserved (local): DATA received and WINDOW_UPDATE sent are not allowed;
* reserved (remote): DATA and WINDOW_UPDATE received are not allowed;
* idle: DATA received is not allowed (a connection error, not a reset);
* half-closed (remote): PUSH_PROMISE received is a connection error.
"""

from __future__ import annotations

from typing import Any

import pytest

from h2._stream_state import STREAM_TRANSITIONS, MalformedMessageError
from h2.errors import ErrorCodes
from h2.events import (
    AlternativeServiceAvailable,
    DataReceived,
    InformationalResponseReceived,
    PushedStreamReceived,
    RequestReceived,
    ResponseReceived,
    StreamEnded,
    StreamReset,
    TrailersReceived,
    WindowUpdated,
    _PushedRequestSent,
    _RequestSent,
    _ResponseSent,
    _TrailersSent,
)
from h2.exceptions import ProtocolError, StreamClosedError
from h2.stream import H2Stream, H2StreamStateMachine, StreamClosedBy, StreamInputs, StreamState

S = StreamState
I = StreamInputs  # noqa: E741
CLOSED_BY = StreamClosedBy

# (state, input) -> target state.  Absent pairs raise ProtocolError.
EXPECTED: dict[tuple[StreamState, StreamInputs], StreamState] = {
    (S.IDLE, I.SEND_HEADERS): S.OPEN,
    (S.IDLE, I.RECV_HEADERS): S.OPEN,
    (S.IDLE, I.SEND_PUSH_PROMISE): S.RESERVED_LOCAL,
    (S.IDLE, I.RECV_PUSH_PROMISE): S.RESERVED_REMOTE,
    (S.IDLE, I.RECV_ALTERNATIVE_SERVICE): S.IDLE,
    (S.IDLE, I.UPGRADE_CLIENT): S.HALF_CLOSED_LOCAL,
    (S.IDLE, I.UPGRADE_SERVER): S.HALF_CLOSED_REMOTE,
    (S.RESERVED_LOCAL, I.SEND_HEADERS): S.HALF_CLOSED_REMOTE,
    (S.RESERVED_LOCAL, I.RECV_WINDOW_UPDATE): S.RESERVED_LOCAL,
    (S.RESERVED_LOCAL, I.SEND_RST_STREAM): S.CLOSED,
    (S.RESERVED_LOCAL, I.RECV_RST_STREAM): S.CLOSED,
    (S.RESERVED_LOCAL, I.SEND_ALTERNATIVE_SERVICE): S.RESERVED_LOCAL,
    (S.RESERVED_LOCAL, I.RECV_ALTERNATIVE_SERVICE): S.RESERVED_LOCAL,
    (S.RESERVED_REMOTE, I.RECV_HEADERS): S.HALF_CLOSED_LOCAL,
    (S.RESERVED_REMOTE, I.SEND_WINDOW_UPDATE): S.RESERVED_REMOTE,
    (S.RESERVED_REMOTE, I.SEND_RST_STREAM): S.CLOSED,
    (S.RESERVED_REMOTE, I.RECV_RST_STREAM): S.CLOSED,
    (S.RESERVED_REMOTE, I.RECV_ALTERNATIVE_SERVICE): S.RESERVED_REMOTE,
    (S.OPEN, I.SEND_HEADERS): S.OPEN,
    (S.OPEN, I.RECV_HEADERS): S.OPEN,
    (S.OPEN, I.SEND_DATA): S.OPEN,
    (S.OPEN, I.RECV_DATA): S.OPEN,
    (S.OPEN, I.SEND_END_STREAM): S.HALF_CLOSED_LOCAL,
    (S.OPEN, I.RECV_END_STREAM): S.HALF_CLOSED_REMOTE,
    (S.OPEN, I.SEND_WINDOW_UPDATE): S.OPEN,
    (S.OPEN, I.RECV_WINDOW_UPDATE): S.OPEN,
    (S.OPEN, I.SEND_RST_STREAM): S.CLOSED,
    (S.OPEN, I.RECV_RST_STREAM): S.CLOSED,
    (S.OPEN, I.SEND_PUSH_PROMISE): S.OPEN,
    (S.OPEN, I.RECV_PUSH_PROMISE): S.OPEN,
    (S.OPEN, I.SEND_INFORMATIONAL_HEADERS): S.OPEN,
    (S.OPEN, I.RECV_INFORMATIONAL_HEADERS): S.OPEN,
    (S.OPEN, I.SEND_ALTERNATIVE_SERVICE): S.OPEN,
    (S.OPEN, I.RECV_ALTERNATIVE_SERVICE): S.OPEN,
    (S.HALF_CLOSED_REMOTE, I.SEND_HEADERS): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.RECV_HEADERS): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.SEND_DATA): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.RECV_DATA): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.SEND_END_STREAM): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.SEND_WINDOW_UPDATE): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.RECV_WINDOW_UPDATE): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.SEND_RST_STREAM): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.RECV_RST_STREAM): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.SEND_PUSH_PROMISE): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.RECV_PUSH_PROMISE): S.CLOSED,
    (S.HALF_CLOSED_REMOTE, I.SEND_INFORMATIONAL_HEADERS): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.SEND_ALTERNATIVE_SERVICE): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_REMOTE, I.RECV_ALTERNATIVE_SERVICE): S.HALF_CLOSED_REMOTE,
    (S.HALF_CLOSED_LOCAL, I.RECV_HEADERS): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.RECV_DATA): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.RECV_END_STREAM): S.CLOSED,
    (S.HALF_CLOSED_LOCAL, I.SEND_WINDOW_UPDATE): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.RECV_WINDOW_UPDATE): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.SEND_RST_STREAM): S.CLOSED,
    (S.HALF_CLOSED_LOCAL, I.RECV_RST_STREAM): S.CLOSED,
    (S.HALF_CLOSED_LOCAL, I.RECV_PUSH_PROMISE): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.RECV_INFORMATIONAL_HEADERS): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.SEND_ALTERNATIVE_SERVICE): S.HALF_CLOSED_LOCAL,
    (S.HALF_CLOSED_LOCAL, I.RECV_ALTERNATIVE_SERVICE): S.HALF_CLOSED_LOCAL,
    **{(S.CLOSED, i): S.CLOSED for i in (
        I.RECV_END_STREAM, I.RECV_ALTERNATIVE_SERVICE, I.RECV_WINDOW_UPDATE,
        I.RECV_RST_STREAM, I.RECV_HEADERS, I.RECV_DATA, I.RECV_PUSH_PROMISE,
        I.SEND_HEADERS, I.SEND_DATA, I.SEND_RST_STREAM, I.SEND_WINDOW_UPDATE,
        I.SEND_END_STREAM, I.SEND_PUSH_PROMISE)},
}


def machine(state: StreamState, **attrs: Any) -> H2StreamStateMachine:
    m = H2StreamStateMachine(7)
    m.state = state
    for key, value in attrs.items():
        setattr(m, key, value)
    return m


def test_enums_match_the_contract() -> None:
    assert [m.value for m in S] == list(range(7))
    assert [m.name for m in S] == ["IDLE", "RESERVED_REMOTE", "RESERVED_LOCAL", "OPEN",
                                   "HALF_CLOSED_REMOTE", "HALF_CLOSED_LOCAL", "CLOSED"]
    assert [m.value for m in I] == list(range(19))
    assert [m.value for m in CLOSED_BY] == [0, 1, 2, 3]


def test_table_has_exactly_the_expected_pairs() -> None:
    assert {k: v[0] for k, v in STREAM_TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("inp", list(I))
def test_invalid_pairs_close_the_stream(state: StreamState, inp: StreamInputs) -> None:
    if (state, inp) in EXPECTED:
        return
    m = machine(state)
    with pytest.raises(ProtocolError, match="Invalid input"):
        m.process_input(inp)
    assert m.state is S.CLOSED


def test_continuation_is_never_valid() -> None:
    assert not [k for k in STREAM_TRANSITIONS if k[1] is I.RECV_CONTINUATION]


def test_non_input_is_value_error() -> None:
    m = machine(S.OPEN)
    with pytest.raises(ValueError):
        m.process_input(3)  # type: ignore[arg-type]
    assert m.state is S.OPEN


# -- actions ---------------------------------------------------------------------


def test_request_sent_and_received() -> None:
    m = machine(S.IDLE)
    assert [type(e) for e in m.process_input(I.SEND_HEADERS)] == [_RequestSent]
    assert (m.client, m.headers_sent, m.state) == (True, True, S.OPEN)
    m = machine(S.IDLE)
    (event,) = m.process_input(I.RECV_HEADERS)
    assert isinstance(event, RequestReceived) and event.stream_id == 7
    assert (m.client, m.headers_received) == (False, True)


def test_upgrades() -> None:
    m = machine(S.IDLE)
    m.process_input(I.UPGRADE_CLIENT)
    assert (m.state, m.client) == (S.HALF_CLOSED_LOCAL, True)
    m = machine(S.IDLE)
    m.process_input(I.UPGRADE_SERVER)
    assert (m.state, m.client) == (S.HALF_CLOSED_REMOTE, False)


def test_response_then_trailers_sent() -> None:
    m = machine(S.OPEN, client=False, headers_received=True)
    assert [type(e) for e in m.process_input(I.SEND_HEADERS)] == [_ResponseSent]
    assert [type(e) for e in m.process_input(I.SEND_HEADERS)] == [_TrailersSent]
    with pytest.raises(ProtocolError):
        m.process_input(I.SEND_HEADERS)
    assert m.state is S.CLOSED


@pytest.mark.parametrize("client", [True, None])
def test_client_cannot_send_responses(client: bool | None) -> None:
    m = machine(S.OPEN, client=client)
    with pytest.raises(ProtocolError, match=r"Client cannot send responses\."):
        m.process_input(I.SEND_HEADERS)
    assert m.state is S.CLOSED


def test_response_then_trailers_received() -> None:
    m = machine(S.HALF_CLOSED_LOCAL, client=True, headers_sent=True)
    assert [type(e) for e in m.process_input(I.RECV_HEADERS)] == [ResponseReceived]
    assert [type(e) for e in m.process_input(I.RECV_HEADERS)] == [TrailersReceived]
    with pytest.raises(ProtocolError):
        m.process_input(I.RECV_HEADERS)


def test_response_on_a_stream_we_did_not_open() -> None:
    m = machine(S.OPEN, client=None)
    with pytest.raises(ProtocolError):
        m.process_input(I.RECV_HEADERS)


def test_data_received_needs_headers() -> None:
    m = machine(S.OPEN, client=True)
    with pytest.raises(MalformedMessageError, match="cannot receive data before headers"):
        m.process_input(I.RECV_DATA)
    assert m.state is S.CLOSED
    m = machine(S.OPEN, client=True, headers_received=True)
    (event,) = m.process_input(I.RECV_DATA)
    assert isinstance(event, DataReceived)


def test_server_sends_no_data_before_its_response() -> None:
    # RFC 9113 §8.1 (Appendix B 31 fixed).
    m = machine(S.OPEN, client=False, headers_received=True)
    with pytest.raises(ProtocolError):
        m.process_input(I.SEND_DATA)
    m = machine(S.OPEN, client=False, headers_sent=True)
    assert m.process_input(I.SEND_DATA) == []
    m = machine(S.OPEN, client=True, headers_sent=True)
    assert m.process_input(I.SEND_DATA) == []


def test_server_cannot_end_a_stream_before_its_response() -> None:
    # RFC 9113 §8.1: end_stream() sends DATA, which must follow the response HEADERS.
    for state in (S.OPEN, S.HALF_CLOSED_REMOTE):
        m = machine(state, client=False, headers_received=True)
        with pytest.raises(ProtocolError):
            m.process_input(I.SEND_END_STREAM)


def test_end_stream_transitions_and_closed_by() -> None:
    m = machine(S.OPEN)
    assert [type(e) for e in m.process_input(I.RECV_END_STREAM)] == [StreamEnded]
    assert m.state is S.HALF_CLOSED_REMOTE and m.stream_closed_by is None
    assert m.process_input(I.SEND_END_STREAM) == []
    assert (m.state, m.stream_closed_by) == (S.CLOSED, CLOSED_BY.SEND_END_STREAM)
    m = machine(S.OPEN)
    m.process_input(I.SEND_END_STREAM)
    assert m.state is S.HALF_CLOSED_LOCAL
    assert [type(e) for e in m.process_input(I.RECV_END_STREAM)] == [StreamEnded]
    assert m.stream_closed_by is CLOSED_BY.RECV_END_STREAM


@pytest.mark.parametrize("state", [S.OPEN, S.HALF_CLOSED_LOCAL, S.HALF_CLOSED_REMOTE,
                                   S.RESERVED_LOCAL, S.RESERVED_REMOTE])
def test_resets(state: StreamState) -> None:
    m = machine(state)
    assert m.process_input(I.SEND_RST_STREAM) == []
    assert m.stream_closed_by is CLOSED_BY.SEND_RST_STREAM
    m = machine(state)
    (event,) = m.process_input(I.RECV_RST_STREAM)
    assert isinstance(event, StreamReset) and event.stream_id == 7
    assert m.stream_closed_by is CLOSED_BY.RECV_RST_STREAM


@pytest.mark.parametrize("state", [S.OPEN, S.HALF_CLOSED_LOCAL, S.HALF_CLOSED_REMOTE,
                                   S.RESERVED_LOCAL])
def test_window_updates(state: StreamState) -> None:
    m = machine(state)
    (event,) = m.process_input(I.RECV_WINDOW_UPDATE)
    assert isinstance(event, WindowUpdated)


@pytest.mark.parametrize("inp", [I.RECV_DATA, I.RECV_HEADERS])
def test_frames_after_remote_end_stream_reset_the_stream(inp: StreamInputs) -> None:
    m = machine(S.HALF_CLOSED_REMOTE)
    with pytest.raises(StreamClosedError) as info:
        m.process_input(inp)
    (event,) = info.value._events
    assert isinstance(event, StreamReset)
    assert (event.error_code, event.remote_reset) == (ErrorCodes.STREAM_CLOSED, False)
    assert (m.state, m.stream_closed_by) == (S.CLOSED, CLOSED_BY.SEND_RST_STREAM)


def test_push_on_half_closed_remote_parent_is_protocol_error() -> None:
    # RFC 9113 §6.6 (Appendix B 22 fixed): a connection error, not a silent close.
    m = machine(S.HALF_CLOSED_REMOTE, client=True)
    with pytest.raises(ProtocolError) as info:
        m.process_input(I.RECV_PUSH_PROMISE)
    assert not isinstance(info.value, StreamClosedError)


def test_push_reservations() -> None:
    m = machine(S.IDLE)
    assert m.process_input(I.SEND_PUSH_PROMISE) == []
    assert (m.client, m.headers_received) == (False, True)
    m = machine(S.IDLE)
    assert m.process_input(I.RECV_PUSH_PROMISE) == []
    assert (m.client, m.headers_sent) == (True, True)


def test_push_send_and_receive_rules() -> None:
    assert [type(e) for e in machine(S.OPEN, client=False).process_input(
        I.SEND_PUSH_PROMISE)] == [_PushedRequestSent]
    with pytest.raises(ProtocolError):
        machine(S.OPEN, client=True).process_input(I.SEND_PUSH_PROMISE)
    (event,) = machine(S.HALF_CLOSED_LOCAL, client=True).process_input(I.RECV_PUSH_PROMISE)
    assert isinstance(event, PushedStreamReceived) and event.parent_stream_id == 7
    with pytest.raises(ProtocolError):
        machine(S.OPEN, client=False).process_input(I.RECV_PUSH_PROMISE)


def test_informational_rules() -> None:
    assert [type(e) for e in machine(S.OPEN).process_input(
        I.SEND_INFORMATIONAL_HEADERS)] == [_ResponseSent]
    m = machine(S.OPEN, headers_sent=True)
    with pytest.raises(ProtocolError, match="Information response after final response"):
        m.process_input(I.SEND_INFORMATIONAL_HEADERS)
    (event,) = machine(S.OPEN).process_input(I.RECV_INFORMATIONAL_HEADERS)
    assert isinstance(event, InformationalResponseReceived)
    with pytest.raises(MalformedMessageError):
        machine(S.OPEN, headers_received=True).process_input(I.RECV_INFORMATIONAL_HEADERS)


def test_altsvc_rules() -> None:
    assert machine(S.OPEN).process_input(I.SEND_ALTERNATIVE_SERVICE) == []
    with pytest.raises(ProtocolError):
        machine(S.OPEN, headers_sent=True).process_input(I.SEND_ALTERNATIVE_SERVICE)
    (event,) = machine(S.OPEN, client=True).process_input(I.RECV_ALTERNATIVE_SERVICE)
    assert isinstance(event, AlternativeServiceAvailable)
    assert machine(S.OPEN, client=False).process_input(I.RECV_ALTERNATIVE_SERVICE) == []
    assert machine(S.OPEN, client=True, headers_received=True).process_input(
        I.RECV_ALTERNATIVE_SERVICE) == []
    assert machine(S.IDLE).process_input(I.RECV_ALTERNATIVE_SERVICE) == []


@pytest.mark.parametrize("inp", [I.RECV_END_STREAM, I.RECV_ALTERNATIVE_SERVICE,
                                 I.RECV_WINDOW_UPDATE, I.RECV_RST_STREAM])
def test_closed_ignores_late_frames(inp: StreamInputs) -> None:
    assert machine(S.CLOSED).process_input(inp) == []


@pytest.mark.parametrize("inp", [I.RECV_HEADERS, I.RECV_DATA, I.SEND_HEADERS, I.SEND_DATA,
                                 I.SEND_RST_STREAM, I.SEND_WINDOW_UPDATE, I.SEND_END_STREAM])
def test_closed_raises_stream_closed(inp: StreamInputs) -> None:
    with pytest.raises(StreamClosedError):
        machine(S.CLOSED).process_input(inp)


def test_push_on_closed_streams() -> None:
    with pytest.raises(ProtocolError, match=r"Attempted to push on closed stream\."):
        machine(S.CLOSED).process_input(I.SEND_PUSH_PROMISE)
    with pytest.raises(StreamClosedError):
        machine(S.CLOSED, stream_closed_by=CLOSED_BY.SEND_RST_STREAM).process_input(
            I.RECV_PUSH_PROMISE)
    with pytest.raises(ProtocolError) as info:
        machine(S.CLOSED, stream_closed_by=CLOSED_BY.RECV_END_STREAM).process_input(
            I.RECV_PUSH_PROMISE)
    assert not isinstance(info.value, StreamClosedError)


def test_snapshot_and_restore() -> None:
    m = machine(S.OPEN, client=False, headers_received=True)
    snap = m.snapshot()
    m.process_input(I.SEND_HEADERS)
    m.process_input(I.SEND_END_STREAM)
    m.restore(snap)
    assert (m.state, m.headers_sent) == (S.OPEN, None)


def test_h2stream_repr_and_properties() -> None:
    stream = H2Stream(4, None, 12, 14)
    assert repr(stream) == "<H2Stream id:4 state:<StreamState.IDLE: 0>>"
    assert (stream.open, stream.closed, stream.closed_by) == (False, False, None)
    assert stream.inbound_flow_control_window == 12
    assert stream.outbound_flow_control_window == 14
    assert stream.max_outbound_frame_size is None and stream.request_method is None
    stream.state_machine.state = S.HALF_CLOSED_LOCAL
    assert stream.open


def test_reset_locally() -> None:
    m = machine(S.OPEN)
    m.reset_locally()
    assert (m.state, m.stream_closed_by) == (S.CLOSED, CLOSED_BY.SEND_RST_STREAM)
