"""The public frame API: every frame class, the type tables and the size constants.

Implementation lives in ``hyperframe.frames`` (one module per frame type);
this module is the stable import location (API contract §1.2).
"""

from __future__ import annotations

from .flags import Flag, Flags
from .frames import (
    EXTENSION_FRAMES,
    FRAME_MAX_ALLOWED_LEN,
    FRAME_MAX_LEN,
    FRAMES,
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    OriginFrame,
    Padding,
    PingFrame,
    Priority,
    PriorityFrame,
    PriorityUpdateFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
    parse_frame,
)

__all__ = [
    "EXTENSION_FRAMES",
    "FRAMES",
    "FRAME_MAX_ALLOWED_LEN",
    "FRAME_MAX_LEN",
    "AltSvcFrame",
    "ContinuationFrame",
    "DataFrame",
    "ExtensionFrame",
    "Flag",
    "Flags",
    "Frame",
    "GoAwayFrame",
    "HeadersFrame",
    "OriginFrame",
    "Padding",
    "PingFrame",
    "Priority",
    "PriorityFrame",
    "PriorityUpdateFrame",
    "PushPromiseFrame",
    "RstStreamFrame",
    "SettingsFrame",
    "WindowUpdateFrame",
    "parse_frame",
]
