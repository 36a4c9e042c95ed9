"""Prefix-coded integers (RFC 7541 §5.1)."""

from __future__ import annotations

from .exceptions import HPACKDecodingError

# A value needing more continuation octets than this is rejected: five octets
# carry 35 bits, enough for every value up to 2**32 whatever the prefix.
MAX_CONTINUATION_OCTETS = 5


def encode_integer(integer: int, prefix_bits: int) -> bytearray:
    """Encode ``integer`` with an N-bit prefix; the flag bits of octet 0 are left 0."""
    if integer < 0:
        raise ValueError(f"Can only encode positive integers, got {integer}")
    if not 1 <= prefix_bits <= 8:
        raise ValueError(f"Prefix bits must be between 1 and 8, got {prefix_bits}")
    max_prefix = (1 << prefix_bits) - 1
    if integer < max_prefix:
        return bytearray((integer,))
    out = bytearray((max_prefix,))
    integer -= max_prefix
    while integer >= 0x80:
        out.append((integer & 0x7F) | 0x80)
        integer >>= 7
    out.append(integer)
    return out


def encode_prefixed(integer: int, prefix_bits: int, flags: int) -> bytes:
    """Encode a non-negative ``integer`` with its flag bits already OR-ed into octet 0."""
    max_prefix = (1 << prefix_bits) - 1
    if integer < max_prefix:
        return bytes((flags | integer,))
    out = bytearray((flags | max_prefix,))
    integer -= max_prefix
    while integer >= 0x80:
        out.append((integer & 0x7F) | 0x80)
        integer >>= 7
    out.append(integer)
    return bytes(out)


def decode_continuation(data: bytes, pos: int, value: int) -> tuple[int, int]:
    """Finish an integer whose prefix was all ones: ``value`` is that prefix maximum.

    ``pos`` indexes the first continuation octet.  Returns the integer and the
    position after its last octet.
    """
    shift = 0
    end = len(data)
    for _ in range(MAX_CONTINUATION_OCTETS):
        if pos >= end:
            raise HPACKDecodingError("Unable to decode HPACK integer: data ended")
        octet = data[pos]
        pos += 1
        value += (octet & 0x7F) << shift
        if not octet & 0x80:
            return value, pos
        shift += 7
    raise HPACKDecodingError(
        f"HPACK integer uses more than {MAX_CONTINUATION_OCTETS} continuation octets"
    )


def decode_integer(data: bytes, prefix_bits: int) -> tuple[int, int]:
    """Decode an N-bit-prefix integer at the start of ``data``: ``(value, octets used)``."""
    if not 1 <= prefix_bits <= 8:
        raise ValueError(f"Prefix bits must be between 1 and 8, got {prefix_bits}")
    if not data:
        raise HPACKDecodingError("Unable to decode HPACK integer: no data")
    max_prefix = (1 << prefix_bits) - 1
    value = data[0] & max_prefix
    if value < max_prefix:
        return value, 1
    return decode_continuation(data, 1, value)
