"""h2.utilities.SizeLimitDict (contract §5.7)."""

from __future__ import annotations

from collections import OrderedDict

from h2.utilities import SizeLimitDict


def test_is_ordered_dict_and_unbounded_by_default() -> None:
    values: SizeLimitDict[int, int] = SizeLimitDict()
    assert isinstance(values, OrderedDict)
    for i in range(1000):
        values[i] = i
    assert len(values) == 1000


def test_evicts_oldest_beyond_limit() -> None:
    values: SizeLimitDict[int, str] = SizeLimitDict(size_limit=3)
    for i in range(5):
        values[i] = str(i)
    assert list(values.items()) == [(2, "2"), (3, "3"), (4, "4")]


def test_trims_right_after_construction() -> None:
    values: SizeLimitDict[int, int] = SizeLimitDict([(1, 1), (2, 2), (3, 3)], size_limit=2)
    assert list(values) == [2, 3]
    keyword: SizeLimitDict[str, int] = SizeLimitDict(a=1, b=2, size_limit=1)
    assert list(keyword) == ["b"]


def test_update_respects_limit() -> None:
    values: SizeLimitDict[int, int] = SizeLimitDict(size_limit=2)
    values.update({1: 1, 2: 2, 3: 3})
    assert list(values) == [2, 3]


def test_overwrite_does_not_evict() -> None:
    values: SizeLimitDict[int, int] = SizeLimitDict(size_limit=2)
    values[1] = 1
    values[2] = 2
    values[1] = 10
    assert dict(values) == {1: 10, 2: 2}
