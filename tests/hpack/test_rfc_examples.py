"""RFC 7541 Appendix C examples, byte for byte in both directions (read from the RFC text)."""

from __future__ import annotations

import pytest

from hpack import Decoder, Encoder, HeaderTuple, NeverIndexedHeaderTuple
from tests.hpack._helpers import rfc_examples

SEQUENCES = {
    # section prefix: (huffman, table size set without a signalled update)
    "C.3": (False, 4096),
    "C.4": (True, 4096),
    "C.5": (False, 256),
    "C.6": (True, 256),
}
# RFC 7541 C.3.3 / C.4.3 / C.5.3 / C.6.3: dynamic table sizes after each block.
TABLE_SIZES = {
    "C.3": [57, 110, 164],
    "C.4": [57, 110, 164],
    "C.5": [222, 222, 215],
    "C.6": [222, 222, 215],
}


def test_all_examples_were_found_in_the_spec() -> None:
    assert sorted(rfc_examples()) == [
        f"C.{major}.{minor}"
        for major, count in ((2, 4), (3, 3), (4, 3), (5, 3), (6, 3))
        for minor in range(1, count + 1)
    ]


@pytest.mark.parametrize("prefix", sorted(SEQUENCES))
def test_appendix_c_sequences_encode_byte_for_byte(prefix: str) -> None:
    # RFC 7541 C.3-C.6: consecutive header lists sharing one encoder context.
    huffman, size = SEQUENCES[prefix]
    examples = rfc_examples()
    encoder = Encoder()
    # The examples start with the table at `size` and no size update on the wire.
    encoder.header_table.maxsize = size
    for minor, expected_size in zip((1, 2, 3), TABLE_SIZES[prefix], strict=True):
        example = examples[f"{prefix}.{minor}"]
        assert encoder.encode(example.headers, huffman=huffman) == example.wire
        assert encoder.header_table._current_size == expected_size


@pytest.mark.parametrize("prefix", sorted(SEQUENCES))
def test_appendix_c_sequences_decode(prefix: str) -> None:
    _, size = SEQUENCES[prefix]
    examples = rfc_examples()
    decoder = Decoder()
    decoder.header_table_size = size
    for minor, expected_size in zip((1, 2, 3), TABLE_SIZES[prefix], strict=True):
        example = examples[f"{prefix}.{minor}"]
        assert decoder.decode(example.wire) == example.headers
        assert decoder.header_table._current_size == expected_size


def test_c_5_3_evictions_leave_the_expected_table() -> None:
    # RFC 7541 C.5.3: after the third response exactly these entries remain, newest first.
    examples = rfc_examples()
    decoder = Decoder()
    decoder.header_table_size = 256
    for minor in (1, 2, 3):
        decoder.decode(examples[f"C.5.{minor}"].wire)
    assert list(decoder.header_table.dynamic_entries) == [
        (b"set-cookie", b"foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
        (b"content-encoding", b"gzip"),
        (b"date", b"Mon, 21 Oct 2013 20:13:22 GMT"),
    ]


def test_c_2_1_literal_with_indexing() -> None:
    example = rfc_examples()["C.2.1"]
    encoder = Encoder()
    assert encoder.encode(example.headers, huffman=False) == example.wire
    decoder = Decoder()
    assert decoder.decode(example.wire) == example.headers
    assert list(decoder.header_table.dynamic_entries) == [(b"custom-key", b"custom-header")]
    assert decoder.header_table._current_size == 55


def test_c_2_2_literal_without_indexing_decodes_and_leaves_table_empty() -> None:
    example = rfc_examples()["C.2.2"]
    decoder = Decoder()
    headers = decoder.decode(example.wire)
    assert headers == example.headers
    assert type(headers[0]) is HeaderTuple
    assert not decoder.header_table.dynamic_entries


def test_c_2_3_never_indexed_round_trip() -> None:
    example = rfc_examples()["C.2.3"]
    (name, value) = example.headers[0]
    assert Encoder().encode([(name, value, True)], huffman=False) == example.wire
    assert Encoder().encode([NeverIndexedHeaderTuple(name, value)], huffman=False) == example.wire
    decoder = Decoder()
    headers = decoder.decode(example.wire)
    assert headers == example.headers
    assert isinstance(headers[0], NeverIndexedHeaderTuple)
    assert not decoder.header_table.dynamic_entries


def test_c_2_4_indexed_field() -> None:
    example = rfc_examples()["C.2.4"]
    assert Encoder().encode(example.headers) == example.wire
    assert Decoder().decode(example.wire) == example.headers


def test_huffman_is_never_longer_for_appendix_c_strings() -> None:
    # Our encoder uses Huffman unless it is longer; C.4/C.6 only work if no
    # string there grows with Huffman (C.6.2's "307" ties, and ties keep Huffman).
    from hpack.huffman import huffman_encode_unless_longer

    examples = rfc_examples()
    for prefix in ("C.4", "C.6"):
        for minor in (1, 2, 3):
            for name, value in examples[f"{prefix}.{minor}"].headers:
                for text in (name, value):
                    assert huffman_encode_unless_longer(text.encode()) is not None
