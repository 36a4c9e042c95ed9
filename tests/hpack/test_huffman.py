"""RFC 7541 §5.2 Huffman strings: encoder, table-driven decoder, EOS and padding rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpack import HPACKDecodingError
from hpack.huffman import HuffmanEncoder, huffman_encode_unless_longer
from hpack.huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH
from hpack.huffman_table import decode_huffman

ENCODER = HuffmanEncoder(REQUEST_CODES, REQUEST_CODES_LENGTH)


def test_rfc7541_c_4_1_authority_string() -> None:
    coded = bytes.fromhex("f1e3c2e5f23a6ba0ab90f4ff")
    assert ENCODER.encode(b"www.example.com") == coded
    assert decode_huffman(coded) == b"www.example.com"


def test_empty_and_none() -> None:
    assert ENCODER.encode(b"") == b""
    assert ENCODER.encode(None) == b""
    assert decode_huffman(b"") == b""


def test_encoder_keeps_its_code_tables() -> None:
    assert ENCODER.huffman_code_list is REQUEST_CODES
    assert ENCODER.huffman_code_list_lengths is REQUEST_CODES_LENGTH


def test_rfc7541_5_2_padding_uses_most_significant_bits_of_eos() -> None:
    # "0" is the 5-bit code 00000: three padding bits, all ones.
    assert ENCODER.encode(b"0") == b"\x07"
    assert decode_huffman(b"\x07") == b"0"


def test_rfc7541_5_2_padding_longer_than_7_bits_is_an_error() -> None:
    # "0" then a whole octet of ones: 11 bits of padding.
    with pytest.raises(HPACKDecodingError):
        decode_huffman(b"\x07\xff")
    with pytest.raises(HPACKDecodingError):
        decode_huffman(b"\xff")


def test_rfc7541_5_2_padding_not_all_ones_is_an_error() -> None:
    # "0" (00000) followed by padding 110 instead of 111.
    with pytest.raises(HPACKDecodingError):
        decode_huffman(b"\x06")
    # "0" followed by padding 000: decodes nothing valid either.
    with pytest.raises(HPACKDecodingError):
        decode_huffman(b"\x00")


def test_rfc7541_5_2_eos_in_a_string_is_an_error() -> None:
    # EOS is 30 one-bits; 32 one-bits contain it whole.
    with pytest.raises(HPACKDecodingError):
        decode_huffman(b"\xff\xff\xff\xff")
    # EOS right after a symbol ("0" + EOS + 5 bits of padding).
    eos = (0 << 35) | ((2**30 - 1) << 5) | 0b11111
    with pytest.raises(HPACKDecodingError):
        decode_huffman(eos.to_bytes(5, "big"))


def test_unless_longer() -> None:
    # "307" is 3 octets either way: a tie keeps Huffman (RFC 7541 C.6.2).
    assert huffman_encode_unless_longer(b"307") == bytes.fromhex("640eff")
    # Rare octets have long codes: Huffman would be longer.
    assert huffman_encode_unless_longer(b"\x00\x01\x02") is None


@given(st.binary(max_size=300))
def test_round_trip(data: bytes) -> None:
    assert decode_huffman(ENCODER.encode(data)) == data
    coded = huffman_encode_unless_longer(data) if data else None
    if coded is not None:
        assert coded == ENCODER.encode(data)
        assert len(coded) <= len(data)


@given(st.binary(max_size=64))
def test_arbitrary_bytes_decode_or_raise_hpack_decoding_error(data: bytes) -> None:
    try:
        decoded = decode_huffman(data)
    except HPACKDecodingError:
        return
    assert ENCODER.encode(decoded) == data


def test_every_symbol_alone_round_trips() -> None:
    for octet in range(256):
        data = bytes((octet,))
        assert decode_huffman(ENCODER.encode(data)) == data


def test_decoder_accepts_memoryview_and_bytearray() -> None:
    coded = ENCODER.encode(b"custom-key")
    assert decode_huffman(bytearray(coded)) == b"custom-key"
    assert decode_huffman(memoryview(coded)) == b"custom-key"
