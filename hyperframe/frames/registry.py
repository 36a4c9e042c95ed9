"""Type byte -> frame class tables consulted by ``Frame.parse_frame_header``.

The dicts are created empty here (so the base class can reach them without an
import cycle) and filled once by ``hyperframe.frames``; ``hyperframe.frame``
re-exports the very same objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Frame

__all__ = ["EXTENSION_FRAMES", "FRAMES", "UNKNOWN_FRAME"]

# RFC 9113 §6 frame types plus ALTSVC (RFC 7838): exactly the contract's table.
FRAMES: dict[int, type[Frame]] = {}
# Extension types parsed to their own classes only with ``extensions=True``.
EXTENSION_FRAMES: dict[int, type[Frame]] = {}
# Holds the single class used for types found in neither table.
UNKNOWN_FRAME: list[type[Frame]] = []
