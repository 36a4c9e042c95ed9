"""RST_STREAM frames (RFC 9113 §6.4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..flags import Flag
from .base import ASSOCIATION_HAS_STREAM, Frame, WireFields
from .fields import UINT32, pack_uint32, payload_wrong_length

__all__ = ["RstStreamFrame"]

_unpack_uint32 = UINT32.unpack


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
            raise payload_wrong_length("RST_STREAM", 4, len(data))
        (self.error_code,) = _unpack_uint32(data)
        self.body_len = 4

    def _body_repr(self) -> str:
        return f"error_code={self.error_code}"


