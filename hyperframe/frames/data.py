"""DATA frames (RFC 9113 §6.1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidFrameError, InvalidPaddingError
from ..flags import Flag, Flags
from .base import (
    ASSOCIATION_HAS_STREAM,
    FRAME_MAX_ALLOWED_LEN,
    Frame,
    WireFields,
    as_bytes,
    pack_header,
)
from .mixins import Padding, pack_pad_byte

__all__ = ["DataFrame"]

_pack_header = pack_header


class DataFrame(Padding, Frame):
    """DATA: a chunk of a stream's content, optionally padded."""

    __slots__ = ("data", "pad_length")

    defined_flags: ClassVar[list[Flag]] = [Flag("END_STREAM", 0x01), Flag("PADDED", 0x08)]
    type = 0x0
    stream_association: ClassVar[str | None] = ASSOCIATION_HAS_STREAM
    _frame_name: ClassVar[str] = "DATA"
    _wire_fields: ClassVar[WireFields] = (("data", b""), ("pad_length", 0))

    data: bytes

    def __init__(
        self, stream_id: int, data: bytes = b"", *, pad_length: int = 0,
        flags: Iterable[str] = (),
    ) -> None:
        self._init_frame(stream_id, flags)
        self.data = data
        self.pad_length = pad_length

    def _padded(self) -> bool:
        flags = self.flags
        if type(flags) is Flags and flags._positions is _POSITIONS:
            return bool(flags._mask & _PADDED)
        return "PADDED" in flags

    def serialize(self) -> bytes:
        """The complete frame; unpadded DATA takes a shortcut past ``serialize_body``."""
        flags = self.flags
        data = self.data
        if (
            type(self) is DataFrame
            and self.type == 0x0  # not shadowed on the instance
            and type(data) is bytes
            and type(flags) is Flags
            and flags._positions is _POSITIONS
            and not flags._mask & _PADDED
            and len(data) <= FRAME_MAX_ALLOWED_LEN
        ):
            length = len(data)
            try:
                header = _pack_header(
                    length >> 8, length & 0xFF, 0x0, _MASK_TO_BYTE[flags._mask],
                    self.stream_id & 0x7FFFFFFF,
                )
            except TypeError:
                return Frame.serialize(self)  # a mistyped stream id: reported there
            self.body_len = length
            return header + data
        return Frame.serialize(self)

    def serialize_body(self) -> bytes:
        # Off the hot path: ``serialize`` sends unpadded bytes without calling it.
        data = self.data
        if type(data) is not bytes:
            data = as_bytes("DATA", "data", data)
        if self._padded():
            pad_length = self.pad_length
            return b"".join((pack_pad_byte("DATA", pad_length), data, b"\0" * pad_length))
        return data

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        flags = self.flags
        if type(flags) is Flags and flags._positions is _POSITIONS:
            padded = flags._mask & _PADDED
        else:
            padded = "PADDED" in flags
        if padded:
            if not length:
                raise InvalidFrameError("DATA frame has the PADDED flag but an empty payload")
            pad_length = data[0]
            # RFC 9113 §6.1: padding as long as the payload or longer is an error.
            if pad_length and pad_length >= length:
                raise InvalidPaddingError(
                    f"DATA frame padding of {pad_length} bytes does not fit "
                    f"in its {length}-byte payload"
                )
            self.data = bytes(data[1 : length - pad_length])
            self.pad_length = pad_length
        else:
            self.data = bytes(data)
        self.body_len = length

    @property
    def flow_controlled_length(self) -> int:
        """Bytes this frame counts against flow control: data, pad byte and padding."""
        # RFC 9113 §6.9.1: the entire payload, padding included, is flow-controlled.
        if self._padded():
            return len(self.data) + self.pad_length + 1
        return len(self.data)


_POSITIONS = DataFrame._flag_positions
_PADDED = _POSITIONS["PADDED"]
_MASK_TO_BYTE = DataFrame._mask_to_byte
