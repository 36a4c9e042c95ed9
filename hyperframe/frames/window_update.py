"""WINDOW_UPDATE frames (RFC 9113 §6.9)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError
from ..flags import Flag
from .base import ASSOCIATION_EITHER, STREAM_ID_MASK, Frame, WireFields
from .fields import UINT32, pack_uint31, payload_wrong_length

__all__ = ["WindowUpdateFrame"]

# length (24) + type (8) as one word, flags, stream id, increment
_WHOLE_FRAME = struct.Struct(">LBLL")
_unpack_increment = UINT32.unpack


class WindowUpdateFrame(Frame):
    """WINDOW_UPDATE: grants flow-control credit to a stream or the connection."""

    __slots__ = ("window_increment",)

    defined_flags: ClassVar[list[Flag]] = []
    type = 0x8
    stream_association: ClassVar[str | None] = ASSOCIATION_EITHER
    _frame_name: ClassVar[str] = "WINDOW_UPDATE"
    _wire_fields: ClassVar[WireFields] = (("window_increment", 0),)

    window_increment: int

    def __init__(
        self, stream_id: int, window_increment: int = 0, *, flags: Iterable[str] = ()
    ) -> None:
        self._init_frame(stream_id, flags)
        self.window_increment = window_increment

    def serialize(self) -> bytes:
        """The complete 13-byte frame, packed in one step."""
        if type(self) is WindowUpdateFrame and self.type == 0x8:  # type not shadowed
            try:
                # RFC 9113 §6.9: reserved bits of stream id and increment sent as 0.
                wire = _WHOLE_FRAME.pack(
                    0x000408, 0, self.stream_id & 0x7FFFFFFF,
                    self.window_increment & 0x7FFFFFFF,
                )
            except TypeError:
                return Frame.serialize(self)  # a mistyped field: reported there
            self.body_len = 4
            return wire
        return Frame.serialize(self)

    def serialize_body(self) -> bytes:
        return pack_uint31("WINDOW_UPDATE", "window_increment", self.window_increment)

    def parse_body(self, data: memoryview) -> None:
        # RFC 9113 §6.9: a length other than 4 is a FRAME_SIZE_ERROR.
        if len(data) != 4:
            raise payload_wrong_length("WINDOW_UPDATE", 4, len(data))
        # RFC 9113 §6.9: the reserved bit is ignored; an increment of 0 is an error.
        increment = _unpack_increment(data)[0] & STREAM_ID_MASK
        if not increment:
            raise InvalidDataError(
                "WINDOW_UPDATE frame window_increment must be 1 to 2**31-1, got 0"
            )
        self.window_increment = increment
        self.body_len = 4

    def _body_repr(self) -> str:
        return f"window_increment={self.window_increment}"


