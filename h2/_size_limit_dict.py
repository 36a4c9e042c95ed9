"""An insertion-ordered dict that forgets its oldest entries beyond a size limit."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, TypeVar

__all__ = ["SizeLimitDict"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class SizeLimitDict(OrderedDict[_K, _V]):
    """An ``OrderedDict`` holding at most ``size_limit`` items (``None``: unbounded).

    Whenever it would hold more, the oldest entries are evicted, including
    right after construction.  Used to remember closed streams with bounded
    memory (RFC 9113 §5.1: endpoints may forget old closed streams).
    """

    def __init__(self, *args: Any, size_limit: int | None = None, **kwargs: Any) -> None:
        self._size_limit = size_limit
        super().__init__(*args, **kwargs)
        self._check_size_limit()

    def __setitem__(self, key: _K, value: _V) -> None:
        super().__setitem__(key, value)
        self._check_size_limit()

    def _check_size_limit(self) -> None:
        limit = self._size_limit
        if limit is not None:
            while len(self) > limit:
                self.popitem(last=False)
