"""The HPACK encoder (RFC 7541 §6, contract §3.3 with our documented differences).

Representation choice, per field (see docs/compatibility/hpack.md):

* sensitive fields -- marked by the caller, or a name in ``never_index_names``,
  or a name in ``short_secret_names`` with a value shorter than
  ``short_secret_length`` -- are always literals never indexed (§6.2.3,
  §7.1.3), with an indexed name when the tables know the name;
* an exact table match is sent as an indexed field (§6.1);
* names in ``no_index_names`` (values that rarely repeat) are literals without
  indexing (§6.2.2), so they do not push useful entries out of the table;
* anything else is a literal with incremental indexing (§6.2.1).

With ``huffman=True`` each string is Huffman-coded unless that would make it
longer than its raw octets (§5.2); ties keep Huffman.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from ._inputs import Field, normalise_headers
from ._integers import encode_prefixed
from .huffman import HuffmanEncoder, huffman_encode_unless_longer
from .huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH
from .table import STATIC_NAME_INDEX, STATIC_PAIR_INDEX, HeaderTable

__all__ = ["Encoder"]

# One-octet representations, precomputed: indexed fields 1-126 (§6.1).
_INDEXED = tuple(bytes((0x80 | index,)) for index in range(0x7F))
# One-octet string length prefixes (§5.2): raw, and with the H bit set.
_RAW_LENGTH = tuple(bytes((length,)) for length in range(0x7F))
_HUFFMAN_LENGTH = tuple(bytes((0x80 | length,)) for length in range(0x7F))

# How the encoder treats a name, beyond the caller's sensitive flag.
_NEVER_INDEX = 1  # always a never-indexed literal
_SHORT_SECRET = 2  # never indexed when the value is short
_NO_INDEX = 3  # literal without indexing


def append_string(out: list[bytes], data: bytes, huffman: bool) -> None:
    """Append a §5.2 string literal: length with 7-bit prefix and H flag, then octets."""
    if huffman:
        if not data:
            # A tie (0 octets either way) keeps Huffman, as for non-empty strings.
            out.append(_HUFFMAN_LENGTH[0])
            return
        coded = huffman_encode_unless_longer(data)
        if coded is not None:
            length = len(coded)
            out.append(
                _HUFFMAN_LENGTH[length] if length < 0x7F else encode_prefixed(length, 7, 0x80)
            )
            out.append(coded)
            return
    length = len(data)
    out.append(_RAW_LENGTH[length] if length < 0x7F else encode_prefixed(length, 7, 0))
    out.append(data)


class Encoder:
    """Encodes header lists into header blocks, keeping the dynamic table in step.

    The class attributes below set the indexing policy; they are read when an
    encoder is created.
    """

    #: Names always sent never-indexed (credentials, §7.1.3).
    never_index_names: ClassVar[frozenset[bytes]] = frozenset(
        {b"authorization", b"proxy-authorization"}
    )
    #: Names sent never-indexed when the value is short enough to guess (§7.1.3).
    short_secret_names: ClassVar[frozenset[bytes]] = frozenset({b"cookie", b"set-cookie"})
    short_secret_length: ClassVar[int] = 20
    #: Names whose values are nearly always unique: literal without indexing (§6.2.2).
    no_index_names: ClassVar[frozenset[bytes]] = frozenset(
        {b"content-length", b"content-range", b"etag", b"if-none-match", b"age"}
    )

    def __init__(self) -> None:
        self.header_table = HeaderTable()
        self.huffman_coder = HuffmanEncoder(REQUEST_CODES, REQUEST_CODES_LENGTH)
        self.table_size_changes: list[int] = []
        policy = dict.fromkeys(self.no_index_names, _NO_INDEX)
        policy.update(dict.fromkeys(self.short_secret_names, _SHORT_SECRET))
        policy.update(dict.fromkeys(self.never_index_names, _NEVER_INDEX))
        self._name_policy = policy

    @property
    def header_table_size(self) -> int:
        return self.header_table.maxsize

    @header_table_size.setter
    def header_table_size(self, value: int) -> None:
        value = int(value)
        changed = value != self.header_table.maxsize
        self.header_table.maxsize = value
        if changed:
            self.table_size_changes.append(value)
        if self.table_size_changes:
            # The table clears ``resized`` when a size is assigned twice (40, then 40);
            # keep it set while updates are pending so none is lost (§4.2).
            self.header_table.resized = True

    def encode(
        self, headers: Mapping[Any, Any] | Iterable[Any], huffman: bool = True
    ) -> bytes:
        """Encode one header block.

        Every header is converted before the table is touched, so invalid input
        raises :class:`~hpack.exceptions.HPACKError` and leaves the encoder as it was.
        """
        fields = normalise_headers(headers)
        out: list[bytes] = []
        if self.table_size_changes and self.header_table.resized:
            # §4.2/§6.3: pending size updates open the next block, in order.  A
            # caller that clears ``header_table.resized`` withholds them (hpack 4.2).
            for size in self.table_size_changes:
                out.append(encode_prefixed(max(size, 0), 5, 0x20))
            self.table_size_changes.clear()
            self.header_table.resized = False
        self._emit(fields, huffman, out)
        return b"".join(out)

    def add(self, to_add: tuple[Any, Any], sensitive: bool, huffman: bool = False) -> bytes:
        """Encode one header (after the same conversion as :meth:`encode`)."""
        ((name, value, _),) = normalise_headers([to_add[:2]])
        out: list[bytes] = []
        self._emit([(name, value, bool(sensitive))], huffman, out)
        return b"".join(out)

    def _emit(self, fields: list[Field], huffman: bool, out: list[bytes]) -> None:
        table = self.header_table
        policy_of = self._name_policy.get
        static_pair = STATIC_PAIR_INDEX.get
        append = out.append
        for name, value, sensitive in fields:
            policy = policy_of(name)
            if policy is not None and not sensitive:
                sensitive = policy == _NEVER_INDEX or (
                    policy == _SHORT_SECRET and len(value) < self.short_secret_length
                )
            pair = (name, value)
            index = static_pair(pair) or table.dynamic_pair_index(pair)
            if index is not None and not sensitive:
                append(_INDEXED[index] if index < 0x7F else encode_prefixed(index, 7, 0x80))
                continue
            if index is None:
                index = STATIC_NAME_INDEX.get(name) or table.dynamic_name_index(name)
            if sensitive:
                prefix_bits, flags = 4, 0x10
            elif policy == _NO_INDEX:
                prefix_bits, flags = 4, 0x00
            else:
                prefix_bits, flags = 6, 0x40
                # Added after the name lookup above, which must see the old table.
                table.add(name, value)
            if index is None:
                append(bytes((flags,)))
                append_string(out, name, huffman)
            else:
                append(encode_prefixed(index, prefix_bits, flags))
            append_string(out, value, huffman)
