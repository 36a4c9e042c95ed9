"""RFC 7541 §5.1 integer representation and the contract's helper functions (§3.5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpack import HPACKDecodingError
from hpack.hpack import decode_integer, encode_integer


def test_rfc7541_c_1_1_ten_with_5_bit_prefix() -> None:
    assert encode_integer(10, 5) == bytearray(b"\x0a")
    assert decode_integer(b"\x0a", 5) == (10, 1)


def test_rfc7541_c_1_2_1337_with_5_bit_prefix() -> None:
    assert encode_integer(1337, 5) == bytearray(b"\x1f\x9a\x0a")
    assert decode_integer(b"\x1f\x9a\x0a", 5) == (1337, 3)


def test_rfc7541_c_1_3_42_at_an_octet_boundary() -> None:
    assert encode_integer(42, 8) == bytearray(b"\x2a")
    assert decode_integer(b"\x2a", 8) == (42, 1)


def test_encode_integer_returns_bytearray() -> None:
    assert type(encode_integer(3, 4)) is bytearray


def test_rfc7541_5_1_value_equal_to_prefix_maximum_needs_a_continuation_octet() -> None:
    assert encode_integer(31, 5) == bytearray(b"\x1f\x00")
    assert decode_integer(b"\x1f\x00", 5) == (31, 2)
    assert encode_integer(30, 5) == bytearray(b"\x1e")


def test_decode_integer_ignores_flag_bits_above_the_prefix() -> None:
    assert decode_integer(b"\xea", 5) == (10, 1)
    assert decode_integer(b"\xff\x9a\x0a\xff", 5) == (1337, 3)


@pytest.mark.parametrize("bits", [0, 9, -1])
def test_bad_prefix_bits_raise_value_error(bits: int) -> None:
    with pytest.raises(ValueError):
        encode_integer(1, bits)
    with pytest.raises(ValueError):
        decode_integer(b"\x01", bits)


def test_negative_integer_raises_value_error() -> None:
    with pytest.raises(ValueError):
        encode_integer(-1, 5)


def test_decode_integer_without_data() -> None:
    with pytest.raises(HPACKDecodingError):
        decode_integer(b"", 5)


def test_rfc7541_5_1_integer_that_never_ends_is_rejected() -> None:
    with pytest.raises(HPACKDecodingError):
        decode_integer(b"\x1f\xff\xff", 5)


def test_at_most_five_continuation_octets() -> None:
    # Contract §3.5: five continuation octets are accepted, a fifth with its
    # high bit still set is an error (this bounds the integer size).
    assert decode_integer(b"\x1f\x80\x80\x80\x80\x01", 5) == (31 + (1 << 28), 6)
    with pytest.raises(HPACKDecodingError):
        decode_integer(b"\x1f\x80\x80\x80\x80\x81\x01", 5)


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=8))
def test_integers_up_to_2_32_round_trip_for_every_prefix(value: int, bits: int) -> None:
    encoded = bytes(encode_integer(value, bits))
    assert decode_integer(encoded + b"trailing", bits) == (value, len(encoded))
    if value < 2**bits - 1:
        assert len(encoded) == 1
