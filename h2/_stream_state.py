"""The per-stream state machine of RFC 9113 §5.1, as a transition table.

``STREAM_TRANSITIONS`` maps ``(state, input)`` to ``(next state, action)``.
An action is a small function run *after* the state moved; it may set the
bookkeeping flags of the machine, return events, or raise.  Pairs that are
absent from the table are protocol errors.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, IntEnum

from .errors import ErrorCodes
from .events import (
    AlternativeServiceAvailable,
    DataReceived,
    Event,
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
from .exceptions import ProtocolError, StreamClosedError

__all__ = [
    "STREAM_TRANSITIONS",
    "H2StreamStateMachine",
    "MalformedMessageError",
    "StreamClosedBy",
    "StreamInputs",
    "StreamState",
]


class StreamState(IntEnum):
    IDLE = 0
    RESERVED_REMOTE = 1
    RESERVED_LOCAL = 2
    OPEN = 3
    HALF_CLOSED_REMOTE = 4
    HALF_CLOSED_LOCAL = 5
    CLOSED = 6


class StreamInputs(Enum):
    SEND_HEADERS = 0
    SEND_PUSH_PROMISE = 1
    SEND_RST_STREAM = 2
    SEND_DATA = 3
    SEND_WINDOW_UPDATE = 4
    SEND_END_STREAM = 5
    RECV_HEADERS = 6
    RECV_PUSH_PROMISE = 7
    RECV_RST_STREAM = 8
    RECV_DATA = 9
    RECV_WINDOW_UPDATE = 10
    RECV_END_STREAM = 11
    RECV_CONTINUATION = 12  # never valid: CONTINUATION only inside a header block
    SEND_INFORMATIONAL_HEADERS = 13
    RECV_INFORMATIONAL_HEADERS = 14
    SEND_ALTERNATIVE_SERVICE = 15
    RECV_ALTERNATIVE_SERVICE = 16
    UPGRADE_CLIENT = 17
    UPGRADE_SERVER = 18

    # Identity hashing in C: these members key the transition tables.
    __hash__ = object.__hash__


class StreamClosedBy(Enum):
    SEND_END_STREAM = 0
    RECV_END_STREAM = 1
    SEND_RST_STREAM = 2
    RECV_RST_STREAM = 3

    # Identity hashing in C: these members key the transition tables.
    __hash__ = object.__hash__


class MalformedMessageError(ProtocolError):
    """The peer's message breaks HTTP/2 message framing (RFC 9113 §8.1.1).

    The connection turns it into a stream error rather than a connection error.
    """


_Snapshot = tuple[
    StreamState, "bool | None", "bool | None", "bool | None", "bool | None", "bool | None",
    "StreamClosedBy | None",
]


class H2StreamStateMachine:
    """State of one stream plus the facts the transition actions consult."""

    __slots__ = (
        "client",
        "headers_received",
        "headers_sent",
        "state",
        "stream_closed_by",
        "stream_id",
        "trailers_received",
        "trailers_sent",
    )

    def __init__(self, stream_id: int) -> None:
        self.state = StreamState.IDLE
        self.stream_id = stream_id
        #: Whether we are the client on this stream (None until known).
        self.client: bool | None = None
        self.headers_sent: bool | None = None
        self.trailers_sent: bool | None = None
        self.headers_received: bool | None = None
        self.trailers_received: bool | None = None
        self.stream_closed_by: StreamClosedBy | None = None

    def process_input(self, input_: StreamInputs) -> list[Event]:
        """Apply ``input_`` and return the events its action produced.

        An input that is not valid in the current state, or an action that
        raises ``ProtocolError``, leaves the stream CLOSED.
        """
        transition = STREAM_TRANSITIONS.get((self.state, input_))
        if transition is None:
            if not isinstance(input_, StreamInputs):
                raise ValueError("Input must be an instance of StreamInputs")
            old_state = self.state
            self.state = StreamState.CLOSED
            raise ProtocolError(f"Invalid input {input_} in state {old_state}")
        self.state, action = transition
        if action is None:
            return []
        try:
            return action(self)
        except ProtocolError:
            self.state = StreamState.CLOSED
            raise

    def reset_locally(self) -> None:
        """We reset the stream because of the peer's stream error (RFC 9113 §5.4.2)."""
        self.state = StreamState.CLOSED
        self.stream_closed_by = StreamClosedBy.SEND_RST_STREAM

    def snapshot(self) -> _Snapshot:
        """Everything :meth:`restore` needs to undo a refused local input."""
        return (self.state, self.client, self.headers_sent, self.trailers_sent,
                self.headers_received, self.trailers_received, self.stream_closed_by)

    def restore(self, snapshot: _Snapshot) -> None:
        (self.state, self.client, self.headers_sent, self.trailers_sent,
         self.headers_received, self.trailers_received,
         self.stream_closed_by) = snapshot


