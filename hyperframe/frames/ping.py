"""PING frames (RFC 9113 §6.7)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidFrameError
from ..flags import Flag
from .base import ASSOCIATION_NO_STREAM, Frame, WireFields, as_bytes
from .fields import payload_wrong_length

__all__ = ["PingFrame"]


class PingFrame(Frame):
    """PING: 8 opaque bytes echoed back with ACK (liveness and RTT)."""

    __slots__ = ("opaque_data",)

    defined_flags: ClassVar[list[Flag]] = [Flag("ACK", 0x01)]
    type = 0x6
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "PING"
    _wire_fields: ClassVar[WireFields] = (("opaque_data", b""),)

    opaque_data: bytes

    def __init__(
        self, stream_id: int = 0, opaque_data: bytes = b"", *, flags: Iterable[str] = ()
    ) -> None:
        self._init_frame(stream_id, flags)
        self.opaque_data = opaque_data

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
            raise payload_wrong_length("PING", 8, len(data))
        self.opaque_data = bytes(data)
        self.body_len = 8

    def _body_repr(self) -> str:
        return f"opaque_data={self.opaque_data!r}"


