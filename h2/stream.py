"""Compatibility module: the per-stream names older code imports from ``h2.stream``.

The logic lives in ``h2._stream`` and ``h2._stream_state``.
"""

from ._stream import H2Stream
from ._stream_state import H2StreamStateMachine, StreamClosedBy, StreamInputs, StreamState

__all__ = ["H2Stream", "H2StreamStateMachine", "StreamClosedBy", "StreamInputs", "StreamState"]
