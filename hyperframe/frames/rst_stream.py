"""RST_STREAM frames (RFC 9113 §6.4)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag
from .base import ASSOCIATION_HAS_STREAM, Frame, WireFields

__all__ = ["RstStreamFrame", "pack_uint32"]

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
    _wire_fields: ClassVar[WireFields] = (("error_code", 0),)

    error_code: int

    def __init__(
        self, stream_id: int, error_code: int = 0, *, flags: Iterable[str] = ()
    ) -> None:
        self._init_frame(stream_id, flags)
        self.error_code = error_code

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


