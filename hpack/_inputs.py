"""Turning the caller's header collections into ``(name, value, sensitive)`` bytes triples."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .exceptions import HPACKError
from .struct import HeaderTuple, NeverIndexedHeaderTuple

__all__ = ["_dict_to_iterable", "_to_bytes", "normalise_headers"]

Field = tuple[bytes, bytes, bool]


def _to_bytes(value: Any) -> bytes:
    """``bytes`` as is, ``str`` as UTF-8, bytes-like as its octets, anything else via str()."""
    if type(value) is bytes:
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        # Upstream stringified bytearray (its repr text); we keep the octets.
        return bytes(value)
    text = value if isinstance(value, str) else str(value)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HPACKError(f"Header text is not encodable as UTF-8: {exc}") from None


def _dict_to_iterable(header_dict: Mapping[Any, Any]) -> Iterator[tuple[Any, Any]]:
    """Yield the pairs of ``header_dict``, pseudo-headers (``:name``) first, else in order."""
    regular = []
    for key, value in header_dict.items():
        if _to_bytes(key).startswith(b":"):
            yield key, value
        else:
            regular.append((key, value))
    yield from regular


def _unpack(item: Any) -> tuple[Any, Any, bool]:
    """Name, value and sensitivity of any accepted item shape (contract §3.3)."""
    try:
        name, value = item[0], item[1]
        if isinstance(item, HeaderTuple):
            return name, value, not item.indexable
        return name, value, len(item) > 2 and bool(item[2])
    except (TypeError, IndexError, KeyError):
        raise HPACKError(
            f"Header {item!r} is not a (name, value) or (name, value, sensitive) tuple"
        ) from None


# Exact classes of 2-item headers that take the fast path, and their sensitivity.
_PAIR_SENSITIVITY: dict[type, bool] = {
    tuple: False,
    HeaderTuple: False,
    NeverIndexedHeaderTuple: True,
}


def normalise_headers(headers: Mapping[Any, Any] | Iterable[Any]) -> list[Field]:
    """Convert every header before anything is encoded, so a bad item changes nothing."""
    items: Iterable[Any] = (
        _dict_to_iterable(headers) if isinstance(headers, Mapping) else headers
    )
    fields: list[Field] = []
    append = fields.append
    pair_sensitivity = _PAIR_SENSITIVITY.get
    try:
        for item in items:
            sensitive = pair_sensitivity(type(item))
            if sensitive is not None and len(item) == 2:
                name, value = item
            else:
                name, value, sensitive = _unpack(item)
            # Inline fast paths for the usual str and bytes; the rest goes via _to_bytes.
            kind = type(name)
            if kind is str:
                name = name.encode("utf-8")
            elif kind is not bytes:
                name = _to_bytes(name)
            kind = type(value)
            if kind is str:
                value = value.encode("utf-8")
            elif kind is not bytes:
                value = _to_bytes(value)
            append((name, value, sensitive))
    except UnicodeEncodeError as exc:
        raise HPACKError(f"Header text is not encodable as UTF-8: {exc}") from None
    return fields
