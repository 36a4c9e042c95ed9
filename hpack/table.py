"""The static and dynamic header tables (RFC 7541 §2.3, §4).

Entries are ``(name, value)`` byte pairs.  ``dynamic_entries`` holds the
dynamic table newest first, so index 62 is ``dynamic_entries[0]`` (§2.3.3).

Searching is for encoders only, so its indexes are built lazily: the first
:meth:`HeaderTable.search` builds two dicts (pair -> insertion number,
name -> insertion number, newest wins) that later additions and evictions
keep current.  A decoder's table never pays for them.
"""

from __future__ import annotations

from collections import deque

from ._static_table import STATIC_TABLE
from .exceptions import InvalidTableIndex

__all__ = ["HeaderTable", "table_entry_size"]

# §4.1: the size of an entry is its name and value lengths plus 32.
ENTRY_OVERHEAD = 32

STATIC_TABLE_LENGTH = len(STATIC_TABLE)
FIRST_DYNAMIC_INDEX = STATIC_TABLE_LENGTH + 1

# Exact pair -> its static index; name -> its lowest static index.
STATIC_PAIR_INDEX: dict[tuple[bytes, bytes], int] = {}
STATIC_NAME_INDEX: dict[bytes, int] = {}
for _index, _entry in enumerate(STATIC_TABLE, start=1):
    STATIC_PAIR_INDEX.setdefault(_entry, _index)
    STATIC_NAME_INDEX.setdefault(_entry[0], _index)
del _index, _entry

SearchResult = tuple[int, bytes, "bytes | None"]
TableSnapshot = tuple["deque[tuple[bytes, bytes]]", int, int, bool]


def table_entry_size(name: bytes, value: bytes) -> int:
    """§4.1 size of one entry."""
    return ENTRY_OVERHEAD + len(name) + len(value)


