"""SETTINGS frames (RFC 9113 §6.5)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag, Flags
from .base import ASSOCIATION_NO_STREAM, Frame, flags_mask, unexpected_stream_id

__all__ = ["SettingsFrame"]

_new_object = object.__new__
SETTING = struct.Struct(">HL")  # RFC 9113 §6.5.1: 16-bit identifier, 32-bit value
_pack_setting = SETTING.pack
_iter_settings = SETTING.iter_unpack


class SettingsFrame(Frame):
    """SETTINGS: connection parameters, or (with ACK) their acknowledgement."""

    __slots__ = ("settings",)

    defined_flags: ClassVar[list[Flag]] = [Flag("ACK", 0x01)]
    type = 0x4
    stream_association: ClassVar[str | None] = ASSOCIATION_NO_STREAM
    _frame_name: ClassVar[str] = "SETTINGS"

    # RFC 9113 §6.5.2 and RFC 8441 §3 identifiers.
    HEADER_TABLE_SIZE: ClassVar[int] = 0x01
    ENABLE_PUSH: ClassVar[int] = 0x02
    MAX_CONCURRENT_STREAMS: ClassVar[int] = 0x03
    INITIAL_WINDOW_SIZE: ClassVar[int] = 0x04
    MAX_FRAME_SIZE: ClassVar[int] = 0x05
    MAX_HEADER_LIST_SIZE: ClassVar[int] = 0x06
    ENABLE_CONNECT_PROTOCOL: ClassVar[int] = 0x08

    settings: dict[int, int]

    def __init__(
        self,
        stream_id: int = 0,
        settings: dict[int, int] | None = None,
        *,
        flags: Iterable[str] = (),
    ) -> None:
        if stream_id:
            raise unexpected_stream_id(type(self), stream_id)
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        if settings and "ACK" in mine:
            # RFC 9113 §6.5: an acknowledgement carries no settings.
            raise InvalidDataError("Settings must be empty if ACK flag is set.")
        self.settings = settings if settings is not None else {}

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> SettingsFrame:
        if stream_id:
            raise unexpected_stream_id(SettingsFrame, stream_id)
        frame = _new_object(SettingsFrame)
        frame.stream_id = 0
        frame.flags = flags = _new_object(Flags)
        flags._positions = _POSITIONS
        flags._mask = _BYTE_TO_MASK[flag_byte]
        frame.body_len = 0
        frame.settings = {}
        return frame

    def serialize_body(self) -> bytes:
        settings = self.settings
        if not settings:
            return b""
        if "ACK" in self.flags:
            # RFC 9113 §6.5: an ACK with a payload is a FRAME_SIZE_ERROR; never emit one.
            raise InvalidDataError("SETTINGS frame with the ACK flag cannot carry settings")
        try:
            return b"".join([_pack_setting(*item) for item in settings.items()])
        except struct.error:
            raise _settings_error(settings) from None

    def parse_body(self, data: memoryview) -> None:
        length = len(data)
        if length and "ACK" in self.flags:
            # RFC 9113 §6.5: ACK with a non-empty payload is a FRAME_SIZE_ERROR.
            raise InvalidDataError(
                f"SETTINGS frame with the ACK flag must be empty, got {length} bytes"
            )
        if length % 6:
            # RFC 9113 §6.5: a length that is not a multiple of 6 is a FRAME_SIZE_ERROR.
            raise InvalidFrameError(
                f"SETTINGS frame payload of {length} bytes is not a multiple of 6"
            )
        if length:
            self.settings.update(_iter_settings(data))
        self.body_len = length

    def _body_repr(self) -> str:
        return f"settings={self.settings}"


_POSITIONS = SettingsFrame._flag_positions
_BYTE_TO_MASK = SettingsFrame._byte_to_mask


def _settings_error(settings: dict[int, int]) -> InvalidDataError:
    """Name the first identifier outside 16 bits, else report the values."""
    for identifier in settings:
        if not (isinstance(identifier, int) and 0 <= identifier <= 0xFFFF):
            return InvalidDataError(
                f"SETTINGS frame identifier must be an integer 0-65535, got {identifier!r}"
            )
    return InvalidDataError(
        f"SETTINGS frame values must be integers 0-{0xFFFFFFFF}, got {settings!r}"
    )
