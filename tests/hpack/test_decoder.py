"""Decoder behaviour: RFC 7541 §3, §4.2, §6 and hostile input (contract §3.4)."""

from __future__ import annotations

import time

import pytest

from hpack import (
    Decoder,
    Encoder,
    HeaderTuple,
    HPACKDecodingError,
    InvalidTableIndex,
    InvalidTableIndexError,
    InvalidTableSizeError,
    NeverIndexedHeaderTuple,
    OversizedHeaderListError,
)
from hpack.hpack import DEFAULT_MAX_HEADER_LIST_SIZE, encode_integer
from hpack.huffman import HuffmanEncoder
from hpack.huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH

HUFFMAN = HuffmanEncoder(REQUEST_CODES, REQUEST_CODES_LENGTH)


def length(n: int, huffman: bool = False) -> bytes:
    """A §5.2 string length prefix."""
    prefix = encode_integer(n, 7)
    if huffman:
        prefix[0] |= 0x80
    return bytes(prefix)


def state(decoder: Decoder) -> tuple[object, ...]:
    table = decoder.header_table
    return list(table.dynamic_entries), table._current_size, table.maxsize


def test_defaults() -> None:
    decoder = Decoder()
    assert decoder.max_header_list_size == DEFAULT_MAX_HEADER_LIST_SIZE == 65536
    assert decoder.max_allowed_table_size == 4096
    assert decoder.header_table_size == 4096
    assert Decoder(max_header_list_size=10).max_header_list_size == 10


def test_header_table_size_setter_has_no_validation() -> None:
    decoder = Decoder()
    decoder.header_table_size = 10**6
    assert decoder.header_table.maxsize == 10**6


def test_rfc7541_6_1_indexed_field_static_and_dynamic() -> None:
    decoder = Decoder()
    decoder.decode(b"\x40\x01a\x01b")
    assert decoder.decode(b"\x82\xbe") == [(":method", "GET"), ("a", "b")]
    headers = decoder.decode(b"\x82\xbe", raw=True)
    assert headers == [(b":method", b"GET"), (b"a", b"b")]
    assert all(type(h) is HeaderTuple for h in headers)


@pytest.mark.parametrize("data", [b"\x80", b"\xbf", b"\xff\x00", b"\x40\x01a\x01b\xbf"])
def test_rfc7541_2_3_3_index_out_of_range(data: bytes) -> None:
    with pytest.raises(InvalidTableIndex, match="Invalid table index"):
        Decoder().decode(data)
    with pytest.raises(InvalidTableIndexError):
        Decoder().decode(data)


@pytest.mark.parametrize("first", [b"\x7f\x00", b"\x1f\x2f", b"\x0f\x2f"])
def test_rfc7541_6_2_literal_name_index_out_of_range(first: bytes) -> None:
    with pytest.raises(InvalidTableIndex):
        Decoder().decode(first + b"\x01v")


def test_rfc7541_6_2_1_literal_with_incremental_indexing() -> None:
    decoder = Decoder()
    assert decoder.decode(b"\x44\x05/path") == [(":path", "/path")]
    assert list(decoder.header_table.dynamic_entries) == [(b":path", b"/path")]
    # Literal name with a Huffman-coded value.
    value = HUFFMAN.encode(b"hello")
    data = b"\x40\x01x" + bytes((0x80 | len(value),)) + value
    assert decoder.decode(data) == [("x", "hello")]
    # Literal with an indexed dynamic name (62 = x).
    assert decoder.decode(b"\x7e\x01y") == [("x", "y")]


def test_rfc7541_6_2_2_and_6_2_3_literals_leave_the_table_alone() -> None:
    decoder = Decoder()
    plain = decoder.decode(b"\x00\x01a\x01b\x04\x01/")
    never = decoder.decode(b"\x10\x01a\x01b\x14\x01/", raw=True)
    assert plain == [("a", "b"), (":path", "/")]
    assert [type(h) for h in plain] == [HeaderTuple, HeaderTuple]
    assert never == [(b"a", b"b"), (b":path", b"/")]
    assert [type(h) for h in never] == [NeverIndexedHeaderTuple] * 2
    assert not decoder.header_table.dynamic_entries


def test_rfc7541_4_2_several_size_updates_at_block_start() -> None:
    decoder = Decoder()
    decoder.decode(b"\x40\x01a\x01b")
    assert decoder.decode(b"\x3f\x09\x3f\x45\x3f\x09\x82") == [(":method", "GET")]
    assert decoder.header_table_size == 40
    assert decoder.decode(b"\x20\x3f\xe1\x1f") == []
    assert decoder.header_table_size == 4096
    assert not decoder.header_table.dynamic_entries


def test_rfc7541_4_2_size_update_after_a_header_is_an_error() -> None:
    with pytest.raises(HPACKDecodingError):
        Decoder().decode(b"\x82\x3f\x09")


def test_rfc7541_6_3_size_update_above_acknowledged_maximum() -> None:
    decoder = Decoder()
    with pytest.raises(InvalidTableSizeError):
        decoder.decode(b"\x3f\xe2\x1f")  # 4097
    decoder.max_allowed_table_size = 8192
    assert decoder.decode(b"\x3f\xe2\x1f") == []
    assert decoder.header_table_size == 4097


def test_rfc7541_4_2_peer_must_shrink_after_we_lowered_the_setting() -> None:
    decoder = Decoder()
    decoder.max_allowed_table_size = 100
    with pytest.raises(InvalidTableSizeError):
        decoder.decode(b"\x82")
    assert decoder.decode(b"\x3f\x45\x82") == [(":method", "GET")]


