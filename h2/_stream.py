"""One HTTP/2 stream: its state machine, windows and message bookkeeping.

``H2Stream`` owns what belongs to a single stream: the RFC 9113 §5.1 state
(through :class:`H2StreamStateMachine`), the stream send window, the stream
receive window manager, the content-length expectation of the message the
peer is sending (§8.1.1) and the request facts later frames depend on
(method for HEAD, authority for ALTSVC).  Frame building and dispatch live in
``_outbound`` and ``_inbound``.
"""

from __future__ import annotations

from typing import Any

from ._flow_control import WindowManager, guard_increment_window
from ._header_validation import content_length_from_headers
from ._stream_state import H2StreamStateMachine, StreamClosedBy, StreamState
from .exceptions import InvalidBodyLengthError

__all__ = ["H2Stream"]

_OPEN_STATES = frozenset(
    (StreamState.OPEN, StreamState.HALF_CLOSED_LOCAL, StreamState.HALF_CLOSED_REMOTE)
)


class H2Stream:
    """Per-stream state owned by an ``H2Connection``."""

    __slots__ = (
        "_authority",
        "_body_received",
        "_connect",
        "_expected_body_length",
        "_inbound_window_manager",
        "_reset_reported",
        "config",
        "max_outbound_frame_size",
        "outbound_flow_control_window",
        "request_method",
        "state_machine",
        "stream_id",
    )

    def __init__(
        self,
        stream_id: int,
        config: Any,
        inbound_window_size: int,
        outbound_window_size: int,
    ) -> None:
        self.state_machine = H2StreamStateMachine(stream_id)
        self.stream_id = stream_id
        self.config = config
        self.max_outbound_frame_size: int | None = None
        #: The :method of the request we sent on this stream (bytes), if any.
        self.request_method: bytes | None = None
        #: Our send window for this stream (RFC 9113 §6.9.1); may go negative.
        self.outbound_flow_control_window = outbound_window_size
        self._inbound_window_manager = WindowManager(inbound_window_size)
        self._expected_body_length: int | None = None
        self._body_received = 0
        self._authority: bytes | None = None
        # RFC 9113 §8.5: None, "requested" (a CONNECT request) or "connected"
        # (its 2xx response): a connected stream carries only DATA.
        self._connect: str | None = None
        # Only the first automatic reset of a stream is reported as an event.
        self._reset_reported = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id:{self.stream_id} state:{self.state_machine.state!r}>"

    # -- state -----------------------------------------------------------------------

    @property
    def open(self) -> bool:
        """Whether the stream is open or half-closed (it counts towards concurrency)."""
        return self.state_machine.state in _OPEN_STATES

    @property
    def closed(self) -> bool:
        return self.state_machine.state is StreamState.CLOSED

    @property
    def closed_by(self) -> StreamClosedBy | None:
        return self.state_machine.stream_closed_by

    # -- flow control ----------------------------------------------------------------

    @property
    def inbound_flow_control_window(self) -> int:
        """How many more flow-controlled bytes the peer may send on this stream."""
        return self._inbound_window_manager.current_window_size

    def increase_outbound_window(self, increment: int) -> None:
        """A WINDOW_UPDATE for this stream arrived (RFC 9113 §6.9.1)."""
        self.outbound_flow_control_window = guard_increment_window(
            self.outbound_flow_control_window, increment
        )

    # -- content-length (RFC 9113 §8.1.1) --------------------------------------------

    def expect_body(self, headers: list[Any], status: bytes | None) -> None:
        """Record the body length announced by the message's first final block."""
        length = content_length_from_headers(headers)
        if status is not None and (
            self.request_method == b"HEAD" or status == b"304" or status == b"204"
        ):
            # RFC 9110 §9.3.2, §15.3.5, §15.4.5: such responses carry no content.
            length = 0
        self._expected_body_length = length

    def response_status(self, status: bytes | None) -> None:
        """A final response went either way: a 2xx to CONNECT opens the tunnel."""
        if self._connect is not None and status is not None and status[:1] == b"2":
            self._connect = "connected"

    def body_received(self, size: int, end_stream: bool) -> None:
        """Count ``size`` body bytes; raise when they contradict content-length."""
        expected = self._expected_body_length
        if expected is None:
            return
        received = self._body_received + size
        self._body_received = received
        if received > expected or (end_stream and received != expected):
            raise InvalidBodyLengthError(expected, received)
