"""SETTINGS frames (RFC 9113 §6.5)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import ClassVar

from ..exceptions import InvalidDataError, InvalidFrameError
from ..flags import Flag
from .base import ASSOCIATION_NO_STREAM, Frame, WireFields

__all__ = ["SettingsFrame"]

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
    _wire_fields: ClassVar[WireFields] = (("settings", dict),)

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
        self._init_frame(stream_id, flags)
        if settings and "ACK" in self.flags:
            # RFC 9113 §6.5: an acknowledgement carries no settings.
            raise InvalidDataError("Settings must be empty if ACK flag is set.")
        self.settings = settings if settings is not None else {}

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
