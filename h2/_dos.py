"""Counters that stop known HTTP/2 resource-exhaustion attacks.

Each counter has a knob in ``H2Configuration``; exceeding it raises
``DenialOfServiceError``, which ``receive_data`` turns into
GOAWAY(ENHANCE_YOUR_CALM) (RFC 9113 §10.5).

* pending control frames: automatic replies (PING ACK, SETTINGS ACK,
  RST_STREAM, WINDOW_UPDATE) queued but not yet collected with
  ``data_to_send`` (ping / settings / reset floods, CVE-2019-9512, -9514,
  -9515).
* rapid resets: streams the peer opened and reset before they completed,
  minus streams that completed normally (CVE-2023-44487).

Empty-frame floods (CVE-2019-9518) are counted by the frame reader, which
sees every frame first (``h2._frame_reader``).
"""

from __future__ import annotations

from typing import Any

from .exceptions import DenialOfServiceError

__all__ = ["DosGuard"]


class DosGuard:
    """The counters and their limits."""

    __slots__ = (
        "max_pending_control_frames",
        "max_rapid_resets",
        "pending_control_frames",
        "rapid_resets",
    )

    def __init__(self, config: Any) -> None:
        self.max_pending_control_frames: int = config.max_pending_control_frames
        self.max_rapid_resets: int = config.max_rapid_resets
        self.pending_control_frames = 0
        self.rapid_resets = 0

    def control_frame_queued(self) -> None:
        """An automatic reply was queued."""
        self.pending_control_frames += 1
        if self.pending_control_frames > self.max_pending_control_frames:
            raise DenialOfServiceError(
                "Too many automatic control frames queued and not yet sent "
                f"(limit {self.max_pending_control_frames})"
            )

    def output_collected(self) -> None:
        """The outbound buffer was emptied by the user."""
        self.pending_control_frames = 0

    def stream_reset_early(self) -> None:
        """The peer reset a stream it opened before the stream completed."""
        self.rapid_resets += 1
        if self.rapid_resets >= self.max_rapid_resets:
            raise DenialOfServiceError(
                f"Too many streams reset by the peer (limit {self.max_rapid_resets})"
            )

    def stream_completed(self) -> None:
        """A stream the peer opened completed normally."""
        if self.rapid_resets:
            self.rapid_resets -= 1
