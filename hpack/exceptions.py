"""Exceptions raised by hpack (contract §3.2).

Every failure caused by bad input derives from :class:`HPACKError`; decoding
failures from :class:`HPACKDecodingError`.
"""

from __future__ import annotations

__all__ = [
    "HPACKDecodingError",
    "HPACKError",
    "InvalidTableIndex",
    "InvalidTableIndexError",
    "InvalidTableSizeError",
    "OversizedHeaderListError",
]


class HPACKError(Exception):
    """Base class for every hpack error."""


class HPACKDecodingError(HPACKError):
    """A header block is malformed (RFC 7541 §2, §5, §6)."""


class InvalidTableIndexError(HPACKDecodingError):
    """An index is 0 or past the end of the static and dynamic tables (RFC 7541 §2.3.3)."""


class InvalidTableIndex(InvalidTableIndexError):
    """Deprecated alias of :class:`InvalidTableIndexError`; this is the class raised."""


class OversizedHeaderListError(HPACKDecodingError):
    """The decoded header list exceeds ``max_header_list_size`` (CVE-2016-6581 guard)."""


class InvalidTableSizeError(HPACKDecodingError):
    """A dynamic table size update exceeds the acknowledged maximum (RFC 7541 §6.3)."""
