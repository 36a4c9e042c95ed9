"""h2.errors: the RFC 9113 §7 error codes."""

from __future__ import annotations

import enum

import pytest

import h2.errors
from h2.errors import ErrorCodes, _error_code_from_int

# RFC 9113 §7: the registered error codes and their values.
RFC_CODES = {
    "NO_ERROR": 0x0,
    "PROTOCOL_ERROR": 0x1,
    "INTERNAL_ERROR": 0x2,
    "FLOW_CONTROL_ERROR": 0x3,
    "SETTINGS_TIMEOUT": 0x4,
    "STREAM_CLOSED": 0x5,
    "FRAME_SIZE_ERROR": 0x6,
    "REFUSED_STREAM": 0x7,
    "CANCEL": 0x8,
    "COMPRESSION_ERROR": 0x9,
    "CONNECT_ERROR": 0xA,
    "ENHANCE_YOUR_CALM": 0xB,
    "INADEQUATE_SECURITY": 0xC,
    "HTTP_1_1_REQUIRED": 0xD,
}


def test_rfc9113_7_error_code_values() -> None:
    assert {member.name: member.value for member in ErrorCodes} == RFC_CODES


def test_error_codes_is_int_enum_and_str_is_number() -> None:
    assert issubclass(ErrorCodes, enum.IntEnum)
    assert str(ErrorCodes.CANCEL) == "8"
    assert int(ErrorCodes.PROTOCOL_ERROR) == 1


def test_module_all() -> None:
    assert h2.errors.__all__ == ["ErrorCodes"]


@pytest.mark.parametrize("value", range(14))
def test_known_codes_become_members(value: int) -> None:
    code = _error_code_from_int(value)
    assert isinstance(code, ErrorCodes)
    assert code == value


@pytest.mark.parametrize("value", [0xE, 0xFF, 2**32 - 1])
def test_rfc9113_7_unknown_codes_stay_plain_ints(value: int) -> None:
    # RFC 9113 §7: unknown error codes MUST NOT trigger special behaviour.
    code = _error_code_from_int(value)
    assert type(code) is int
    assert code == value
