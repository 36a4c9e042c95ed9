"""Encoder behaviour: contract §3.3 plus our differences (docs/compatibility/hpack.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hpack import Decoder, Encoder, HeaderTuple, HPACKError, NeverIndexedHeaderTuple
from hpack.huffman import HuffmanEncoder
from hpack.table import HeaderTable


def test_attributes() -> None:
    encoder = Encoder()
    assert isinstance(encoder.header_table, HeaderTable)
    assert isinstance(encoder.huffman_coder, HuffmanEncoder)
    assert encoder.table_size_changes == []
    assert encoder.header_table_size == 4096


def test_empty_input() -> None:
    assert Encoder().encode([]) == b""
    assert Encoder().encode({}) == b""


def test_rfc7541_6_3_size_updates_open_the_next_block_in_order() -> None:
    # Contract §3.3 example: sizes 40, 100, 40.
    encoder = Encoder()
    for size in (40, 100, 40):
        encoder.header_table_size = size
    assert encoder.table_size_changes == [40, 100, 40]
    assert encoder.encode([(":method", "GET")]) == b"\x3f\x09\x3f\x45\x3f\x09\x82"
    assert encoder.table_size_changes == []
    assert encoder.header_table.resized is False
    # RFC 7541 §4.2: only the first block after the change carries them.
    assert encoder.encode([(":method", "GET")]) == b"\x82"


def test_same_size_twice_keeps_the_pending_update() -> None:
    # Appendix B quirk 7, fixed: upstream dropped the update after 40, 40.
    encoder = Encoder()
    encoder.header_table_size = 40
    encoder.header_table_size = 40
    assert encoder.table_size_changes == [40]
    assert encoder.encode([(":method", "GET")]) == b"\x3f\x09\x82"


def test_clearing_resized_withholds_the_pending_updates() -> None:
    # hpack 4.2 behaviour kept: the table's resized flag gates the updates, so a
    # caller that clears it gets a block without them; they stay pending.
    encoder = Encoder()
    encoder.header_table_size = 0
    encoder.header_table.resized = False
    assert encoder.encode({":method": "GET"}, huffman=False) == b"\x82"
    assert encoder.table_size_changes == [0]
    # RFC 7541 §6.3: the next real change sends every pending size, in order.
    encoder.header_table_size = 100
    assert encoder.encode([]) == b"\x20\x3f\x45"
    assert encoder.table_size_changes == []


def test_unchanged_size_queues_nothing() -> None:
    encoder = Encoder()
    encoder.header_table_size = 4096
    assert encoder.encode([(":method", "GET")]) == b"\x82"


def test_shrinking_evicts_and_negative_size_is_sent_as_zero() -> None:
    encoder = Encoder()
    encoder.encode([("custom", "value")])
    encoder.header_table_size = -1
    assert not encoder.header_table.dynamic_entries
    assert encoder.encode([]) == b"\x20"


def test_size_update_round_trips_through_the_decoder() -> None:
    encoder, decoder = Encoder(), Decoder()
    encoder.header_table_size = 100
    decoder.max_allowed_table_size = 100
    assert decoder.decode(encoder.encode([("a", "b")])) == [("a", "b")]
    assert decoder.header_table_size == 100


def test_dict_input_puts_pseudo_headers_first() -> None:
    encoder = Encoder()
    data = encoder.encode({"b": "2", ":method": "GET", b"a": "1", ":path": "/"}, huffman=False)
    assert Decoder().decode(data) == [(":method", "GET"), (":path", "/"), ("b", "2"), ("a", "1")]


def test_generator_input() -> None:
    def gen() -> Iterator[tuple[str, str]]:
        yield ":method", "GET"

    assert Encoder().encode(gen()) == b"\x82"


def test_three_tuple_and_header_tuple_sensitivity() -> None:
    expected = b"\x10\x01x\x01y"
    assert Encoder().encode([("x", "y", True)], huffman=False) == expected
    assert Encoder().encode([("x", "y", 1)], huffman=False) == expected
    assert Encoder().encode([NeverIndexedHeaderTuple("x", "y")], huffman=False) == expected
    indexed = b"\x40\x01x\x01y"
    assert Encoder().encode([("x", "y", False)], huffman=False) == indexed
    assert Encoder().encode([HeaderTuple("x", "y")], huffman=False) == indexed


def test_sensitive_exact_match_is_never_indexed() -> None:
    # Appendix B quirk 9, fixed: upstream sent (':method', 'GET', True) as 0x82.
    # RFC 7541 §6.2.3: never-indexed literal, indexed name (:method = 2).
    assert Encoder().encode([(":method", "GET", True)], huffman=False) == b"\x12\x03GET"
    encoder = Encoder()
    encoder.encode([("custom", "v")])
    # Dynamic exact match: still a literal, name index 62 (4-bit prefix: 0x1f 0x2f).
    assert encoder.encode([("custom", "v", True)], huffman=False) == b"\x1f\x2f\x01v"


def test_sensitive_field_leaves_the_table_untouched() -> None:
    encoder = Encoder()
    encoder.encode([("x-secret", "value", True)])
    assert not encoder.header_table.dynamic_entries


@pytest.mark.parametrize(
    ("name", "index_octets"),
    [("authorization", b"\x1f\x08"), ("proxy-authorization", b"\x1f\x22")],
)
def test_credentials_are_never_indexed_even_unmarked(name: str, index_octets: bytes) -> None:
    # RFC 7541 §7.1.3: authorization headers are sent never-indexed.
    encoder = Encoder()
    data = encoder.encode([(name, "Basic dXNlcjpwYXNz")], huffman=False)
    assert data == index_octets + b"\x12Basic dXNlcjpwYXNz"
    assert not encoder.header_table.dynamic_entries
    assert isinstance(Decoder().decode(data)[0], NeverIndexedHeaderTuple)


@pytest.mark.parametrize("name", ["cookie", "set-cookie"])
def test_short_cookies_are_never_indexed_long_ones_are(name: str) -> None:
    encoder = Encoder()
    encoder.encode([(name, "id=12345678")])
    assert not encoder.header_table.dynamic_entries
    encoder.encode([(name, "session=0123456789abcdef")])
    assert list(encoder.header_table.dynamic_entries) == [
        (name.encode(), b"session=0123456789abcdef")
    ]


def test_single_use_headers_are_literals_without_indexing() -> None:
    # RFC 7541 §6.2.2: content-length (static name 28) is sent 0x0f 0x0d, table untouched.
    encoder = Encoder()
    data = encoder.encode([("content-length", "1234")], huffman=False)
    assert data == b"\x0f\x0d\x041234"
    assert not encoder.header_table.dynamic_entries
    decoded = Decoder().decode(data)
    assert decoded == [("content-length", "1234")]
    assert type(decoded[0]) is HeaderTuple
    # An exact static match is still indexed.
    assert Encoder().encode([("content-length", "")]) == b"\x9c"


def test_policy_is_configurable_per_class() -> None:
    class Plain(Encoder):
        never_index_names = frozenset()
        short_secret_names = frozenset()
        no_index_names = frozenset()

    encoder = Plain()
    encoder.encode([("authorization", "x"), ("cookie", "a=1"), ("content-length", "1")])
    assert len(encoder.header_table.dynamic_entries) == 3


def test_literal_name_not_in_any_table() -> None:
    encoder = Encoder()
    assert encoder.encode([("custom-key", "custom-header")], huffman=False) == (
        b"\x40\x0acustom-key\x0dcustom-header"
    )
    # Second time it is an exact dynamic match.
    assert encoder.encode([("custom-key", "custom-header")]) == b"\xbe"
    # Name-only dynamic match: 6-bit prefix name index 62 (0x40 | 62).
    assert encoder.encode([("custom-key", "other")], huffman=False) == b"\x7e\x05other"


def test_huffman_only_when_not_longer() -> None:
    encoder = Encoder()
    data = encoder.encode([("x", "\x00\x01\x02")])
    # Name "x" Huffman-codes into 1 octet (tie -> Huffman); the value would grow.
    assert data == b"\x40\x81\xf3\x03\x00\x01\x02"


def test_long_strings_and_large_indexes_use_continuation_octets() -> None:
    encoder, decoder = Encoder(), Decoder()
    value = "v" * 300
    assert decoder.decode(encoder.encode([("long", value)], huffman=False)) == [("long", value)]
    assert decoder.decode(encoder.encode([("long2", value)])) == [("long2", value)]
    encoder.header_table_size = decoder.max_allowed_table_size = 65536
    many = [(f"name-{i}", "x") for i in range(100)]
    decoder.decode(encoder.encode(many))
    # The first of them is now beyond index 126.
    data = encoder.encode([("name-0", "x")])
    assert data[0] == 0xFF
    assert decoder.decode(data) == [("name-0", "x")]


def test_input_conversion() -> None:
    # Appendix B quirk 8, fixed: bytearray/memoryview give their octets, not repr text.
    encoder, decoder = Encoder(), Decoder()
    data = encoder.encode(
        [
            (bytearray(b"ba"), memoryview(b"mv")),
            ("int", 5),
            ("bool", True),
            (b"bytes", "caf\u00e9"),
        ]
    )
    assert decoder.decode(data) == [("ba", "mv"), ("int", "5"), ("bool", "True"), ("bytes", "café")]


@pytest.mark.parametrize(
    "bad",
    [
        [("ok", "1"), ("only-name",)],
        [("ok", "1"), 5],
        [("ok", "1"), {"name": "value"}],
        [("ok", "1"), ("bad", "\ud800")],
        [("ok", "1"), ("\udfff", "bad")],
        [("ok", "1"), (b"name", object.__new__(type("Bad", (), {"__str__": lambda s: "\ud800"})))],
    ],
)
def test_bad_input_raises_hpack_error_and_changes_nothing(bad: list[object]) -> None:
    encoder = Encoder()
    encoder.header_table_size = 1000
    before = repr(encoder.header_table)
    with pytest.raises(HPACKError):
        encoder.encode(bad)
    assert repr(encoder.header_table) == before
    assert encoder.table_size_changes == [1000]


def test_add_method() -> None:
    encoder = Encoder()
    assert encoder.add((":method", "GET"), False) == b"\x82"
    assert encoder.add(("custom", "v"), False) == b"\x40\x06custom\x01v"
    assert encoder.add(("custom", "v"), True) == b"\x1f\x2f\x01v"
    assert encoder.add(("custom", "v"), False, huffman=True) == b"\xbe"


def test_deterministic() -> None:
    headers = [(":method", "POST"), ("user-agent", "x/1"), ("cookie", "a" * 30)]
    assert Encoder().encode(headers) == Encoder().encode(headers)


def test_mixed_str_and_bytes() -> None:
    assert Decoder().decode(Encoder().encode([("name", b"value"), (b"n", "v")])) == [
        ("name", "value"),
        ("n", "v"),
    ]


def test_rfc7541_4_2_smallest_size_in_the_interval_is_signalled() -> None:
    # §4.2: shrink then grow before the next block -> the minimum, then the final size.
    encoder = Encoder()
    encoder.header_table_size = 100
    encoder.header_table_size = 4096
    assert encoder.encode([]) == b"\x3f\x45\x3f\xe1\x1f"


def test_rfc7541_6_2_3_intermediary_keeps_never_indexed_representation() -> None:
    # §6.2.3: re-encoding a field received never-indexed must keep that representation.
    received = Decoder().decode(b"\x10\x08password\x06secret")
    assert Encoder().encode(received, huffman=False) == b"\x10\x08password\x06secret"


def test_header_tuple_sensitivity_ignores_a_third_item() -> None:
    # Contract §3.3: for HeaderTuple input only `indexable` decides.
    assert Encoder().encode([HeaderTuple("x", "y", True)], huffman=False) == b"\x40\x01x\x01y"
    never = NeverIndexedHeaderTuple("x", "y", False)
    assert Encoder().encode([never], huffman=False) == b"\x10\x01x\x01y"


def test_empty_strings() -> None:
    # A tie keeps Huffman: the empty value is 0x80 with Huffman, 0x00 without.
    assert Encoder().encode([("x", "")]) == b"\x40\x81\xf3\x80"
    assert Encoder().encode([("x", "")], huffman=False) == b"\x40\x01x\x00"
    assert Decoder().decode(b"\x40\x81\xf3\x80") == [("x", "")]
