"""The HPACK decoder (RFC 7541 §3, §6; contract §3.4).

Decoding is atomic: the dynamic table is snapshotted before the first change a
block makes, and any error restores it, so a failed ``decode`` leaves the
decoder exactly as it was before the call (the caller still has to treat the
connection as broken, RFC 9113 §4.3, because the peer's encoder has moved on).
"""

from __future__ import annotations

from typing import Any

from ._integers import decode_continuation
from ._static_table import STATIC_TABLE
from .exceptions import (
    HPACKDecodingError,
    InvalidTableIndex,
    InvalidTableSizeError,
    OversizedHeaderListError,
)
from .huffman_table import decode_huffman
from .struct import HeaderTuple, NeverIndexedHeaderTuple
from .table import ENTRY_OVERHEAD, STATIC_TABLE_LENGTH, HeaderTable, TableSnapshot

__all__ = ["DEFAULT_MAX_HEADER_LIST_SIZE", "Decoder"]

#: Default ``max_header_list_size``: the CVE-2016-6581 ("HPACK bomb") guard.
DEFAULT_MAX_HEADER_LIST_SIZE = 2**16

_new_tuple = tuple.__new__
_STATIC_RAW = tuple(_new_tuple(HeaderTuple, entry) for entry in STATIC_TABLE)
_STATIC_TEXT = tuple(
    _new_tuple(HeaderTuple, (name.decode("ascii"), value.decode("ascii")))
    for name, value in STATIC_TABLE
)
_STATIC_SIZES = tuple(ENTRY_OVERHEAD + len(n) + len(v) for n, v in STATIC_TABLE)
_FIRST_DYNAMIC = STATIC_TABLE_LENGTH + 1


def _read_string(data: bytes, pos: int, budget: int) -> tuple[bytes, int]:
    """§5.2 string literal at ``pos``: ``(octets, next position)``.

    ``budget`` is how many decoded octets the header list may still hold; a
    string certain to exceed it is rejected before it is copied or decoded.
    """
    if pos >= len(data):
        raise HPACKDecodingError("Header block ended before a string literal")
    octet = data[pos]
    length = octet & 0x7F
    pos += 1
    if length == 0x7F:
        length, pos = decode_continuation(data, pos, 0x7F)
    end = pos + length
    if end > len(data):
        raise HPACKDecodingError(f"String literal of {length} octets overruns the header block")
    if octet & 0x80:
        # Codes are at most 30 bits, so n coded octets carry at least 8n/30 symbols.
        if length * 4 // 15 > budget:
            raise OversizedHeaderListError("Header list exceeds max_header_list_size")
        return decode_huffman(data[pos:end]), end
    if length > budget:
        raise OversizedHeaderListError("Header list exceeds max_header_list_size")
    return data[pos:end], end


