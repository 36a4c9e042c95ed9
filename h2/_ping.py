"""PING (RFC 9113 §6.7): sending, answering and reporting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _wire
from ._connection_state import ConnectionInputs
from .events import Event, PingAckReceived, PingReceived

if TYPE_CHECKING:
    from hyperframe.frame import PingFrame

    from .connection import H2Connection

__all__ = ["on_ping", "send_ping"]


def send_ping(conn: H2Connection, opaque_data: bytes) -> None:
    if not isinstance(opaque_data, bytes) or len(opaque_data) != 8:
        raise ValueError(f"Invalid value for ping data: {opaque_data!r}")
    conn.state_machine.check_local_input(ConnectionInputs.SEND_PING)
    _wire.write_ping(conn._out, opaque_data, ack=False)


def on_ping(conn: H2Connection, frame: PingFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_PING)
    if "ACK" in frame.flags:
        events.append(PingAckReceived(ping_data=frame.opaque_data))
        return
    # RFC 9113 §6.7: answer with the same payload and the ACK flag.
    conn._dos.control_frame_queued()
    _wire.write_ping(conn._out, frame.opaque_data, ack=True)
    events.append(PingReceived(ping_data=frame.opaque_data))
