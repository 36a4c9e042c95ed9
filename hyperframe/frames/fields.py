"""Fixed-size payload fields several frame types share, and the errors of their codecs.

The length checks stay inline in each ``parse_body`` (a compare costs less than
a call on the hot types); only the errors they raise are built here, so every
frame type words them the same way.
"""

from __future__ import annotations

import struct

from ..exceptions import InvalidDataError, InvalidFrameError
from .base import STREAM_ID_MASK

__all__ = [
    "UINT16",
    "UINT32",
    "pack_length_prefixed",
    "pack_uint31",
    "pack_uint32",
    "payload_too_short",
    "payload_wrong_length",
]

UINT16 = struct.Struct(">H")
UINT32 = struct.Struct(">L")
_pack_uint32 = UINT32.pack


def pack_uint32(frame_name: str, field: str, value: object) -> bytes:
    """``value`` as a 4-byte big-endian unsigned integer."""
    try:
        return _pack_uint32(value)
    except struct.error:
        raise InvalidDataError(
            f"{frame_name} frame {field} must be an integer 0-{0xFFFFFFFF}, got {value!r}"
        ) from None


def pack_uint31(frame_name: str, field: str, value: int) -> bytes:
    """``value`` masked to 31 bits in 4 bytes: the reserved bit before it is sent as 0.

    RFC 9113 §6.6 (promised stream id), §6.9 (window increment), RFC 9218
    §7.1 (prioritized stream id).
    """
    try:
        return _pack_uint32(value & STREAM_ID_MASK)
    except TypeError:
        raise InvalidDataError(
            f"{frame_name} frame {field} must be an integer, got {value!r}"
        ) from None


def pack_length_prefixed(frame_name: str, field: str, value: bytes) -> bytes:
    """``value`` preceded by its 16-bit length (ALTSVC Origin-Len, ORIGIN Origin-Len)."""
    if len(value) > 0xFFFF:
        raise InvalidDataError(
            f"{frame_name} frame {field} of {len(value)} bytes exceeds the 65535-byte limit "
            "of its 16-bit length field"
        )
    return UINT16.pack(len(value)) + value


def payload_wrong_length(frame_name: str, expected: int, length: int) -> InvalidFrameError:
    """A fixed-size payload of another length (a FRAME_SIZE_ERROR in RFC 9113)."""
    return InvalidFrameError(
        f"{frame_name} frame payload must be exactly {expected} bytes, got {length}"
    )


def payload_too_short(frame_name: str, minimum: int, length: int) -> InvalidFrameError:
    """A payload shorter than its fixed fields."""
    return InvalidFrameError(
        f"{frame_name} frame payload must be at least {minimum} bytes, got {length}"
    )
