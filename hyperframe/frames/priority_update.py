"""PRIORITY_UPDATE frames (RFC 9218 §7.1), an extension parsed only with ``extensions=True``."""

from __future__ import annotations

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
from .fields import UINT32, pack_uint31, payload_too_short

__all__ = ["PriorityUpdateFrame"]


class PriorityUpdateFrame(Frame):
    """PRIORITY_UPDATE: a Priority Field Value (e.g. ``b"u=1, i"``) for another stream."""

    __slots__ = ("prioritized_stream_id", "priority_field_value")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x10
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "PRIORITY_UPDATE"
    _wire_fields: ClassVar[WireFields] = (
        ("prioritized_stream_id", 0),
        ("priority_field_value", b""),
    )

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
        self._init_frame(stream_id, flags)
        self.prioritized_stream_id = prioritized_stream_id
        self.priority_field_value = priority_field_value

    def serialize_body(self) -> bytes:
        value = as_bytes("PRIORITY_UPDATE", "priority_field_value", self.priority_field_value)
        # RFC 9218 §7.1: reserved bit + 31-bit prioritized stream id.
        prioritized = self.prioritized_stream_id
        return pack_uint31("PRIORITY_UPDATE", "prioritized_stream_id", prioritized) + value

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        if length < 4:
            raise payload_too_short("PRIORITY_UPDATE", 4, length)
        prioritized = UINT32.unpack_from(data)[0] & STREAM_ID_MASK
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


