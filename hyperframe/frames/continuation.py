"""CONTINUATION frames (RFC 9113 §6.10)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..flags import Flag
from .base import (
    ASSOCIATION_HAS_STREAM,
    Frame,
    WireFields,
    as_bytes,
    raw_data_repr,
)

__all__ = ["ContinuationFrame"]


class ContinuationFrame(Frame):
    """CONTINUATION: the next fragment of a field block started by HEADERS/PUSH_PROMISE."""

    __slots__ = ("data",)

    defined_flags: ClassVar[list[Flag]] = [Flag("END_HEADERS", 0x04)]
    type = 0x9
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "CONTINUATION"
    _wire_fields: ClassVar[WireFields] = (("data", b""),)

    data: bytes

    def __init__(self, stream_id: int, data: bytes = b"", *, flags: Iterable[str] = ()) -> None:
        self._init_frame(stream_id, flags)
        self.data = data

    def serialize_body(self) -> bytes:
        data = self.data
        if type(data) is bytes:
            return data
        return as_bytes("CONTINUATION", "data", data)

    def parse_body(self, data: memoryview) -> None:
        self.data = bytes(data)
        self.body_len = len(data)

    def _body_repr(self) -> str:
        return f"data={raw_data_repr(self.data)}"


