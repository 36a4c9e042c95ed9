"""HEADERS frames (RFC 9113 §6.2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidFrameError, InvalidPaddingError
from ..flags import Flag, Flags
from .base import (
    ASSOCIATION_HAS_STREAM,
    Frame,
    WireFields,
    as_bytes,
    raw_data_repr,
)
from .mixins import Padding, Priority, pack_pad_byte, pack_priority

__all__ = ["HeadersFrame"]


class HeadersFrame(Padding, Priority, Frame):
    """HEADERS: opens a stream and carries a field block fragment (HPACK bytes)."""

    __slots__ = ("data", "depends_on", "exclusive", "pad_length", "stream_weight")

    defined_flags: ClassVar[list[Flag]] = [
        Flag("END_STREAM", 0x01),
        Flag("END_HEADERS", 0x04),
        Flag("PADDED", 0x08),
        Flag("PRIORITY", 0x20),
    ]
    type = 0x1
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "HEADERS"
    _wire_fields: ClassVar[WireFields] = (
        ("data", b""),
        ("pad_length", 0),
        ("depends_on", 0),
        ("stream_weight", 0),
        ("exclusive", False),
    )

    data: bytes

    def __init__(
        self,
        stream_id: int,
        data: bytes = b"",
        *,
        pad_length: int = 0,
        depends_on: int = 0,
        stream_weight: int = 0,
        exclusive: bool = False,
        flags: Iterable[str] = (),
    ) -> None:
        self._init_frame(stream_id, flags)
        self.data = data
        self.pad_length = pad_length
        self.depends_on = depends_on
        self.stream_weight = stream_weight
        self.exclusive = exclusive

    def _flag_mask(self) -> int:
        """PADDED/PRIORITY as this module's bit positions, whatever ``flags`` holds."""
        flags = self.flags
        if type(flags) is Flags and flags._positions is _POSITIONS:
            return flags._mask
        return (_PADDED if "PADDED" in flags else 0) | (_PRIORITY if "PRIORITY" in flags else 0)

    def serialize_body(self) -> bytes:
        data = self.data
        if type(data) is not bytes:
            data = as_bytes("HEADERS", "data", data)
        mask = self._flag_mask()
        if not mask & (_PADDED | _PRIORITY):
            return data
        parts = []
        if mask & _PADDED:
            parts.append(pack_pad_byte("HEADERS", self.pad_length))
        if mask & _PRIORITY:
            parts.append(
                pack_priority("HEADERS", self.depends_on, self.stream_weight, self.exclusive)
            )
        parts.append(data)
        if mask & _PADDED:
            parts.append(b"\0" * self.pad_length)
        return b"".join(parts)

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        mask = self._flag_mask()
        start = 0
        pad_length = 0
        if mask & _PADDED:
            if not length:
                raise InvalidFrameError("HEADERS frame has the PADDED flag but an empty payload")
            pad_length = data[0]
            start = 1
        if mask & _PRIORITY:
            if length - start < 5:
                raise InvalidFrameError(
                    "HEADERS frame with the PRIORITY flag is too short for its 5 priority bytes"
                )
            self._read_priority(data, start)
            start += 5
        end = length - pad_length
        # RFC 9113 §6.2: padding that exceeds the room left for the field
        # block fragment is an error; an empty fragment is legal.
        if end < start:
            raise InvalidPaddingError(
                f"HEADERS frame padding of {pad_length} bytes exceeds the "
                f"{length - start} bytes left after the fixed fields"
            )
        self.data = bytes(data[start:end])
        self.pad_length = pad_length
        self.body_len = length

    def _body_repr(self) -> str:
        return f"{self._priority_repr()}, data={raw_data_repr(self.data)}"


_POSITIONS = HeadersFrame._flag_positions
_PADDED = _POSITIONS["PADDED"]
_PRIORITY = _POSITIONS["PRIORITY"]
