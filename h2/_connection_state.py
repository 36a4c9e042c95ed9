"""The connection-level state machine, as a transition table.

The connection state only tracks which side opened the connection and
whether it is closed; streams carry the fine-grained state (RFC 9113 §5.1).
``H2ConnectionStateMachine.process_input`` follows the compatibility
contract (an invalid input closes the connection).  ``H2Connection`` uses
:meth:`H2ConnectionStateMachine.check_local_input` for inputs caused by the
user, which refuses an invalid call *without* closing the connection.
"""

from __future__ import annotations

from enum import Enum, IntEnum

from .exceptions import ProtocolError

__all__ = [
    "AllowedStreamIDs",
    "ConnectionInputs",
    "ConnectionState",
    "H2ConnectionStateMachine",
]


class ConnectionState(Enum):
    IDLE = 0
    CLIENT_OPEN = 1
    SERVER_OPEN = 2
    CLOSED = 3

    # Identity hashing in C: these members key the transition tables.
    __hash__ = object.__hash__


class ConnectionInputs(Enum):
    SEND_HEADERS = 0
    SEND_PUSH_PROMISE = 1
    SEND_DATA = 2
    SEND_GOAWAY = 3
    SEND_WINDOW_UPDATE = 4
    SEND_PING = 5
    SEND_SETTINGS = 6
    SEND_RST_STREAM = 7
    SEND_PRIORITY = 8
    RECV_HEADERS = 9
    RECV_PUSH_PROMISE = 10
    RECV_DATA = 11
    RECV_GOAWAY = 12
    RECV_WINDOW_UPDATE = 13
    RECV_PING = 14
    RECV_SETTINGS = 15
    RECV_RST_STREAM = 16
    RECV_PRIORITY = 17
    SEND_ALTERNATIVE_SERVICE = 18
    RECV_ALTERNATIVE_SERVICE = 19

    # Identity hashing in C: these members key the transition tables.
    __hash__ = object.__hash__


class AllowedStreamIDs(IntEnum):
    EVEN = 0
    ODD = 1


def _build_table() -> dict[tuple[ConnectionState, ConnectionInputs], ConnectionState]:
    S = ConnectionState
    I = ConnectionInputs  # noqa: E741
    table: dict[tuple[ConnectionState, ConnectionInputs], ConnectionState] = {}

    def allow(state: ConnectionState, inputs: tuple[ConnectionInputs, ...],
              target: ConnectionState) -> None:
        for inp in inputs:
            table[(state, inp)] = target

    # IDLE: settings-like frames keep it idle; the first HEADERS decides the role.
    allow(S.IDLE, (I.SEND_SETTINGS, I.RECV_SETTINGS, I.SEND_WINDOW_UPDATE,
                   I.RECV_WINDOW_UPDATE, I.SEND_PING, I.RECV_PING,
                   I.SEND_PRIORITY, I.RECV_PRIORITY), S.IDLE)
    allow(S.IDLE, (I.SEND_HEADERS,), S.CLIENT_OPEN)
    allow(S.IDLE, (I.RECV_HEADERS,), S.SERVER_OPEN)
    # Only a server sends ALTSVC, only a client acts on one (RFC 7838 §4).
    allow(S.IDLE, (I.SEND_ALTERNATIVE_SERVICE,), S.SERVER_OPEN)
    allow(S.IDLE, (I.RECV_ALTERNATIVE_SERVICE,), S.CLIENT_OPEN)

    # A client never sends PUSH_PROMISE or ALTSVC (RFC 9113 §8.4, RFC 7838 §4).
    allow(S.CLIENT_OPEN, (I.SEND_HEADERS, I.SEND_DATA, I.SEND_WINDOW_UPDATE,
                          I.SEND_PING, I.SEND_SETTINGS, I.SEND_PRIORITY,
                          I.SEND_RST_STREAM, I.RECV_HEADERS, I.RECV_PUSH_PROMISE,
                          I.RECV_DATA, I.RECV_WINDOW_UPDATE, I.RECV_PING,
                          I.RECV_SETTINGS, I.RECV_RST_STREAM, I.RECV_PRIORITY,
                          I.RECV_ALTERNATIVE_SERVICE), S.CLIENT_OPEN)
    # A server never receives PUSH_PROMISE (RFC 9113 §8.4).
    allow(S.SERVER_OPEN, (I.SEND_HEADERS, I.SEND_PUSH_PROMISE, I.SEND_DATA,
                          I.SEND_WINDOW_UPDATE, I.SEND_PING, I.SEND_SETTINGS,
                          I.SEND_PRIORITY, I.SEND_RST_STREAM,
                          I.SEND_ALTERNATIVE_SERVICE, I.RECV_HEADERS, I.RECV_DATA,
                          I.RECV_WINDOW_UPDATE, I.RECV_PING, I.RECV_SETTINGS,
                          I.RECV_PRIORITY, I.RECV_RST_STREAM,
                          I.RECV_ALTERNATIVE_SERVICE), S.SERVER_OPEN)
    for state in S:
        allow(state, (I.SEND_GOAWAY, I.RECV_GOAWAY), S.CLOSED)
    return table