class Decoder:
    """Decodes header blocks, keeping the dynamic table in step with the peer's encoder."""

    def __init__(self, max_header_list_size: int = DEFAULT_MAX_HEADER_LIST_SIZE) -> None:
        self.header_table = HeaderTable()
        #: Limit on the §4.1-style size of a decoded header list (name + value + 32 each).
        self.max_header_list_size = max_header_list_size
        #: Largest dynamic table size the peer may select: our acknowledged setting.
        self.max_allowed_table_size = self.header_table.maxsize
        # The table as it was before the block being decoded changed it (see module doc).
        self._saved: TableSnapshot | None = None

    @property
    def header_table_size(self) -> int:
        return self.header_table.maxsize

    @header_table_size.setter
    def header_table_size(self, value: int) -> None:
        self.header_table.maxsize = value

    def decode(self, data: bytes | bytearray | memoryview, raw: bool = False) -> list[Any]:
        """Decode one complete header block into ``HeaderTuple``/``NeverIndexedHeaderTuple``s.

        Names and values are ``str`` (UTF-8) unless ``raw`` is true.
        """
        if type(data) is not bytes:
            if not isinstance(data, (bytes, bytearray, memoryview)):
                raise HPACKDecodingError(f"Cannot decode {type(data).__name__}, expected bytes")
            data = bytes(data)
        table = self.header_table
        try:
            headers = self._decode_block(data, raw)
            if table.maxsize > self.max_allowed_table_size:
                # The peer did not shrink the table after we lowered our setting (§4.2).
                raise InvalidTableSizeError(
                    f"Dynamic table size {table.maxsize} is above the acknowledged maximum "
                    f"{self.max_allowed_table_size}"
                )
        except HPACKDecodingError:
            if self._saved is not None:
                table.restore(self._saved)
            raise
        finally:
            self._saved = None
        return headers

    def _lookup(self, index: int) -> tuple[bytes, bytes]:
        if 0 < index <= STATIC_TABLE_LENGTH:
            return STATIC_TABLE[index - 1]
        entries = self.header_table.dynamic_entries
        offset = index - _FIRST_DYNAMIC
        if 0 <= offset < len(entries):
            return entries[offset]
        raise InvalidTableIndex(f"Invalid table index {index}")

    def _decode_block(self, data: bytes, raw: bool) -> list[Any]:
        """Walk the representations of one block (§6), first octet by first octet."""
        table = self.header_table
        limit = self.max_header_list_size
        headers: list[Any] = []
        append = headers.append
        static = _STATIC_RAW if raw else _STATIC_TEXT
        list_size = 0
        pos = 0
        end = len(data)
        try:
            while pos < end:
                octet = data[pos]
                pos += 1
                if octet & 0x80:
                    # §6.1 indexed header field.
                    index = octet & 0x7F
                    if index == 0x7F:
                        index, pos = decode_continuation(data, pos, 0x7F)
                    if 0 < index <= STATIC_TABLE_LENGTH:
                        list_size += _STATIC_SIZES[index - 1]
                        if list_size > limit:
                            raise OversizedHeaderListError(
                                "Header list exceeds max_header_list_size"
                            )
                        append(static[index - 1])
                        continue
                    name, value = self._lookup(index)
                    cls: type[HeaderTuple] = HeaderTuple
                else:
                    if octet & 0x40:
                        # §6.2.1 literal with incremental indexing, 6-bit name index.
                        index_max, indexing, cls = 0x3F, True, HeaderTuple
                    elif octet & 0x20:
                        # §6.3 dynamic table size update.
                        pos = self._resize(data, pos, octet, bool(headers))
                        continue
                    else:
                        # §6.2.2 without indexing (0000xxxx), §6.2.3 never indexed (0001xxxx).
                        index_max, indexing = 0x0F, False
                        cls = NeverIndexedHeaderTuple if octet & 0x10 else HeaderTuple
                    index = octet & index_max
                    if index == index_max:
                        index, pos = decode_continuation(data, pos, index_max)
                    budget = limit - list_size - ENTRY_OVERHEAD
                    if index:
                        name = self._lookup(index)[0]
                    else:
                        name, pos = _read_string(data, pos, budget)
                    value, pos = _read_string(data, pos, budget - len(name))
                    if indexing:
                        if self._saved is None:
                            self._saved = table.snapshot()
                        table.add(name, value)
                list_size += ENTRY_OVERHEAD + len(name) + len(value)
                if list_size > limit:
                    raise OversizedHeaderListError("Header list exceeds max_header_list_size")
                if raw:
                    append(_new_tuple(cls, (name, value)))
                else:
                    append(_new_tuple(cls, (name.decode("utf-8"), value.decode("utf-8"))))
        except UnicodeDecodeError as exc:
            raise HPACKDecodingError(f"Header field is not valid UTF-8: {exc}") from None
        return headers

    def _resize(self, data: bytes, pos: int, octet: int, after_header: bool) -> int:
        """Apply a §6.3 dynamic table size update; return the position after it."""
        if after_header:
            # §4.2: size updates may only open a header block.
            raise HPACKDecodingError("Dynamic table size update after a header field")
        new_size = octet & 0x1F
        if new_size == 0x1F:
            new_size, pos = decode_continuation(data, pos, 0x1F)
        if new_size > self.max_allowed_table_size:
            # §6.3: the new size must not exceed the acknowledged limit.
            raise InvalidTableSizeError(
                f"Dynamic table size update to {new_size} exceeds the "
                f"acknowledged maximum {self.max_allowed_table_size}"
            )
        if self._saved is None:
            self._saved = self.header_table.snapshot()
        self.header_table.maxsize = new_size
        return pos
