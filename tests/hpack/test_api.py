"""Contract §1.2 / §3.1 / §3.2: module paths, names, exceptions, header tuples."""

from __future__ import annotations

import importlib
import pickle

import pytest

import hpack
from hpack import (
    HeaderTuple,
    HPACKDecodingError,
    HPACKError,
    InvalidTableIndex,
    InvalidTableIndexError,
    InvalidTableSizeError,
    NeverIndexedHeaderTuple,
    OversizedHeaderListError,
)

MODULE_NAMES = {
    "hpack.hpack": [
        "Encoder",
        "Decoder",
        "encode_integer",
        "decode_integer",
        "_dict_to_iterable",
        "_to_bytes",
        "DEFAULT_MAX_HEADER_LIST_SIZE",
    ],
    "hpack.exceptions": [
        "HPACKError",
        "HPACKDecodingError",
        "InvalidTableIndex",
        "InvalidTableIndexError",
        "OversizedHeaderListError",
        "InvalidTableSizeError",
    ],
    "hpack.struct": ["HeaderTuple", "NeverIndexedHeaderTuple", "Header", "HeaderWeaklyTyped"],
    "hpack.table": ["HeaderTable", "table_entry_size"],
    "hpack.huffman": ["HuffmanEncoder"],
    "hpack.huffman_constants": ["REQUEST_CODES", "REQUEST_CODES_LENGTH"],
    "hpack.huffman_table": ["decode_huffman"],
}


def test_version_and_all() -> None:
    assert hpack.__version__ == "5.0.0"
    assert sorted(hpack.__all__) == sorted(
        [
            "Encoder",
            "Decoder",
            "HeaderTuple",
            "NeverIndexedHeaderTuple",
            "HPACKError",
            "HPACKDecodingError",
            "InvalidTableIndex",
            "InvalidTableIndexError",
            "OversizedHeaderListError",
            "InvalidTableSizeError",
        ]
    )


@pytest.mark.parametrize("module", sorted(MODULE_NAMES))
def test_module_paths(module: str) -> None:
    imported = importlib.import_module(module)
    for name in MODULE_NAMES[module]:
        assert hasattr(imported, name), (module, name)


def test_codec_classes_are_named_after_their_public_module() -> None:
    # Contract §1.2 makes hpack.hpack their home: reprs (and so _to_bytes of an
    # encoder, §3.3) and pickles use that path, as with hpack 4.2.
    from hpack.hpack import _to_bytes

    encoder, decoder = hpack.Encoder(), hpack.Decoder()
    assert type(encoder).__module__ == type(decoder).__module__ == "hpack.hpack"
    assert _to_bytes(encoder).startswith(b"<hpack.hpack.Encoder object at 0x")
    assert repr(decoder).startswith("<hpack.hpack.Decoder object at 0x")
    copy = pickle.loads(pickle.dumps(encoder))
    assert isinstance(copy, hpack.Encoder)


def test_exception_hierarchy() -> None:
    assert issubclass(HPACKError, Exception)
    assert issubclass(HPACKDecodingError, HPACKError)
    for cls in (InvalidTableIndexError, OversizedHeaderListError, InvalidTableSizeError):
        assert issubclass(cls, HPACKDecodingError)
    assert issubclass(InvalidTableIndex, InvalidTableIndexError)


def test_header_tuples() -> None:
    plain = HeaderTuple("a", "b")
    never = NeverIndexedHeaderTuple("a", "b")
    assert plain == ("a", "b") == never
    assert repr(plain) == "('a', 'b')" == repr(never)
    assert plain.indexable is True and never.indexable is False
    assert isinstance(never, HeaderTuple) and isinstance(plain, tuple)
    assert HeaderTuple(b"a", b"b", b"c") == (b"a", b"b", b"c")
    assert HeaderTuple.__slots__ == () == NeverIndexedHeaderTuple.__slots__


def test_to_bytes_and_dict_to_iterable() -> None:
    from hpack.hpack import _dict_to_iterable, _to_bytes

    assert _to_bytes(b"x") == b"x"
    assert _to_bytes("é") == "é".encode()
    assert _to_bytes(5) == b"5"
    assert _to_bytes(True) == b"True"
    assert _to_bytes(bytearray(b"ab")) == b"ab"
    with pytest.raises(HPACKError):
        _to_bytes("\ud800")
    pairs = list(_dict_to_iterable({"a": 1, ":b": 2, b":c": 3, "d": 4}))
    assert pairs == [(":b", 2), (b":c", 3), ("a", 1), ("d", 4)]


def test_huffman_constants_shape() -> None:
    from hpack.huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH

    assert len(REQUEST_CODES) == len(REQUEST_CODES_LENGTH) == 257
    assert REQUEST_CODES[256] == 0x3FFFFFFF and REQUEST_CODES_LENGTH[256] == 30
