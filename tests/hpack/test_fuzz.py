"""Property tests: arbitrary header lists round-trip; arbitrary bytes fail only with HPACKError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hpack import Decoder, Encoder, HeaderTuple, HPACKError

names = st.one_of(
    st.sampled_from([":method", ":path", "cookie", "authorization", "content-length", "x"]),
    st.text(min_size=1, max_size=20),
)
values = st.one_of(st.sampled_from(["", "GET", "/", "0"]), st.text(max_size=80))
header_lists = st.lists(st.tuples(names, values, st.booleans()), max_size=12)


@settings(max_examples=200)
@given(
    st.lists(header_lists, min_size=1, max_size=5),
    st.sampled_from([0, 64, 256, 4096]),
    st.booleans(),
)
def test_arbitrary_header_lists_round_trip(
    blocks: list[list[tuple[str, str, bool]]], table_size: int, huffman: bool
) -> None:
    encoder, decoder = Encoder(), Decoder(max_header_list_size=2**31)
    encoder.header_table_size = decoder.max_allowed_table_size = table_size
    for block in blocks:
        decoded = decoder.decode(encoder.encode(block, huffman=huffman))
        assert decoded == [(name, value) for name, value, _ in block]
        for header, (_, _, sensitive) in zip(decoded, block, strict=True):
            if sensitive:
                assert not header.indexable
        assert encoder.header_table.dynamic_entries == decoder.header_table.dynamic_entries


@settings(max_examples=500)
@given(st.binary(max_size=200), st.booleans())
def test_arbitrary_bytes_raise_only_hpack_errors(data: bytes, raw: bool) -> None:
    decoder = Decoder(max_header_list_size=1000)
    decoder.decode(b"\x40\x01a\x01b")
    try:
        headers = decoder.decode(data, raw=raw)
    except HPACKError:
        return
    assert all(isinstance(header, HeaderTuple) for header in headers)


@settings(max_examples=200)
@given(st.lists(st.binary(max_size=40), max_size=4))
def test_decoder_state_after_errors_matches_a_fresh_replay(chunks: list[bytes]) -> None:
    # Atomic decoding: feeding a mix of good and bad blocks gives the same table
    # as feeding only the blocks that succeeded.
    fuzzed, replay = Decoder(), Decoder()
    for chunk in chunks:
        try:
            fuzzed.decode(chunk)
        except HPACKError:
            continue
        replay.decode(chunk)
    assert fuzzed.header_table.dynamic_entries == replay.header_table.dynamic_entries
    assert fuzzed.header_table.maxsize == replay.header_table.maxsize
