"""PRIORITY frames (RFC 9113 §6.3, deprecated signalling kept for compatibility)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidFrameError
from ..flags import Flag, Flags
from .base import (
    ASSOCIATION_HAS_STREAM,
    RESERVED_BIT,
    STREAM_ID_MASK,
    Frame,
    flags_mask,
    missing_stream_id,
)
from .mixins import PRIORITY_DATA, Priority, pack_priority

__all__ = ["PriorityFrame"]

_new_object = object.__new__
_unpack_priority = PRIORITY_DATA.unpack


class PriorityFrame(Priority, Frame):
    """PRIORITY: the RFC 7540 dependency and weight of a stream."""

    __slots__ = ("depends_on", "exclusive", "stream_weight")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x2
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "PRIORITY"

    def __init__(
        self,
        stream_id: int,
        depends_on: int = 0,
        stream_weight: int = 0,
        exclusive: bool = False,
        *,
        flags: Iterable[str] = (),
    ) -> None:
        if not stream_id:
            raise missing_stream_id(type(self))
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self.depends_on = depends_on
        self.stream_weight = stream_weight
        self.exclusive = exclusive

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> PriorityFrame:
        if not stream_id:
            raise missing_stream_id(PriorityFrame)
        frame = _new_object(PriorityFrame)
        frame.stream_id = stream_id
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = 0
        frame.body_len = 0
        frame.depends_on = 0
        frame.stream_weight = 0
        frame.exclusive = False
        return frame

    def serialize_body(self) -> bytes:
        return pack_priority("PRIORITY", self.depends_on, self.stream_weight, self.exclusive)

    def parse_body(self, data: memoryview) -> None:
        # RFC 9113 §6.3: a length other than 5 is a FRAME_SIZE_ERROR.
        if len(data) != 5:
            raise InvalidFrameError(
                f"PRIORITY frame payload must be exactly 5 bytes, got {len(data)}"
            )
        dependency, self.stream_weight = _unpack_priority(data)
        self.depends_on = dependency & STREAM_ID_MASK
        self.exclusive = bool(dependency & RESERVED_BIT)
        self.body_len = 5

    def _body_repr(self) -> str:
        return (
            f"exclusive={self.exclusive}, depends_on={self.depends_on}, "
            f"stream_weight={self.stream_weight}"
        )


_POSITIONS = PriorityFrame._flag_positions
