"""Receive-side flow-control bookkeeping (RFC 9113 §5.2, §6.9; API contract §6.5).

A :class:`WindowManager` tracks one receive window (the connection's or a
stream's): how much the peer may still send, and how many delivered bytes
the application has processed but not yet returned to the peer with a
WINDOW_UPDATE.  It decides *when* a WINDOW_UPDATE is worth sending so that we
neither send one per DATA frame nor let the peer stall.
"""

from __future__ import annotations

from typing import Final

from h2.exceptions import FlowControlError

__all__ = ["LARGEST_FLOW_CONTROL_WINDOW", "WindowManager", "guard_increment_window"]

#: RFC 9113 §6.9.1: a flow-control window must not exceed 2**31 - 1 octets.
LARGEST_FLOW_CONTROL_WINDOW: Final = 2**31 - 1

# Emit a WINDOW_UPDATE for a fully closed window once this many bytes (or a
# quarter of the window, if smaller) have been processed.
_STALLED_WINDOW_THRESHOLD: Final = 1024


def guard_increment_window(current: int, increment: int) -> int:
    """Return ``current + increment``; raise ``FlowControlError`` above 2**31 - 1.

    RFC 9113 §6.9.1: a sender MUST NOT allow a flow-control window to exceed
    2**31 - 1 octets.
    """
    new_size = current + increment
    if new_size > LARGEST_FLOW_CONTROL_WINDOW:
        raise FlowControlError(
            f"May not increment flow control window past {LARGEST_FLOW_CONTROL_WINDOW}"
        )
    return new_size


class WindowManager:
    """One receive window and the policy for returning credit to the peer.

    ``max_window_size`` is the size the window is kept near; it grows when
    the window is explicitly opened beyond it.
    """

    __slots__ = ("_bytes_processed", "current_window_size", "max_window_size")

    def __init__(self, max_window_size: int) -> None:
        self.max_window_size = max_window_size
        self.current_window_size = max_window_size
        self._bytes_processed = 0

    def window_consumed(self, size: int) -> None:
        """The peer sent ``size`` flow-controlled bytes (RFC 9113 §6.9).

        Raises ``FlowControlError`` if that exceeds the window; the window is
        left untouched in that case.
        """
        new_size = self.current_window_size - size
        if new_size < 0:
            raise FlowControlError("Flow control window shrunk below 0")
        self.current_window_size = new_size

    def window_opened(self, size: int) -> None:
        """We granted ``size`` more bytes (WINDOW_UPDATE sent, or a settings change).

        Raises ``FlowControlError`` (window untouched) past 2**31 - 1.
        """
        self.current_window_size = guard_increment_window(self.current_window_size, size)
        if self.current_window_size > self.max_window_size:
            self.max_window_size = self.current_window_size

    def initial_window_changed(self, delta: int) -> None:
        """Apply an acknowledged change of our SETTINGS_INITIAL_WINDOW_SIZE.

        RFC 9113 §6.9.2: the difference between the new and the old value is
        added to the window (which may become negative); the target size
        moves by the same difference.
        """
        old_max = self.max_window_size
        self.window_opened(delta)
        self.max_window_size = old_max + delta

    def process_bytes(self, size: int) -> int | None:
        """The application processed ``size`` received bytes.

        Returns the WINDOW_UPDATE increment to send now (already added to the
        window), ``0`` when no update is due yet, or ``None`` when nothing at
        all is waiting to be returned.
        """
        self._bytes_processed += size
        return self._maybe_update_window()

    def _maybe_update_window(self) -> int | None:
        processed = self._bytes_processed
        if not processed:
            return None
        max_size = self.max_window_size
        current = self.current_window_size
        # Update when the window is exhausted and a useful amount is waiting
        # (so a stalled peer can resume), or when half the window is owed.
        if (
            current == 0 and processed > min(_STALLED_WINDOW_THRESHOLD, max_size // 4)
        ) or processed >= max_size // 2:
            increment = min(processed, max_size - current)
            if increment > 0:
                self._bytes_processed = 0
                self.current_window_size = current + increment
                return increment
        return 0
