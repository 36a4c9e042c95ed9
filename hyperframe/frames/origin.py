"""ORIGIN frames (RFC 8336 §2), an extension parsed only with ``extensions=True``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag, Flags
from .base import ASSOCIATION_NO_STREAM, FLAG_BYTE, Frame, WireFields
from .fields import UINT16, pack_length_prefixed

__all__ = ["OriginFrame"]


class OriginFrame(Frame):
    """ORIGIN: the origins the server is authoritative for on this connection.

    The payload is a sequence of Origin-Entry (16-bit length + ASCII origin).
    RFC 8336 defines no flags, but its first four flag bits mark future
    incompatible changes; the raw byte of a parsed frame is kept in
    ``flag_byte`` so a client can ignore such frames (RFC 8336 §2.1).
    """

    __slots__ = ("flag_byte", "origins")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0xC
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "ORIGIN"
    _wire_fields: ClassVar[WireFields] = (("origins", list), ("flag_byte", FLAG_BYTE))

    origins: list[bytes]
    flag_byte: int

    def __init__(
        self, stream_id: int = 0, origins: Iterable[bytes] = (), *, flags: Iterable[str] = ()
    ) -> None:
        self._init_frame(stream_id, flags)
        self.origins = list(origins)
        self.flag_byte = 0

    def parse_flags(self, flag_byte: int) -> Flags:
        self.flag_byte = flag_byte
        return super().parse_flags(flag_byte)  # type: ignore[return-value]

    def serialize_body(self) -> bytes:
        parts = []
        for origin in self.origins:
            if not isinstance(origin, bytes):
                raise InvalidDataError(
                    f"ORIGIN frame origins must be bytes, got {type(origin).__name__}"
                )
            parts.append(pack_length_prefixed("ORIGIN", "origin", origin))
        return b"".join(parts)

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        origins = []
        position = 0
        while position < length:
            if length - position < 2:
                raise InvalidFrameError(
                    f"ORIGIN frame has a truncated Origin-Len at payload offset {position}"
                )
            (origin_length,) = UINT16.unpack_from(data, position)
            position += 2
            if origin_length > length - position:
                raise InvalidFrameError(
                    f"ORIGIN frame entry of {origin_length} bytes at payload offset "
                    f"{position - 2} runs past the end of the payload"
                )
            origins.append(bytes(data[position : position + origin_length]))
            position += origin_length
        self.origins = origins
        self.body_len = length

    def _body_repr(self) -> str:
        return f"origins={self.origins!r}"


