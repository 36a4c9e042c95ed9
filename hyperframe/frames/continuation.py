"""CONTINUATION frames (RFC 9113 §6.10)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..flags import Flag, Flags
from .base import (
    ASSOCIATION_HAS_STREAM,
    Frame,
    as_bytes,
    flags_mask,
    missing_stream_id,
    raw_data_repr,
)

__all__ = ["ContinuationFrame"]

_new_object = object.__new__


class ContinuationFrame(Frame):
    """CONTINUATION: the next fragment of a field block started by HEADERS/PUSH_PROMISE."""

    __slots__ = ("data",)

    defined_flags: ClassVar[list[Flag]] = [Flag("END_HEADERS", 0x04)]
    type = 0x9
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "CONTINUATION"

    data: bytes

    def __init__(self, stream_id: int, data: bytes = b"", *, flags: Iterable[str] = ()) -> None:
        if not stream_id:
            raise missing_stream_id(type(self))
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self.data = data

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> ContinuationFrame:
        if not stream_id:
            raise missing_stream_id(ContinuationFrame)
        frame = _new_object(ContinuationFrame)
        frame.stream_id = stream_id
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = _BYTE_TO_MASK[flag_byte]
        frame.body_len = 0
        frame.data = b""
        return frame

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


_POSITIONS = ContinuationFrame._flag_positions
_BYTE_TO_MASK = ContinuationFrame._byte_to_mask
