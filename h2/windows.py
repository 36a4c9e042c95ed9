"""Compatibility module: receive-window management (the logic is in ``h2._flow_control``)."""

from __future__ import annotations

from h2._flow_control import LARGEST_FLOW_CONTROL_WINDOW, WindowManager

__all__ = ["LARGEST_FLOW_CONTROL_WINDOW", "WindowManager"]
