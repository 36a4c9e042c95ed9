"""RST_STREAM frames (RFC 9113 §6.4)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag, Flags
from .base import ASSOCIATION_HAS_STREAM, Frame, flags_mask, missing_stream_id

__all__ = ["RstStreamFrame", "pack_uint32"]

_new_object = object.__new__
UINT32 = struct.Struct(">L")
_unpack_uint32 = UINT32.unpack


def pack_uint32(frame_name: str, field: str, value: object) -> bytes:
    """``value`` as a 4-byte big-endian unsigned integer."""
    try:
        return UINT32.pack(value)
    except struct.error:
        raise InvalidDataError(
            f"{frame_name} frame {field} must be an integer 0-{0xFFFFFFFF}, got {value!r}"
        ) from None


class RstStreamFrame(Frame):
    """RST_STREAM: terminates one stream with an error code."""

    __slots__ = ("error_code",)

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x3
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "RST_STREAM"

    error_code: int

    def __init__(
        self, stream_id: int, error_code: int = 0, *, flags: Iterable[str] = ()
    ) -> None:
        if not stream_id:
            raise missing_stream_id(type(self))
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self.error_code = error_code

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> RstStreamFrame:
        if not stream_id:
            raise missing_stream_id(RstStreamFrame)
        frame = _new_object(RstStreamFrame)
        frame.stream_id = stream_id
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = 0
        frame.body_len = 0
        frame.error_code = 0
        return frame

    def serialize_body(self) -> bytes:
        return pack_uint32("RST_STREAM", "error_code", self.error_code)

    def parse_body(self, data: memoryview) -> None:
        # RFC 9113 §6.4: a length other than 4 is a FRAME_SIZE_ERROR.
        if len(data) != 4:
            raise InvalidFrameError(
                f"RST_STREAM frame payload must be exactly 4 bytes, got {len(data)}"
            )
        (self.error_code,) = _unpack_uint32(data)
        self.body_len = 4

    def _body_repr(self) -> str:
        return f"error_code={self.error_code}"


_POSITIONS = RstStreamFrame._flag_positions
