"""hpack-test-case interoperability: every implementation's stories, and our round trips."""

from __future__ import annotations

import pytest

from hpack import Decoder, Encoder
from tests.hpack._helpers import load_story, story_paths, vector_root

ENCODED_FOLDERS = [
    "go-hpack",
    "haskell-http2-linear-huffman",
    "nghttp2",
    "nghttp2-change-table-size",
    "node-http2-hpack",
    "python-hpack",
    "swift-nio-hpack-huffman",
]


def test_every_folder_with_wire_data_is_covered() -> None:
    folders = {p.name for p in vector_root().iterdir() if p.is_dir()}
    assert folders == {*ENCODED_FOLDERS, "raw-data"}


@pytest.mark.parametrize("folder", ENCODED_FOLDERS)
def test_every_story_decodes_to_its_headers(folder: str) -> None:
    paths = story_paths(folder)
    assert paths
    for path in paths:
        decoder = Decoder(max_header_list_size=2**31)
        for case in load_story(path):
            if case.table_size is not None:
                decoder.max_allowed_table_size = case.table_size
            assert case.wire is not None
            assert decoder.decode(case.wire) == case.headers, (path.name, case.seqno)


@pytest.mark.parametrize("table_size", [0, 256, 4096, 65536])
@pytest.mark.parametrize("huffman", [True, False])
def test_raw_data_round_trips(table_size: int, huffman: bool) -> None:
    paths = story_paths("raw-data")
    assert paths
    for path in paths:
        encoder, decoder = Encoder(), Decoder(max_header_list_size=2**31)
        encoder.header_table_size = table_size
        decoder.max_allowed_table_size = table_size
        for case in load_story(path):
            block = encoder.encode(case.headers, huffman=huffman)
            assert decoder.decode(block) == case.headers, (path.name, case.seqno)
            assert encoder.header_table.dynamic_entries == decoder.header_table.dynamic_entries
