"""GOAWAY: graceful shutdown in both directions (RFC 9113 §6.8).

Any GOAWAY moves the connection state to CLOSED, as in the incumbent (code
in the wild checks for CLOSED to stop opening streams), but it does not end
in-flight work: the state machine's ``draining`` flag keeps frames on
existing streams flowing.  After *receiving* GOAWAY we may not open new
streams; after *sending* GOAWAY(NO_ERROR) we refuse streams the peer opens
above the last stream id we announced and keep serving the others.  A
GOAWAY we send with an error code (or queue for a connection error) ends
draining: then only GOAWAY passes.  The last stream id we announce never
increases (§6.8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _wire
from ._connection_state import ConnectionInputs, ConnectionState
from .errors import ErrorCodes, _error_code_from_int
from .events import ConnectionTerminated, Event
from .exceptions import ProtocolError

if TYPE_CHECKING:
    from hyperframe.frame import GoAwayFrame

    from .connection import H2Connection

__all__ = ["GoawayState", "on_goaway", "send_goaway"]


class GoawayState:
    """The last stream ids announced by GOAWAY frames in each direction."""

    __slots__ = ("received_last_stream_id", "sent_last_stream_id")

    def __init__(self) -> None:
        #: Lowest last-stream-id the peer announced (None: no GOAWAY received).
        self.received_last_stream_id: int | None = None
        #: Lowest last-stream-id we announced (None: no GOAWAY sent).
        self.sent_last_stream_id: int | None = None

    def announce(self, last_stream_id: int) -> int:
        """The id to put in a GOAWAY we send: never above an earlier one (§6.8)."""
        previous = self.sent_last_stream_id
        if previous is not None and previous < last_stream_id:
            return previous
        self.sent_last_stream_id = last_stream_id
        return last_stream_id

    def refuses_inbound(self, stream_id: int) -> bool:
        """Whether a new stream from the peer falls after our GOAWAY."""
        last = self.sent_last_stream_id
        return last is not None and stream_id > last


def send_goaway(
    conn: H2Connection,
    error_code: ErrorCodes | int,
    additional_data: bytes | None,
    last_stream_id: int | None,
) -> None:
    """Queue a GOAWAY; any error code other than NO_ERROR closes the connection."""
    if additional_data is not None and not isinstance(additional_data, bytes):
        raise TypeError("additional_data must be bytes or None")
    if last_stream_id is None:
        last_stream_id = conn._store.highest_inbound_stream_id
    elif not isinstance(last_stream_id, int) or not 0 <= last_stream_id <= 0x7FFFFFFF:
        raise ValueError(f"Invalid last_stream_id {last_stream_id!r}")
    if not isinstance(error_code, int) or not 0 <= error_code <= 0xFFFFFFFF:
        raise ValueError(f"Invalid error code {error_code!r}")
    last_stream_id = conn._goaway.announce(last_stream_id)
    machine = conn.state_machine
    was_closed = machine.state is ConnectionState.CLOSED
    machine.process_input(ConnectionInputs.SEND_GOAWAY)
    if error_code != ErrorCodes.NO_ERROR:
        machine.draining = False
    elif not was_closed:
        machine.draining = True
    _wire.write_goaway(conn._out, last_stream_id, error_code, additional_data or b"")


def fail_connection(conn: H2Connection, error: ProtocolError) -> None:
    """Queue GOAWAY for a connection error detected in received data."""
    conn.state_machine.process_input(ConnectionInputs.SEND_GOAWAY)
    conn.state_machine.draining = False
    last_stream_id = conn._goaway.announce(conn._store.highest_inbound_stream_id)
    _wire.write_goaway(conn._out, last_stream_id, int(error.error_code), b"")


def on_goaway(conn: H2Connection, frame: GoAwayFrame, events: list[Event]) -> None:
    """A GOAWAY arrived: remember its last stream id and report it.

    Unlike the incumbent, queued outbound data is kept and existing streams
    keep working (the peer may still process them).
    """
    machine = conn.state_machine
    if machine.state is not ConnectionState.CLOSED:
        # A first GOAWAY closes the connection to new streams; existing ones drain.
        machine.draining = True
    machine.process_input(ConnectionInputs.RECV_GOAWAY)
    goaway = conn._goaway
    last = frame.last_stream_id
    previous = goaway.received_last_stream_id
    if previous is None or last < previous:
        goaway.received_last_stream_id = last
    event = ConnectionTerminated()
    event.error_code = _error_code_from_int(frame.error_code)
    event.last_stream_id = last
    event.additional_data = frame.additional_data or None
    events.append(event)
