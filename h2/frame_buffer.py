"""Compatibility module: the frame buffer (the logic is in ``h2._frame_reader``)."""

from __future__ import annotations

from h2._frame_reader import CONTINUATION_BACKLOG, FrameBuffer

__all__ = ["CONTINUATION_BACKLOG", "FrameBuffer"]
