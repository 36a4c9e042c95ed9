"""ALTSVC frames (RFC 7838 §4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag
from .base import ASSOCIATION_EITHER, Frame, WireFields
from .fields import UINT16, pack_length_prefixed

__all__ = ["AltSvcFrame"]


class AltSvcFrame(Frame):
    """ALTSVC: advertises alternative services for an origin (RFC 7838)."""

    __slots__ = ("field", "origin")

    defined_flags: ClassVar[list[Flag]] = []
    type = 0xA
    stream_association: ClassVar[str | None] = ASSOCIATION_EITHER
    _frame_name: ClassVar[str] = "ALTSVC"
    _wire_fields: ClassVar[WireFields] = (("origin", b""), ("field", b""))

    origin: bytes
    field: bytes

    def __init__(
        self, stream_id: int, origin: bytes = b"", field: bytes = b"", *,
        flags: Iterable[str] = (),
    ) -> None:
        _check_bytes(origin, field)
        self._init_frame(stream_id, flags)
        self.origin = origin
        self.field = field

    def serialize_body(self) -> bytes:
        _check_bytes(self.origin, self.field)
        return pack_length_prefixed("ALTSVC", "origin", self.origin) + self.field

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        if length < 2:
            raise InvalidFrameError(
                f"ALTSVC frame payload of {length} bytes is too short for the origin length"
            )
        (origin_length,) = UINT16.unpack_from(data)
        if origin_length > length - 2:
            raise InvalidFrameError(
                f"ALTSVC frame origin length {origin_length} exceeds the {length - 2} "
                "bytes that follow"
            )
        self.origin = bytes(data[2 : 2 + origin_length])
        self.field = bytes(data[2 + origin_length :])
        self.body_len = length

    def _body_repr(self) -> str:
        return f"origin={self.origin!r}, field={self.field!r}"


def _check_bytes(origin: object, field: object) -> None:
    if not isinstance(origin, bytes):
        raise InvalidDataError("AltSvcFrame origin must be bytestring.")
    if not isinstance(field, bytes):
        raise InvalidDataError("AltSvcFrame field must be bytestring.")


