"""GOAWAY frames (RFC 9113 §6.8)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError
from ..flags import Flag
from .base import (
    ASSOCIATION_NO_STREAM,
    STREAM_ID_MASK,
    Frame,
    WireFields,
    as_bytes,
)
from .fields import payload_too_short

__all__ = ["GoAwayFrame"]

_FIXED = struct.Struct(">LL")  # last stream id (reserved bit + 31 bits), error code


class GoAwayFrame(Frame):
    """GOAWAY: starts connection shutdown, naming the last stream processed."""

    __slots__ = ("additional_data", "error_code", "last_stream_id")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x7
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "GOAWAY"
    _wire_fields: ClassVar[WireFields] = (
        ("last_stream_id", 0),
        ("error_code", 0),
        ("additional_data", b""),
    )

    last_stream_id: int
    error_code: int
    additional_data: bytes

    def __init__(
        self,
        stream_id: int = 0,
        last_stream_id: int = 0,
        error_code: int = 0,
        additional_data: bytes = b"",
        *,
        flags: Iterable[str] = (),
    ) -> None:
        self._init_frame(stream_id, flags)
        self.last_stream_id = last_stream_id
        self.error_code = error_code
        self.additional_data = additional_data

    def serialize_body(self) -> bytes:
        additional_data = as_bytes("GOAWAY", "additional_data", self.additional_data)
        try:
            fixed = _FIXED.pack(self.last_stream_id & STREAM_ID_MASK, self.error_code)
        except (struct.error, TypeError):
            raise InvalidDataError(
                "GOAWAY frame needs an integer last_stream_id and an error_code "
                f"0-{0xFFFFFFFF}, got last_stream_id={self.last_stream_id!r}, "
                f"error_code={self.error_code!r}"
            ) from None
        return fixed + additional_data

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        if length < 8:
            raise payload_too_short("GOAWAY", 8, length)
        last_stream_id, self.error_code = _FIXED.unpack_from(data)
        # RFC 9113 §6.8: the reserved bit before the last stream id is ignored.
        self.last_stream_id = last_stream_id & STREAM_ID_MASK
        if length > 8:
            self.additional_data = bytes(data[8:])
        self.body_len = length

    def _body_repr(self) -> str:
        return (
            f"last_stream_id={self.last_stream_id}, error_code={self.error_code}, "
            f"additional_data={self.additional_data!r}"
        )


