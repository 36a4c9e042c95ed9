"""Small helpers shared by the hyperframe tests."""

from __future__ import annotations

from hyperframe.frame import Frame


def parse(wire: bytes, *, extensions: bool = False) -> Frame:
    """Parse one frame like a receiver: header first, then exactly its payload."""
    frame, length = Frame.parse_frame_header(wire[:9], extensions=extensions)
    frame.parse_body(memoryview(wire[9 : 9 + length]))
    return frame