Action = Callable[[H2StreamStateMachine], list[Event]]


# --- actions -----------------------------------------------------------------

def _request_sent(m: H2StreamStateMachine) -> list[Event]:
    m.client = True
    m.headers_sent = True
    return [_RequestSent()]


def _request_received(m: H2StreamStateMachine) -> list[Event]:
    m.client = False
    m.headers_received = True
    return [RequestReceived(stream_id=m.stream_id)]


def _response_sent(m: H2StreamStateMachine) -> list[Event]:
    if not m.headers_sent:
        if m.client is not False:
            raise ProtocolError("Client cannot send responses.")
        m.headers_sent = True
        return [_ResponseSent()]
    if m.trailers_sent:
        raise ProtocolError("Cannot send a header block after the trailers.")
    m.trailers_sent = True
    return [_TrailersSent()]


def _response_received(m: H2StreamStateMachine) -> list[Event]:
    if not m.headers_received:
        if m.client is not True:
            raise ProtocolError("Received a response on a stream we did not open.")
        m.headers_received = True
        return [ResponseReceived(stream_id=m.stream_id)]
    if m.trailers_received:
        raise ProtocolError("Received a header block after the trailers.")
    m.trailers_received = True
    return [TrailersReceived(stream_id=m.stream_id)]


def _data_sent(m: H2StreamStateMachine) -> list[Event]:
    # RFC 9113 §8.1: a response starts with a HEADERS frame.
    if m.client is False and not m.headers_sent:
        raise ProtocolError("Cannot send data before the response headers.")
    return []


def _data_received(m: H2StreamStateMachine) -> list[Event]:
    if not m.headers_received:
        raise MalformedMessageError("cannot receive data before headers")
    return [DataReceived(stream_id=m.stream_id)]


def _window_updated(m: H2StreamStateMachine) -> list[Event]:
    return [WindowUpdated(stream_id=m.stream_id)]


def _reset_by_peer(m: H2StreamStateMachine) -> list[Event]:
    m.stream_closed_by = StreamClosedBy.RECV_RST_STREAM
    return [StreamReset(stream_id=m.stream_id)]


def _reset_by_us(m: H2StreamStateMachine) -> list[Event]:
    m.stream_closed_by = StreamClosedBy.SEND_RST_STREAM
    return []


def _end_stream_received(m: H2StreamStateMachine) -> list[Event]:
    return [StreamEnded(stream_id=m.stream_id)]


def _end_stream_received_closing(m: H2StreamStateMachine) -> list[Event]:
    m.stream_closed_by = StreamClosedBy.RECV_END_STREAM
    return [StreamEnded(stream_id=m.stream_id)]


def _end_stream_sent(m: H2StreamStateMachine) -> list[Event]:
    # The empty DATA frame that ends the stream is DATA too (RFC 9113 §8.1).
    return _data_sent(m)


def _end_stream_sent_closing(m: H2StreamStateMachine) -> list[Event]:
    _data_sent(m)
    m.stream_closed_by = StreamClosedBy.SEND_END_STREAM
    return []


def _frame_after_remote_close(m: H2StreamStateMachine) -> list[Event]:
    # RFC 9113 §5.1 "half-closed (remote)": anything but WINDOW_UPDATE,
    # PRIORITY and RST_STREAM is a stream error of type STREAM_CLOSED.
    m.stream_closed_by = StreamClosedBy.SEND_RST_STREAM
    error = StreamClosedError(m.stream_id)
    error._events = [StreamReset(stream_id=m.stream_id,
                                 error_code=ErrorCodes.STREAM_CLOSED,
                                 remote_reset=False)]
    raise error


def _push_reserved_local(m: H2StreamStateMachine) -> list[Event]:
    m.client = False
    m.headers_received = True
    return []


def _push_reserved_remote(m: H2StreamStateMachine) -> list[Event]:
    m.client = True
    m.headers_sent = True
    return []


def _push_sent(m: H2StreamStateMachine) -> list[Event]:
    if m.client is True:
        raise ProtocolError("Only servers can push streams.")
    return [_PushedRequestSent()]


def _push_received(m: H2StreamStateMachine) -> list[Event]:
    if not m.client:
        raise ProtocolError("Only clients can receive pushed streams.")
    event = PushedStreamReceived()
    event.parent_stream_id = m.stream_id
    return [event]


