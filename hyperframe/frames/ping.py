"""PING frames (RFC 9113 §6.7)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidFrameError
from ..flags import Flag, Flags
from .base import ASSOCIATION_NO_STREAM, Frame, as_bytes, flags_mask, unexpected_stream_id

__all__ = ["PingFrame"]

_new_object = object.__new__


class PingFrame(Frame):
    """PING: 8 opaque bytes echoed back with ACK (liveness and RTT)."""

    __slots__ = ("opaque_data",)

    defined_flags: ClassVar[list[Flag]] = [Flag("ACK", 0x01)]
    type = 0x6
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "PING"

    opaque_data: bytes

    def __init__(
        self, stream_id: int = 0, opaque_data: bytes = b"", *, flags: Iterable[str] = ()
    ) -> None:
        if stream_id:
            raise unexpected_stream_id(type(self), stream_id)
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self.opaque_data = opaque_data

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> PingFrame:
        if stream_id:
            raise unexpected_stream_id(PingFrame, stream_id)
        frame = _new_object(PingFrame)
        frame.stream_id = 0
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = _BYTE_TO_MASK[flag_byte]
        frame.body_len = 0
        frame.opaque_data = b""
        return frame

    def serialize_body(self) -> bytes:
        opaque_data = as_bytes("PING", "opaque_data", self.opaque_data)
        if len(opaque_data) > 8:
            raise InvalidFrameError(
                f"PING frame opaque_data must be at most 8 bytes, got {len(opaque_data)}"
            )
        return opaque_data.ljust(8, b"\0")

    def parse_body(self, data: memoryview) -> None:
        # RFC 9113 §6.7: a length other than 8 is a FRAME_SIZE_ERROR.
        if len(data) != 8:
            raise InvalidFrameError(f"PING frame payload must be exactly 8 bytes, got {len(data)}")
        self.opaque_data = bytes(data)
        self.body_len = 8

    def _body_repr(self) -> str:
        return f"opaque_data={self.opaque_data!r}"


_POSITIONS = PingFrame._flag_positions
_BYTE_TO_MASK = PingFrame._byte_to_mask
