"""RFC 7541 §2.3 / §4 header tables and the contract's HeaderTable facts (§3.5)."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpack import InvalidTableIndex, InvalidTableIndexError
from hpack.table import HeaderTable, table_entry_size


def test_constants() -> None:
    assert HeaderTable.DEFAULT_SIZE == 4096
    assert HeaderTable.STATIC_TABLE_LENGTH == 61
    assert len(HeaderTable.STATIC_TABLE) == 61
    assert HeaderTable.STATIC_TABLE[0] == (b":authority", b"")
    assert HeaderTable.STATIC_TABLE[60] == (b"www-authenticate", b"")
    table = HeaderTable()
    assert table.maxsize == 4096
    assert isinstance(table.dynamic_entries, deque)
    assert table.resized is False
    assert table._current_size == 0


def test_rfc7541_4_1_entry_size() -> None:
    assert table_entry_size(b"custom-key", b"custom-header") == 55


def test_repr() -> None:
    table = HeaderTable()
    table.add(b"a", b"b")
    assert repr(table) == "HeaderTable(4096, False, deque([(b'a', b'b')]))"


def test_rfc7541_2_3_3_index_address_space() -> None:
    table = HeaderTable()
    table.add(b"old", b"1")
    table.add(b"new", b"2")
    assert table.get_by_index(1) == (b":authority", b"")
    assert table.get_by_index(61) == (b"www-authenticate", b"")
    assert table.get_by_index(62) == (b"new", b"2")
    assert table.get_by_index(63) == (b"old", b"1")


@pytest.mark.parametrize("index", [0, 64, -1, 1000])
def test_rfc7541_2_3_3_bad_index(index: int) -> None:
    table = HeaderTable()
    table.add(b"old", b"1")
    table.add(b"new", b"2")
    with pytest.raises(InvalidTableIndex, match=f"Invalid table index {index}"):
        table.get_by_index(index)
    with pytest.raises(InvalidTableIndexError):
        table.get_by_index(index)


def test_rfc7541_4_4_eviction_makes_room_for_a_new_entry() -> None:
    table = HeaderTable()
    table.maxsize = 2 * 34
    table.add(b"a", b"1")
    table.add(b"b", b"2")
    table.add(b"c", b"3")
    assert list(table.dynamic_entries) == [(b"c", b"3"), (b"b", b"2")]
    assert table._current_size == 68


def test_rfc7541_4_4_entry_larger_than_table_empties_it() -> None:
    table = HeaderTable()
    table.maxsize = 40
    table.add(b"a", b"1")
    table.add(b"x" * 10, b"y")
    assert not table.dynamic_entries
    assert table._current_size == 0


def test_rfc7541_4_4_entry_exactly_table_size_fits() -> None:
    table = HeaderTable()
    table.maxsize = 34
    table.add(b"a", b"1")
    assert table._current_size == 34
    assert len(table.dynamic_entries) == 1


def test_rfc7541_4_3_shrinking_evicts_oldest() -> None:
    table = HeaderTable()
    for name in (b"a", b"b", b"c"):
        table.add(name, b"1")
    table.maxsize = 70
    assert list(table.dynamic_entries) == [(b"c", b"1"), (b"b", b"1")]
    assert table.resized is True
    table.maxsize = 70
    assert table.resized is False


@pytest.mark.parametrize("size", [0, -5])
def test_maxsize_zero_or_less_empties(size: int) -> None:
    table = HeaderTable()
    table.add(b"a", b"1")
    table.maxsize = size
    assert not table.dynamic_entries
    assert table._current_size == 0


def test_maxsize_converts_to_int() -> None:
    table = HeaderTable()
    table.maxsize = "100"  # type: ignore[assignment]
    assert table.maxsize == 100


def test_search_order() -> None:
    table = HeaderTable()
    # Exact static match wins at once.
    assert table.search(b":method", b"GET") == (2, b":method", b"GET")
    # Name in the static table: the lowest static index is the partial match.
    assert table.search(b":method", b"PUT") == (2, b":method", None)
    table.add(b":method", b"PUT")
    # ... but an exact dynamic match still beats it.
    assert table.search(b":method", b"PUT") == (62, b":method", b"PUT")
    table.add(b"custom", b"1")
    table.add(b"custom", b"2")
    # Newest dynamic exact / name match first.
    assert table.search(b"custom", b"1") == (63, b"custom", b"1")
    assert table.search(b"custom", b"3") == (62, b"custom", None)
    assert table.search(b":method", b"DELETE") == (2, b":method", None)
    assert table.search(b"absent", b"x") is None


def test_search_tracks_evictions_and_duplicates() -> None:
    table = HeaderTable()
    table.search(b"warm", b"up")  # builds the search indexes
    table.maxsize = 3 * 34
    table.add(b"a", b"1")
    table.add(b"b", b"1")
    table.add(b"a", b"1")  # duplicate of the oldest
    table.add(b"c", b"1")  # evicts the oldest a:1, the newer copy stays
    assert table.search(b"a", b"1") == (63, b"a", b"1")
    table.add(b"d", b"1")  # evicts b:1 (its only copy)
    assert table.search(b"b", b"1") is None
    table.maxsize = 0
    assert table.search(b"a", b"1") is None


def _reference_search(table: HeaderTable, name: bytes, value: bytes) -> object:
    """The contract's §3.5 search, written as the plain linear scan it describes."""
    partial = None
    for index, (n, v) in enumerate(HeaderTable.STATIC_TABLE, start=1):
        if n == name:
            if v == value:
                return (index, n, v)
            if partial is None:
                partial = (index, n, None)
    for index, (n, v) in enumerate(table.dynamic_entries, start=62):
        if n == name:
            if v == value:
                return (index, n, v)
            if partial is None:
                partial = (index, n, None)
    return partial


