"""PRIORITY_UPDATE frames (RFC 9218 §7.1), an extension parsed only with ``extensions=True``."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag, Flags
from .base import (
    ASSOCIATION_NO_STREAM,
    STREAM_ID_MASK,
    Frame,
    as_bytes,
    flags_mask,
    unexpected_stream_id,
)

__all__ = ["PriorityUpdateFrame"]

_new_object = object.__new__
_STREAM_ID = struct.Struct(">L")


class PriorityUpdateFrame(Frame):
    """PRIORITY_UPDATE: a Priority Field Value (e.g. ``b"u=1, i"``) for another stream."""

    __slots__ = ("prioritized_stream_id", "priority_field_value")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x10
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "PRIORITY_UPDATE"

    prioritized_stream_id: int
    priority_field_value: bytes

    def __init__(
        self,
        stream_id: int = 0,
        prioritized_stream_id: int = 0,
        priority_field_value: bytes = b"",
        *,
        flags: Iterable[str] = (),
    ) -> None:
        if stream_id:
            raise unexpected_stream_id(type(self), stream_id)
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self.prioritized_stream_id = prioritized_stream_id
        self.priority_field_value = priority_field_value

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> PriorityUpdateFrame:
        # RFC 9218 §7.1: the frame's own stream identifier MUST be 0.
        if stream_id:
            raise unexpected_stream_id(PriorityUpdateFrame, stream_id)
        frame = _new_object(PriorityUpdateFrame)
        frame.stream_id = 0
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = 0
        frame.body_len = 0
        frame.prioritized_stream_id = 0
        frame.priority_field_value = b""
        return frame

    def serialize_body(self) -> bytes:
        value = as_bytes("PRIORITY_UPDATE", "priority_field_value", self.priority_field_value)
        try:
            # RFC 9218 §7.1: reserved bit + 31-bit prioritized stream id.
            return _STREAM_ID.pack(self.prioritized_stream_id & STREAM_ID_MASK) + value
        except TypeError:
            raise InvalidDataError(
                "PRIORITY_UPDATE frame prioritized_stream_id must be an integer, "
                f"got {self.prioritized_stream_id!r}"
            ) from None

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        if length < 4:
            raise InvalidFrameError(
                f"PRIORITY_UPDATE frame payload must be at least 4 bytes, got {length}"
            )
        prioritized = _STREAM_ID.unpack_from(data)[0] & STREAM_ID_MASK
        # RFC 9218 §7.1: a prioritized stream id of 0 is a PROTOCOL_ERROR.
        if not prioritized:
            raise InvalidDataError("PRIORITY_UPDATE frame prioritized stream id must be non-zero")
        self.prioritized_stream_id = prioritized
        self.priority_field_value = bytes(data[4:])
        self.body_len = length

    def _body_repr(self) -> str:
        return (
            f"prioritized_stream_id={self.prioritized_stream_id}, "
            f"priority_field_value={self.priority_field_value!r}"
        )


_POSITIONS = PriorityUpdateFrame._flag_positions
