"""Huffman encoding of string literals (RFC 7541 §5.2, Appendix B)."""

from __future__ import annotations

from collections.abc import Sequence

from .huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH

__all__ = ["HuffmanEncoder", "huffman_encode", "huffman_encoded_length"]


def _bit_strings(codes: Sequence[int], lengths: Sequence[int]) -> tuple[str, ...]:
    # One "0101..." text per octet value: joining them and parsing the result
    # with int(..., 2) keeps the whole encoding inside C loops.
    return tuple(format(code, f"0{length}b") for code, length in zip(codes[:256], lengths))


class HuffmanEncoder:
    """Encodes octet strings with a canonical Huffman code (Appendix B by default)."""

    __slots__ = ("huffman_code_list", "huffman_code_list_lengths", "_bits")

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
_DEFAULT_LENGTHS = REQUEST_CODES_LENGTH[:256]


def huffman_encoded_length(data: bytes) -> int:
    """Octets the Appendix B encoding of ``data`` takes, padding included."""
    return (sum(map(_DEFAULT_LENGTHS.__getitem__, data)) + 7) >> 3


def huffman_encode(data: bytes) -> bytes:
    """Appendix B encoding of a non-empty ``data``."""
    return _pack(_DEFAULT_BITS, data)