def _push_on_half_closed_remote(m: H2StreamStateMachine) -> list[Event]:
    # RFC 9113 §6.6: PUSH_PROMISE on a stream that is neither "open" nor
    # "half-closed (local)" is a connection error of type PROTOCOL_ERROR.
    raise ProtocolError("Received PUSH_PROMISE on a half-closed (remote) stream.")


def _informational_sent(m: H2StreamStateMachine) -> list[Event]:
    if m.headers_sent:
        raise ProtocolError("Information response after final response")
    return [_ResponseSent()]


def _informational_received(m: H2StreamStateMachine) -> list[Event]:
    if m.headers_received:
        # RFC 9113 §8.1: a block without END_STREAM after the final response
        # makes the response malformed.
        raise MalformedMessageError("Informational response after final response")
    return [InformationalResponseReceived(stream_id=m.stream_id)]


def _altsvc_sent(m: H2StreamStateMachine) -> list[Event]:
    if m.headers_sent:
        raise ProtocolError("Cannot send ALTSVC after sending response headers.")
    return []


def _altsvc_received(m: H2StreamStateMachine) -> list[Event]:
    # RFC 7838 §4: only a client acts on ALTSVC, and only before the response.
    if m.client is False or m.headers_received:
        return []
    return [AlternativeServiceAvailable()]


def _send_on_closed(m: H2StreamStateMachine) -> list[Event]:
    raise StreamClosedError(m.stream_id)


def _push_on_closed(m: H2StreamStateMachine) -> list[Event]:
    raise ProtocolError("Attempted to push on closed stream.")


def _push_received_on_closed(m: H2StreamStateMachine) -> list[Event]:
    # RFC 9113 §6.6: a PUSH_PROMISE racing our RST_STREAM must be tolerated.
    if m.stream_closed_by is StreamClosedBy.SEND_RST_STREAM:
        raise StreamClosedError(m.stream_id)
    raise ProtocolError("Attempted to push on closed stream.")


# --- the table ----------------------------------------------------------------

