"""PUSH_PROMISE frames (RFC 9113 §6.6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError, InvalidPaddingError
from ..flags import Flag
from .base import (
    ASSOCIATION_HAS_STREAM,
    STREAM_ID_MASK,
    Frame,
    WireFields,
    as_bytes,
    raw_data_repr,
)
from .fields import UINT32, pack_uint31
from .mixins import Padding, pack_pad_byte

__all__ = ["PushPromiseFrame"]


class PushPromiseFrame(Padding, Frame):
    """PUSH_PROMISE: reserves a server-initiated stream and carries its request headers."""

    __slots__ = ("data", "pad_length", "promised_stream_id")

    defined_flags: ClassVar[list[Flag]] = [Flag("END_HEADERS", 0x04), Flag("PADDED", 0x08)]
    type = 0x5
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "PUSH_PROMISE"
    _wire_fields: ClassVar[WireFields] = (
        ("promised_stream_id", 0),
        ("data", b""),
        ("pad_length", 0),
    )

    promised_stream_id: int
    data: bytes

    def __init__(
        self,
        stream_id: int,
        promised_stream_id: int = 0,
        data: bytes = b"",
        *,
        pad_length: int = 0,
        flags: Iterable[str] = (),
    ) -> None:
        self._init_frame(stream_id, flags)
        self.promised_stream_id = promised_stream_id
        self.data = data
        self.pad_length = pad_length

    def serialize_body(self) -> bytes:
        data = as_bytes("PUSH_PROMISE", "data", self.data)
        # RFC 9113 §6.6: the reserved bit before the promised id is sent as 0.
        promised = pack_uint31("PUSH_PROMISE", "promised_stream_id", self.promised_stream_id)
        if "PADDED" in self.flags:
            pad_length = self.pad_length
            pad_byte = pack_pad_byte("PUSH_PROMISE", pad_length)
            return b"".join((pad_byte, promised, data, b"\0" * pad_length))
        return promised + data

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        start = self.parse_padding_data(data)
        pad_length = self.pad_length if start else 0
        if length - start < 4:
            raise InvalidFrameError(
                f"PUSH_PROMISE frame payload of {length} bytes is too short for the "
                "promised stream id"
            )
        end = length - pad_length
        # RFC 9113 §6.6: padding may not reach into the promised stream id.
        if end < start + 4:
            raise InvalidPaddingError(
                f"PUSH_PROMISE frame padding of {pad_length} bytes overlaps the "
                "promised stream id"
            )
        (promised,) = UINT32.unpack_from(data, start)
        promised &= STREAM_ID_MASK
        # RFC 9113 §5.1.1, §6.6: promised streams are server-initiated: even, non-zero.
        if not promised or promised % 2:
            raise InvalidDataError(
                f"PUSH_PROMISE frame promised stream id must be even and non-zero, "
                f"got {promised}"
            )
        self.promised_stream_id = promised
        self.data = bytes(data[start + 4 : end])
        self.pad_length = pad_length
        self.body_len = length

    def _body_repr(self) -> str:
        return f"promised_stream_id={self.promised_stream_id}, data={raw_data_repr(self.data)}"


