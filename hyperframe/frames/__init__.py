"""One module per frame type; importing this package fills the type registries."""

from __future__ import annotations

from . import registry
from .altsvc import AltSvcFrame
from .base import FRAME_MAX_ALLOWED_LEN, FRAME_MAX_LEN, Frame, parse_frame
from .continuation import ContinuationFrame
from .data import DataFrame
from .extension import ExtensionFrame
from .goaway import GoAwayFrame
from .headers import HeadersFrame
from .mixins import Padding, Priority
from .origin import OriginFrame
from .ping import PingFrame
from .priority import PriorityFrame
from .priority_update import PriorityUpdateFrame
from .push_promise import PushPromiseFrame
from .rst_stream import RstStreamFrame
from .settings import SettingsFrame
from .window_update import WindowUpdateFrame

__all__ = [
    "EXTENSION_FRAMES",
    "FRAMES",
    "FRAME_MAX_ALLOWED_LEN",
    "FRAME_MAX_LEN",
    "AltSvcFrame",
    "ContinuationFrame",
    "DataFrame",
    "ExtensionFrame",
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

FRAMES = registry.FRAMES
EXTENSION_FRAMES = registry.EXTENSION_FRAMES

FRAMES.update(
    {
        DataFrame.type: DataFrame,
        HeadersFrame.type: HeadersFrame,
        PriorityFrame.type: PriorityFrame,
        RstStreamFrame.type: RstStreamFrame,
        SettingsFrame.type: SettingsFrame,
        PushPromiseFrame.type: PushPromiseFrame,
        PingFrame.type: PingFrame,
        GoAwayFrame.type: GoAwayFrame,
        WindowUpdateFrame.type: WindowUpdateFrame,
        ContinuationFrame.type: ContinuationFrame,
        AltSvcFrame.type: AltSvcFrame,
    }
)
EXTENSION_FRAMES.update(
    {OriginFrame.type: OriginFrame, PriorityUpdateFrame.type: PriorityUpdateFrame}
)
registry.UNKNOWN_FRAME[:] = [ExtensionFrame]