names = st.sampled_from([b"a", b"b", b"c", b":path", b"cookie"])
values = st.sampled_from([b"", b"1", b"2", b"/", b"xxxxxxxxxxxxxxxxxxxxxxx"])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), names, values),
        st.tuples(st.just("resize"), st.integers(min_value=-1, max_value=300), st.just(b"")),
        st.tuples(st.just("search"), names, values),
    ),
    max_size=40,
)


@given(operations, st.booleans())
def test_indexed_search_matches_the_linear_reference(
    ops: list[tuple[str, object, bytes]], warm: bool
) -> None:
    table = HeaderTable()
    table.maxsize = 200
    if warm:
        table.search(b"a", b"")
    for op, first, second in ops:
        if op == "add":
            table.add(first, second)  # type: ignore[arg-type]
        elif op == "resize":
            table.maxsize = first  # type: ignore[assignment]
        else:
            assert table.search(first, second) == _reference_search(  # type: ignore[arg-type]
                table, first, second  # type: ignore[arg-type]
            )
        assert table._current_size == sum(
            table_entry_size(n, v) for n, v in table.dynamic_entries
        )
        assert table._current_size <= max(table.maxsize, 0)


def test_snapshot_and_restore() -> None:
    table = HeaderTable()
    table.add(b"a", b"1")
    table.search(b"a", b"1")
    saved = table.snapshot()
    table.add(b"b", b"2")
    table.maxsize = 10
    table.restore(saved)
    assert list(table.dynamic_entries) == [(b"a", b"1")]
    assert table.maxsize == 4096
    assert table._current_size == 34
    assert table.search(b"a", b"1") == (62, b"a", b"1")
    assert table.search(b"b", b"2") is None


def test_name_lookup_on_a_fresh_table_builds_the_indexes() -> None:
    table = HeaderTable()
    table.add(b"a", b"1")
    assert table.dynamic_name_index(b"a") == 62
    assert table.dynamic_pair_index((b"a", b"1")) == 62
