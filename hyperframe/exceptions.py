"""Exceptions raised by hyperframe.

Every error hyperframe reports derives from :class:`HyperframeError`; none of
them derives from ``ValueError`` (API contract §2.7).
"""

from __future__ import annotations

__all__ = [
    "HyperframeError",
    "InvalidDataError",
    "InvalidFrameError",
    "InvalidPaddingError",
    "UnknownFrameError",
]


class HyperframeError(Exception):
    """Base class for every error raised by hyperframe."""


class UnknownFrameError(HyperframeError):
    """A frame of an unknown type was parsed with ``strict=True``."""

    def __init__(self, frame_type: int, length: int) -> None:
        super().__init__(frame_type, length)
        self.frame_type = frame_type
        self.length = length

    def __str__(self) -> str:
        return (
            f"UnknownFrameError: Unknown frame type 0x{self.frame_type:X} received, "
            f"length {self.length} bytes"
        )


class InvalidPaddingError(HyperframeError):
    """The padding of a frame is longer than its payload allows."""


class InvalidFrameError(HyperframeError):
    """The frame layout is malformed: bad header, short or long payload, oversize body."""


class InvalidDataError(HyperframeError):
    """A field holds a value the protocol forbids (stream association, ranges, types)."""
