"""PRIORITY frames (RFC 9113 §6.3, deprecated signalling kept for compatibility)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..flags import Flag
from .base import (
    ASSOCIATION_HAS_STREAM,
    Frame,
    WireFields,
)
from .fields import payload_wrong_length
from .mixins import Priority, pack_priority

__all__ = ["PriorityFrame"]


class PriorityFrame(Priority, Frame):
    """PRIORITY: the RFC 7540 dependency and weight of a stream."""

    __slots__ = ("depends_on", "exclusive", "stream_weight")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x2
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "PRIORITY"
    _wire_fields: ClassVar[WireFields] = (
        ("depends_on", 0),
        ("stream_weight", 0),
        ("exclusive", False),
    )

    def __init__(
        self,
        stream_id: int,
        depends_on: int = 0,
        stream_weight: int = 0,
        exclusive: bool = False,
        *,
        flags: Iterable[str] = (),
    ) -> None:
        self._init_frame(stream_id, flags)
        self.depends_on = depends_on
        self.stream_weight = stream_weight
        self.exclusive = exclusive

    def serialize_body(self) -> bytes:
        return pack_priority("PRIORITY", self.depends_on, self.stream_weight, self.exclusive)

    def parse_body(self, data: memoryview) -> None:
        # RFC 9113 §6.3: a length other than 5 is a FRAME_SIZE_ERROR.
        if len(data) != 5:
            raise payload_wrong_length("PRIORITY", 5, len(data))
        self._read_priority(data, 0)
        self.body_len = 5

    def _body_repr(self) -> str:
        return self._priority_repr()