#: (state, input) -> next state.  Pairs that are absent are protocol errors.
CONNECTION_TRANSITIONS = _build_table()

#: What still flows once a GOAWAY closed the connection gracefully (RFC 9113
#: §6.8): frames on streams that already exist and connection management.
#: The state stays CLOSED (no new streams; code in the wild checks for
#: CLOSED to stop using the connection), but these inputs are accepted
#: while ``draining`` is set.  New streams are refused by the connection.
DRAINING_INPUTS = frozenset((
    ConnectionInputs.SEND_HEADERS, ConnectionInputs.SEND_DATA,
    ConnectionInputs.SEND_WINDOW_UPDATE, ConnectionInputs.SEND_RST_STREAM,
    ConnectionInputs.SEND_PING, ConnectionInputs.SEND_SETTINGS, ConnectionInputs.SEND_PRIORITY,
    ConnectionInputs.RECV_HEADERS, ConnectionInputs.RECV_DATA,
    ConnectionInputs.RECV_WINDOW_UPDATE, ConnectionInputs.RECV_RST_STREAM,
    ConnectionInputs.RECV_PING, ConnectionInputs.RECV_SETTINGS, ConnectionInputs.RECV_PRIORITY,
    ConnectionInputs.RECV_PUSH_PROMISE, ConnectionInputs.RECV_ALTERNATIVE_SERVICE,
))


class H2ConnectionStateMachine:
    """Tracks the connection state through :data:`CONNECTION_TRANSITIONS`."""

    __slots__ = ("draining", "state")

    def __init__(self) -> None:
        self.state = ConnectionState.IDLE
        #: Set while a graceful GOAWAY lets existing streams finish (§6.8).
        self.draining = False

    def process_input(self, input_: ConnectionInputs) -> list[object]:
        """Apply ``input_``; an invalid input closes the connection and raises."""
        if not isinstance(input_, ConnectionInputs):
            raise ValueError("Input must be an instance of ConnectionInputs")
        target = CONNECTION_TRANSITIONS.get((self.state, input_))
        if target is None:
            old_state = self.state
            self.state = ConnectionState.CLOSED
            raise ProtocolError(f"Invalid input {input_} in state {old_state}")
        self.state = target
        return []

    def check_local_input(self, input_: ConnectionInputs) -> ConnectionState:
        """Return the state ``input_`` leads to, raising without changing anything.

        Used for the user's own calls: a rejected call must not kill the
        connection (a deliberate fix of the incumbent's behaviour).
        """
        target = CONNECTION_TRANSITIONS.get((self.state, input_))
        if target is None:
            if self.draining and input_ in DRAINING_INPUTS:
                return self.state
            raise ProtocolError(f"Invalid input {input_} in state {self.state}")
        return target

    def feed(self, input_: ConnectionInputs) -> None:
        """Apply an input the connection commits to (a received frame, or our
        own frame once every check passed); invalid ones close and raise."""
        target = CONNECTION_TRANSITIONS.get((self.state, input_))
        if target is not None:
            self.state = target
        elif not (self.draining and input_ in DRAINING_INPUTS):
            self.process_input(input_)
