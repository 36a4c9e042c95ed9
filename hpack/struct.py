"""Header tuples that remember whether they may be indexed (contract §3.1)."""

from __future__ import annotations

from typing import Any

__all__ = ["Header", "HeaderTuple", "HeaderWeaklyTyped", "NeverIndexedHeaderTuple"]


class HeaderTuple(tuple[Any, ...]):
    """A ``(name, value)`` pair that an encoder may add to its dynamic table."""

    __slots__ = ()

    indexable: bool = True

    def __new__(cls, *args: Any) -> HeaderTuple:
        return tuple.__new__(cls, args)


class NeverIndexedHeaderTuple(HeaderTuple):
    """A sensitive pair: always sent as a never-indexed literal (RFC 7541 §6.2.3)."""

    __slots__ = ()

    indexable = False


Header = tuple[str | bytes, str | bytes]
_Weak = str | bytes | bytearray | int
HeaderWeaklyTyped = HeaderTuple | tuple[_Weak, _Weak]
