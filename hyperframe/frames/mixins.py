"""Padding (RFC 9113 §6.1) and priority (RFC 9113 §5.3.2 / RFC 7540 §6.2) field mixins.

The concrete frame classes inline these codecs on their hot paths; the mixin
methods exist for user-defined frame classes and for the concrete classes'
slower paths.
"""

from __future__ import annotations

import struct
import warnings
from typing import TYPE_CHECKING, Any

from ..exceptions import InvalidDataError, InvalidFrameError
from .base import RESERVED_BIT, STREAM_ID_MASK, Frame

__all__ = ["Padding", "Priority", "pack_pad_byte", "pack_priority"]

PRIORITY_DATA = struct.Struct(">LB")  # exclusive bit + 31-bit dependency, weight byte
_unpack_priority = PRIORITY_DATA.unpack_from
_PAD_BYTES = [bytes((n,)) for n in range(256)]


def pack_pad_byte(frame_name: str, pad_length: Any) -> bytes:
    """The one-byte Pad Length field; ``pad_length`` must be an int 0-255."""
    if isinstance(pad_length, int) and 0 <= pad_length <= 255:
        return _PAD_BYTES[pad_length]
    raise InvalidDataError(
        f"{frame_name} frame pad_length must be an integer 0-255, got {pad_length!r}"
    )


def pack_priority(frame_name: str, depends_on: Any, stream_weight: Any, exclusive: Any) -> bytes:
    """The 5 priority bytes; the weight must be the raw wire byte 0-255."""
    try:
        return PRIORITY_DATA.pack(
            (depends_on & STREAM_ID_MASK) | (RESERVED_BIT if exclusive else 0), stream_weight
        )
    except (struct.error, TypeError):
        raise InvalidDataError(
            f"{frame_name} frame priority needs an integer depends_on and a stream_weight "
            f"0-255, got depends_on={depends_on!r}, stream_weight={stream_weight!r}"
        ) from None


class Padding(Frame):
    """Mixin for frames that may carry padding (DATA, HEADERS, PUSH_PROMISE)."""

    if not TYPE_CHECKING:  # pragma: no branch - mypy must not see the empty slots
        __slots__ = ()  # concrete frame classes declare these attributes as slots

    pad_length: int

    def __init__(self, stream_id: int, pad_length: int = 0, **kwargs: Any) -> None:
        super().__init__(stream_id, **kwargs)
        self.pad_length = pad_length

    def serialize_padding_data(self) -> bytes:
        """The Pad Length byte when PADDED is set, else nothing."""
        if "PADDED" in self.flags:
            return pack_pad_byte(self._frame_name, self.pad_length)
        return b""

    def parse_padding_data(self, data: memoryview) -> int:
        """Read the Pad Length byte if PADDED is set; return how many bytes it used."""
        if "PADDED" in self.flags:
            if not data:
                raise InvalidFrameError(
                    f"{self._frame_name} frame has the PADDED flag but an empty payload"
                )
            self.pad_length = data[0]
            return 1
        return 0

    @property
    def total_padding(self) -> int:
        """Deprecated alias of ``pad_length``."""
        warnings.warn(
            "total_padding is deprecated; use pad_length", DeprecationWarning, stacklevel=2
        )
        return self.pad_length


class Priority(Frame):
    """Mixin for frames that carry RFC 7540 priority data (HEADERS, PRIORITY)."""

    if not TYPE_CHECKING:  # pragma: no branch - mypy must not see the empty slots
        __slots__ = ()  # concrete frame classes declare these attributes as slots

    depends_on: int
    stream_weight: int
    exclusive: bool

    def __init__(
        self,
        stream_id: int,
        depends_on: int = 0,
        stream_weight: int = 0,
        exclusive: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(stream_id, **kwargs)
        self.depends_on = depends_on
        self.stream_weight = stream_weight
        self.exclusive = exclusive

    def serialize_priority_data(self) -> bytes:
        return pack_priority(self._frame_name, self.depends_on, self.stream_weight, self.exclusive)

    def parse_priority_data(self, data: memoryview) -> int:
        """Read the 5 priority bytes from the start of ``data``; return 5."""
        try:
            self._read_priority(data, 0)
        except struct.error:
            raise InvalidFrameError(
                f"{self._frame_name} frame is too short for its 5 priority bytes"
            ) from None
        return 5

    def _read_priority(self, data: memoryview, offset: int) -> None:
        """Store the priority fields from the 5 bytes at ``offset`` (``struct.error`` if short)."""
        dependency, self.stream_weight = _unpack_priority(data, offset)
        # RFC 7540 §6.2: the top bit is the exclusive flag, the other 31 the dependency.
        self.depends_on = dependency & STREAM_ID_MASK
        self.exclusive = bool(dependency & RESERVED_BIT)

    def _priority_repr(self) -> str:
        return (
            f"exclusive={self.exclusive}, depends_on={self.depends_on}, "
            f"stream_weight={self.stream_weight}"
        )