@pytest.mark.parametrize(
    "data",
    [
        b"\x40",  # name string missing
        b"\x40\x05ab",  # name string truncated
        b"\x40\x01a",  # value missing
        b"\x40\x01a\x7f",  # value length integer truncated
        b"\x40\x01a\x7f\xff\xff\xff\xff\xff\x01",  # integer too long
        b"\xff",  # index integer truncated
        b"\x3f",  # size update integer truncated
        b"\x40\x01a\x81\xff",  # Huffman value with bad padding
        b"\x40\x01a\x84\xff\xff\xff\xff",  # Huffman value containing EOS
        b"\x40\x81\x00\x00",  # Huffman name that decodes to nothing valid
    ],
)
def test_malformed_blocks_raise_hpack_decoding_error(data: bytes) -> None:
    with pytest.raises(HPACKDecodingError):
        Decoder().decode(data)


def test_invalid_utf8_raises_unless_raw() -> None:
    data = b"\x00\x01a\x02\xc3\x28"
    with pytest.raises(HPACKDecodingError):
        Decoder().decode(data)
    assert Decoder().decode(data, raw=True) == [(b"a", b"\xc3\x28")]


def test_accepts_bytearray_and_memoryview_only() -> None:
    assert Decoder().decode(bytearray(b"\x82")) == [(":method", "GET")]
    assert Decoder().decode(memoryview(b"\x82")) == [(":method", "GET")]
    with pytest.raises(HPACKDecodingError):
        Decoder().decode("\x82")  # type: ignore[arg-type]
    with pytest.raises(HPACKDecodingError):
        Decoder().decode(5)  # type: ignore[arg-type]


def test_empty_block() -> None:
    assert Decoder().decode(b"") == []


# -- CVE-2016-6581: the header list size limit ----------------------------------


def test_header_list_exactly_at_the_limit_is_accepted() -> None:
    # 32 + len(":method") + len("GET") = 42 per field.
    assert len(Decoder(max_header_list_size=84).decode(b"\x82\x82")) == 2
    with pytest.raises(OversizedHeaderListError):
        Decoder(max_header_list_size=83).decode(b"\x82\x82")


def test_limit_counts_literals_and_dynamic_entries() -> None:
    decoder = Decoder(max_header_list_size=34 + 34)
    assert decoder.decode(b"\x40\x01a\x01b\xbe") == [("a", "b"), ("a", "b")]
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\xbe\xbe\xbe")
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\x00\x01a\x01b\x00\x01a\x01b\x00\x01a\x01b")


def test_hpack_bomb_stops_at_the_limit() -> None:
    # One 4000-octet entry referenced a million times would decode to ~4 GB.
    decoder = Decoder()
    entry = b"\x40\x01a" + length(4000) + b"x" * 4000
    bomb = entry + b"\xbe" * 1_000_000
    start = time.perf_counter()
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(bomb)
    assert time.perf_counter() - start < 1.0


def test_single_string_beyond_the_limit_is_rejected_before_decoding() -> None:
    decoder = Decoder(max_header_list_size=1000)
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\x00\x01a" + length(1000) + b"x" * 1000)
    # Huffman: 4000 coded octets are at least 4000 * 8 / 30 decoded octets.
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\x00\x01a" + length(4000, huffman=True) + b"\x00" * 4000)
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\x00" + length(1000) + b"x" * 1000 + b"\x00")


# -- atomicity: a failed decode leaves the decoder as it was ---------------------


@pytest.mark.parametrize(
    "tail",
    [
        b"\xff\xff\xff\xff\xff\xff\xff",  # integer overflow after two insertions
        b"\xbf\x80",  # bad index
        b"\x00\x01a\x02\xc3\x28",  # bad UTF-8
        b"\x3f\x09",  # size update after a header
    ],
)
def test_failed_block_rolls_the_table_back(tail: bytes) -> None:
    decoder = Decoder()
    decoder.decode(b"\x40\x03old\x01v")
    before = state(decoder)
    with pytest.raises(HPACKDecodingError):
        decoder.decode(b"\x3f\x45\x40\x01a\x01b\x40\x01c\x01d" + tail)
    assert state(decoder) == before
    # The decoder keeps working from the restored state.
    assert decoder.decode(b"\xbe") == [("old", "v")]


def test_post_block_size_check_rolls_back_too() -> None:
    decoder = Decoder()
    decoder.max_allowed_table_size = 100
    before = state(decoder)
    with pytest.raises(InvalidTableSizeError):
        decoder.decode(b"\x40\x01a\x01b")
    assert state(decoder) == before


def test_oversized_list_rolls_back() -> None:
    decoder = Decoder(max_header_list_size=50)
    with pytest.raises(OversizedHeaderListError):
        decoder.decode(b"\x40\x01a\x01b\xbe")
    assert not decoder.header_table.dynamic_entries


def test_encoder_search_indexes_survive_a_decoder_style_restore() -> None:
    # The table class is shared; a restore must also drop the encoder's search indexes.
    encoder = Encoder()
    encoder.encode([("a", "1")])
    saved = encoder.header_table.snapshot()
    encoder.encode([("b", "2")])
    encoder.header_table.restore(saved)
    assert encoder.encode([("b", "2")], huffman=False) == b"\x40\x01b\x012"
