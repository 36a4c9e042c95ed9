"""Frames of any type hyperframe does not model (RFC 9113 §5.5: unknown types are ignored)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..flags import Flag
from .base import (
    ASSOCIATION_EITHER,
    FRAME_MAX_ALLOWED_LEN,
    STREAM_ID_MASK,
    Frame,
    as_bytes,
    pack_header,
    raw_data_repr,
)

__all__ = ["ExtensionFrame"]


class ExtensionFrame(Frame):
    """A frame of an unknown type, kept as its raw type, flag byte and body."""

    __slots__ = ("body", "flag_byte", "type")

    defined_flags: ClassVar[list[Flag]] = []
    stream_association: ClassVar[str | None] = ASSOCIATION_EITHER
    _frame_name: ClassVar[str] = "extension"

    type: int  # an instance attribute here: any type byte
    flag_byte: int
    body: bytes

    def __init__(
        self,
        type: int,  # the contract's name; shadows the builtin in this method only
        stream_id: int,
        flag_byte: int = 0x0,
        body: bytes = b"",
        *,
        flags: Iterable[str] = (),
    ) -> None:
        super().__init__(stream_id, flags)
        self.type = type
        self.flag_byte = flag_byte
        self.body = body

    def parse_flags(self, flag_byte: int) -> None:  # type: ignore[override]
        """Keep the raw flag byte: no flags are known for this type."""
        self.flag_byte = flag_byte

    def parse_body(self, data: memoryview) -> None:
        self.body = bytes(data)
        self.body_len = len(data)

    def serialize_body(self) -> bytes:
        return as_bytes("extension", "body", self.body)

    def serialize(self) -> bytes:
        """Header from the body's real length, ``type``, raw ``flag_byte`` and ``stream_id``."""
        body = self.serialize_body()
        body_len = len(body)
        if body_len > FRAME_MAX_ALLOWED_LEN:
            raise self._oversize_error(body_len)
        self.body_len = body_len
        try:
            header = pack_header(
                body_len >> 8, body_len & 0xFF, self.type, self.flag_byte,
                self.stream_id & STREAM_ID_MASK,
            )
        except (struct.error, TypeError) as exc:
            raise self._header_error(self.type, exc) from None
        return header + body

    def _body_repr(self) -> str:
        return f"type={self.type}, flag_byte={self.flag_byte}, body={raw_data_repr(self.body)}"

