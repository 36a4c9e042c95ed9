"""Huffman encoding of string literals (RFC 7541 §5.2, Appendix B)."""

from __future__ import annotations

from collections.abc import Sequence

from .huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH

__all__ = ["HuffmanEncoder", "huffman_encode_unless_longer"]


def _bit_strings(codes: Sequence[int], lengths: Sequence[int]) -> tuple[str, ...]:
    # One "0101..." text per octet value: joining them and parsing the result
    # with int(..., 2) keeps the whole encoding inside C loops.
    pairs = zip(codes[:256], lengths[:256], strict=True)
    return tuple(format(code, f"0{length}b") for code, length in pairs)


class HuffmanEncoder:
    """Encodes octet strings with a canonical Huffman code (Appendix B by default)."""

    __slots__ = ("_bits", "huffman_code_list", "huffman_code_list_lengths")

    def __init__(self, huffman_code_list: Sequence[int], huffman_code_list_lengths: Sequence[int]):
        self.huffman_code_list = huffman_code_list
        self.huffman_code_list_lengths = huffman_code_list_lengths
        self._bits = _bit_strings(huffman_code_list, huffman_code_list_lengths)

    def encode(self, bytes_to_encode: bytes | None) -> bytes:
        """Huffman-code ``bytes_to_encode``, padding the last octet with 1 bits (§5.2)."""
        if not bytes_to_encode:
            return b""
        return _pack(self._bits, bytes_to_encode)


def _pack(bit_strings: tuple[str, ...], data: bytes) -> bytes:
    bits = "".join(map(bit_strings.__getitem__, data))
    # §5.2: padding is the most significant bits of the EOS code, i.e. ones.
    padding = -len(bits) % 8
    return int(bits + "1" * padding, 2).to_bytes((len(bits) + padding) >> 3, "big")


_DEFAULT_BITS = _bit_strings(REQUEST_CODES, REQUEST_CODES_LENGTH)


def huffman_encode_unless_longer(data: bytes) -> bytes | None:
    """Appendix B encoding of non-empty ``data``, or None when it would be longer than ``data``.

    A tie keeps Huffman: RFC 7541 C.6.2 codes ``307`` in 3 octets either way and
    shows the Huffman form, which the Appendix C examples need byte for byte.
    """
    bits = "".join(map(_DEFAULT_BITS.__getitem__, data))
    bit_count = len(bits)
    octets = (bit_count + 7) >> 3
    if octets > len(data):
        return None
    padding = (octets << 3) - bit_count
    # §5.2: pad with the most significant bits of EOS, which are all ones.
    return ((int(bits, 2) << padding) | ((1 << padding) - 1)).to_bytes(octets, "big")
