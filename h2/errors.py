"""HTTP/2 error codes (RFC 9113 §7)."""

from __future__ import annotations

import enum

__all__ = ["ErrorCodes"]


class ErrorCodes(enum.IntEnum):
    """The error codes registered by RFC 9113 §7 (used in RST_STREAM and GOAWAY)."""

    NO_ERROR = 0x0
    PROTOCOL_ERROR = 0x1
    INTERNAL_ERROR = 0x2
    FLOW_CONTROL_ERROR = 0x3
    SETTINGS_TIMEOUT = 0x4
    STREAM_CLOSED = 0x5
    FRAME_SIZE_ERROR = 0x6
    REFUSED_STREAM = 0x7
    CANCEL = 0x8
    COMPRESSION_ERROR = 0x9
    CONNECT_ERROR = 0xA
    ENHANCE_YOUR_CALM = 0xB
    INADEQUATE_SECURITY = 0xC
    HTTP_1_1_REQUIRED = 0xD


# Known codes keyed by their integer value; a plain dict lookup is cheaper than
# calling the enum constructor and catching ValueError for unknown codes.
_CODES_BY_VALUE: dict[int, ErrorCodes] = {member.value: member for member in ErrorCodes}


def _error_code_from_int(code: int) -> ErrorCodes | int:
    """Return the ``ErrorCodes`` member for ``code``, or ``code`` itself if unknown.

    RFC 9113 §7: unknown or unsupported error codes MUST NOT trigger any
    special behaviour, so they are carried through as plain integers.
    """
    return _CODES_BY_VALUE.get(code, code)