def _build_table() -> dict[tuple[StreamState, StreamInputs],
                           tuple[StreamState, Action | None]]:
    S = StreamState
    I = StreamInputs  # noqa: E741
    rows: dict[StreamState, dict[StreamInputs, tuple[StreamState | None, Action | None]]] = {
        S.IDLE: {
            I.SEND_HEADERS: (S.OPEN, _request_sent),
            I.RECV_HEADERS: (S.OPEN, _request_received),
            I.SEND_PUSH_PROMISE: (S.RESERVED_LOCAL, _push_reserved_local),
            I.RECV_PUSH_PROMISE: (S.RESERVED_REMOTE, _push_reserved_remote),
            I.RECV_ALTERNATIVE_SERVICE: (None, None),
            I.UPGRADE_CLIENT: (S.HALF_CLOSED_LOCAL, _request_sent),
            I.UPGRADE_SERVER: (S.HALF_CLOSED_REMOTE, _request_received),
        },
        # RFC 9113 §5.1 "reserved (local)": we send only HEADERS, RST_STREAM or
        # PRIORITY; the peer only RST_STREAM, PRIORITY or WINDOW_UPDATE.
        S.RESERVED_LOCAL: {
            I.SEND_HEADERS: (S.HALF_CLOSED_REMOTE, _response_sent),
            I.RECV_WINDOW_UPDATE: (None, _window_updated),
            I.SEND_RST_STREAM: (S.CLOSED, _reset_by_us),
            I.RECV_RST_STREAM: (S.CLOSED, _reset_by_peer),
            I.SEND_ALTERNATIVE_SERVICE: (None, _altsvc_sent),
            I.RECV_ALTERNATIVE_SERVICE: (None, None),
        },
        # RFC 9113 §5.1 "reserved (remote)": we send only RST_STREAM,
        # WINDOW_UPDATE or PRIORITY; the peer only HEADERS, RST_STREAM or PRIORITY.
        S.RESERVED_REMOTE: {
            I.RECV_HEADERS: (S.HALF_CLOSED_LOCAL, _response_received),
            I.SEND_WINDOW_UPDATE: (None, None),
            I.SEND_RST_STREAM: (S.CLOSED, _reset_by_us),
            I.RECV_RST_STREAM: (S.CLOSED, _reset_by_peer),
            I.RECV_ALTERNATIVE_SERVICE: (None, _altsvc_received),
        },
        S.OPEN: {
            I.SEND_HEADERS: (None, _response_sent),
            I.RECV_HEADERS: (None, _response_received),
            I.SEND_DATA: (None, _data_sent),
            I.RECV_DATA: (None, _data_received),
            I.SEND_END_STREAM: (S.HALF_CLOSED_LOCAL, _end_stream_sent),
            I.RECV_END_STREAM: (S.HALF_CLOSED_REMOTE, _end_stream_received),
            I.SEND_WINDOW_UPDATE: (None, None),
            I.RECV_WINDOW_UPDATE: (None, _window_updated),
            I.SEND_RST_STREAM: (S.CLOSED, _reset_by_us),
            I.RECV_RST_STREAM: (S.CLOSED, _reset_by_peer),
            I.SEND_PUSH_PROMISE: (None, _push_sent),
            I.RECV_PUSH_PROMISE: (None, _push_received),
            I.SEND_INFORMATIONAL_HEADERS: (None, _informational_sent),
            I.RECV_INFORMATIONAL_HEADERS: (None, _informational_received),
            I.SEND_ALTERNATIVE_SERVICE: (None, _altsvc_sent),
            I.RECV_ALTERNATIVE_SERVICE: (None, _altsvc_received),
        },
        S.HALF_CLOSED_REMOTE: {
            I.SEND_HEADERS: (None, _response_sent),
            I.RECV_HEADERS: (S.CLOSED, _frame_after_remote_close),
            I.SEND_DATA: (None, _data_sent),
            I.RECV_DATA: (S.CLOSED, _frame_after_remote_close),
            I.SEND_END_STREAM: (S.CLOSED, _end_stream_sent_closing),
            I.SEND_WINDOW_UPDATE: (None, None),
            I.RECV_WINDOW_UPDATE: (None, _window_updated),
            I.SEND_RST_STREAM: (S.CLOSED, _reset_by_us),
            I.RECV_RST_STREAM: (S.CLOSED, _reset_by_peer),
            I.SEND_PUSH_PROMISE: (None, _push_sent),
            I.RECV_PUSH_PROMISE: (S.CLOSED, _push_on_half_closed_remote),
            I.SEND_INFORMATIONAL_HEADERS: (None, _informational_sent),
            I.SEND_ALTERNATIVE_SERVICE: (None, _altsvc_sent),
            I.RECV_ALTERNATIVE_SERVICE: (None, _altsvc_received),
        },
        S.HALF_CLOSED_LOCAL: {
            I.RECV_HEADERS: (None, _response_received),
            I.RECV_DATA: (None, _data_received),
            I.RECV_END_STREAM: (S.CLOSED, _end_stream_received_closing),
            I.SEND_WINDOW_UPDATE: (None, None),
            I.RECV_WINDOW_UPDATE: (None, _window_updated),
            I.SEND_RST_STREAM: (S.CLOSED, _reset_by_us),
            I.RECV_RST_STREAM: (S.CLOSED, _reset_by_peer),
            I.RECV_PUSH_PROMISE: (None, _push_received),
            I.RECV_INFORMATIONAL_HEADERS: (None, _informational_received),
            I.SEND_ALTERNATIVE_SERVICE: (None, _altsvc_sent),
            I.RECV_ALTERNATIVE_SERVICE: (None, _altsvc_received),
        },
        S.CLOSED: {
            # RFC 9113 §5.1 "closed": frames the peer may still have in flight.
            I.RECV_END_STREAM: (None, None),
            I.RECV_ALTERNATIVE_SERVICE: (None, None),
            I.RECV_WINDOW_UPDATE: (None, None),
            I.RECV_RST_STREAM: (None, None),
            I.RECV_HEADERS: (None, _send_on_closed),
            I.RECV_DATA: (None, _send_on_closed),
            I.RECV_PUSH_PROMISE: (None, _push_received_on_closed),
            I.SEND_HEADERS: (None, _send_on_closed),
            I.SEND_DATA: (None, _send_on_closed),
            I.SEND_RST_STREAM: (None, _send_on_closed),
            I.SEND_WINDOW_UPDATE: (None, _send_on_closed),
            I.SEND_END_STREAM: (None, _send_on_closed),
            I.SEND_PUSH_PROMISE: (None, _push_on_closed),
        },
    }
    table: dict[tuple[StreamState, StreamInputs], tuple[StreamState, Action | None]] = {}
    for state, row in rows.items():
        for input_, (target, action) in row.items():
            # ``None`` as the target means "stay in the same state".
            table[(state, input_)] = (state if target is None else target, action)
    return table


#: (state, input) -> (next state, action or None).
STREAM_TRANSITIONS = _build_table()