class HeaderTable:
    """The static table plus one dynamic table with §4.4 eviction."""

    __slots__ = (
        "_current_size",
        "_indexed",
        "_inserted",
        "_maxsize",
        "_name_seq",
        "_pair_seq",
        "dynamic_entries",
        "resized",
    )

    DEFAULT_SIZE = 4096
    STATIC_TABLE = STATIC_TABLE
    STATIC_TABLE_LENGTH = STATIC_TABLE_LENGTH

    def __init__(self) -> None:
        self.dynamic_entries: deque[tuple[bytes, bytes]] = deque()
        self.resized = False
        self._current_size = 0
        self._maxsize = self.DEFAULT_SIZE
        # Number of entries ever added; entry k (0-based) has insertion number k.
        self._inserted = 0
        # Search indexes, kept only once search() ran (see the module docstring).
        self._indexed = False
        self._pair_seq: dict[tuple[bytes, bytes], int] = {}
        self._name_seq: dict[bytes, int] = {}

    def __repr__(self) -> str:
        return f"HeaderTable({self._maxsize}, {self.resized}, {self.dynamic_entries!r})"

    @property
    def maxsize(self) -> int:
        return self._maxsize

    @maxsize.setter
    def maxsize(self, new_max: int) -> None:
        new_max = int(new_max)
        self.resized = new_max != self._maxsize
        self._maxsize = new_max
        if new_max <= 0:
            self._clear()
        else:
            self._shrink(new_max)

    def get_by_index(self, index: int) -> tuple[bytes, bytes]:
        """Entry at 1-based ``index``: 1-61 static, 62 and up dynamic (§2.3.3)."""
        if 0 < index <= STATIC_TABLE_LENGTH:
            return STATIC_TABLE[index - 1]
        offset = index - FIRST_DYNAMIC_INDEX
        if 0 <= offset < len(self.dynamic_entries):
            return self.dynamic_entries[offset]
        raise InvalidTableIndex(f"Invalid table index {index}")

    def add(self, name: bytes, value: bytes) -> None:
        """Insert at the front, evicting from the back as §4.4 requires."""
        size = ENTRY_OVERHEAD + len(name) + len(value)
        maxsize = self._maxsize
        if size > maxsize:
            # §4.4: an entry larger than the table empties it and is not stored.
            self._clear()
            return
        if self._current_size + size > maxsize:
            self._shrink(maxsize - size)
        entry = (name, value)
        self.dynamic_entries.appendleft(entry)
        self._current_size += size
        if self._indexed:
            self._pair_seq[entry] = self._inserted
            self._name_seq[name] = self._inserted
        self._inserted += 1

    def search(self, name: bytes, value: bytes) -> SearchResult | None:
        """Find ``(index, name, value)`` for an exact match or ``(index, name, None)``.

        Static exact match first, then the newest dynamic exact match; failing
        those, the lowest static index for the name, then the newest dynamic one.
        """
        pair = (name, value)
        index = STATIC_PAIR_INDEX.get(pair)
        if index is not None:
            return index, name, value
        index = self.dynamic_pair_index(pair)
        if index is not None:
            return index, name, value
        index = STATIC_NAME_INDEX.get(name)
        if index is None:
            index = self.dynamic_name_index(name)
            if index is None:
                return None
        return index, name, None

    def dynamic_pair_index(self, pair: tuple[bytes, bytes]) -> int | None:
        """Index of the newest dynamic entry equal to ``pair``, or None."""
        if not self._indexed:
            self.build_search_indexes()
        seq = self._pair_seq.get(pair)
        if seq is None:
            return None
        return FIRST_DYNAMIC_INDEX + self._inserted - 1 - seq

    def dynamic_name_index(self, name: bytes) -> int | None:
        """Index of the newest dynamic entry named ``name``, or None."""
        if not self._indexed:
            self.build_search_indexes()
        seq = self._name_seq.get(name)
        if seq is None:
            return None
        return FIRST_DYNAMIC_INDEX + self._inserted - 1 - seq

    def snapshot(self) -> TableSnapshot:
        """Capture the dynamic table so :meth:`restore` can undo later changes."""
        return self.dynamic_entries.copy(), self._current_size, self._maxsize, self.resized

    def restore(self, saved: TableSnapshot) -> None:
        """Return to a state captured by :meth:`snapshot`."""
        self.dynamic_entries, self._current_size, self._maxsize, self.resized = saved
        self._indexed = False  # rebuilt by the next search

    def build_search_indexes(self) -> None:
        """Build the search indexes now; later additions and evictions keep them current."""
        pair_seq: dict[tuple[bytes, bytes], int] = {}
        name_seq: dict[bytes, int] = {}
        # Oldest first, so newer duplicates overwrite older ones.
        seq = self._inserted - len(self.dynamic_entries)
        for entry in reversed(self.dynamic_entries):
            pair_seq[entry] = seq
            name_seq[entry[0]] = seq
            seq += 1
        self._pair_seq, self._name_seq = pair_seq, name_seq
        self._indexed = True

    def _shrink(self, target: int) -> None:
        """Evict oldest entries until the table size is at most ``target`` (§4.3, §4.4)."""
        entries = self.dynamic_entries
        size = self._current_size
        indexed, pair_seq, name_seq = self._indexed, self._pair_seq, self._name_seq
        while size > target:
            oldest_seq = self._inserted - len(entries)
            entry = entries.pop()
            size -= ENTRY_OVERHEAD + len(entry[0]) + len(entry[1])
            if indexed:
                # Forget the entry unless a newer copy of it is still in the table.
                if pair_seq.get(entry) == oldest_seq:
                    del pair_seq[entry]
                if name_seq.get(entry[0]) == oldest_seq:
                    del name_seq[entry[0]]
        self._current_size = size

    def _clear(self) -> None:
        self.dynamic_entries.clear()
        self._current_size = 0
        self._pair_seq.clear()
        self._name_seq.clear()
