"""An RFC 9218 §10 scheduler: urgency first, then incremental round-robin.

Same protocol as :class:`priority.PriorityTree`: insert, reprioritize,
remove, block, unblock, and ``next()`` forever (or :class:`DeadlockError`).

Order of service, following RFC 9218 §10:

* the lowest urgency (0 is most urgent) that has a ready stream wins;
* within that urgency, non-incremental streams are served one at a time in
  ascending stream-id order (the lowest ready id until it is blocked or
  removed), and incremental streams share by round-robin;
* when both kinds are ready at the same urgency, the non-incremental group
  takes one turn in the round-robin, as if it were one more incremental
  stream, so neither kind starves the other (the "avoid starvation"
  recommendation of §10).

Every operation is O(1) or O(log n) amortised, plus a scan of the eight
urgency levels per selection.
"""

from __future__ import annotations

from collections import OrderedDict
from heapq import heappop, heappush

from priority.field import (
    DEFAULT_INCREMENTAL,
    DEFAULT_URGENCY,
    MAX_URGENCY,
    PriorityParams,
    checked_incremental,
    checked_urgency,
)
from priority.priority import (
    BadPriorityParameterError,
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PseudoStreamError,
    TooManyStreamsError,
)

__all__ = ["UrgencyScheduler"]

# Stands for the whole non-incremental group in a level's round-robin ring.
_SEQUENTIAL = -1
# Rebuild a level's id heap once its stale ids outnumber live ones by this much.
_COMPACT_SLACK = 16


class _Level:
    """The ready streams of one urgency."""

    __slots__ = ("ids", "ring", "sequential")

    def __init__(self) -> None:
        # Round-robin order: incremental ids and, while non-empty, _SEQUENTIAL.
        self.ring: OrderedDict[int, None] = OrderedDict()
        # Ready non-incremental ids.
        self.sequential: set[int] = set()
        # Min-heap over `sequential`, possibly with stale ids (lazy deletion).
        self.ids: list[int] = []

    def add(self, stream_id: int, incremental: bool) -> None:
        if incremental:
            self.ring[stream_id] = None
            return
        if not self.sequential:
            self.ring[_SEQUENTIAL] = None
        self.sequential.add(stream_id)
        heappush(self.ids, stream_id)

    def discard(self, stream_id: int, incremental: bool) -> None:
        if incremental:
            del self.ring[stream_id]
            return
        self.sequential.discard(stream_id)
        if not self.sequential:
            del self.ring[_SEQUENTIAL]
            self.ids = []
        elif len(self.ids) > 2 * len(self.sequential) + _COMPACT_SLACK:
            self.ids = sorted(self.sequential)

    def pick(self) -> int:
        ring = self.ring
        turn = next(iter(ring))
        ring.move_to_end(turn)
        if turn != _SEQUENTIAL:
            return turn
        ids = self.ids
        live = self.sequential
        while ids[0] not in live:
            heappop(ids)
        return ids[0]


class _Entry:
    __slots__ = ("active", "incremental", "urgency")

    def __init__(self, urgency: int, incremental: bool) -> None:
        self.urgency = urgency
        self.incremental = incremental
        self.active = True


class UrgencyScheduler:
    """Schedule streams by RFC 9218 urgency and incremental parameters.

    At most ``maximum_streams`` streams are tracked at once.
    """

    def __init__(self, maximum_streams: int = 1000) -> None:
        if not isinstance(maximum_streams, int):
            raise TypeError("maximum_streams must be an int.")
        if maximum_streams <= 0:
            raise ValueError("maximum_streams must be a positive integer.")
        self._maximum_streams = maximum_streams
        self._entries: dict[int, _Entry] = {}
        self._levels = tuple(_Level() for _ in range(MAX_URGENCY + 1))

    @staticmethod
    def _checked_id(stream_id: object) -> int:
        if type(stream_id) is not int or stream_id < 0:
            raise BadPriorityParameterError(
                f"stream_id must be a positive integer, got {stream_id!r}"
            )
        if stream_id == 0:
            raise PseudoStreamError("Stream 0 is the connection and cannot be scheduled")
        return stream_id

    def _lookup(self, stream_id: int) -> _Entry:
        try:
            return self._entries[self._checked_id(stream_id)]
        except KeyError:
            raise MissingStreamError(f"Stream {stream_id} is not scheduled") from None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, stream_id: object) -> bool:
        return stream_id in self._entries

    def insert_stream(
        self,
        stream_id: int,
        urgency: int = DEFAULT_URGENCY,
        incremental: bool = DEFAULT_INCREMENTAL,
    ) -> None:
        """Track a new, ready stream."""
        stream_id = self._checked_id(stream_id)
        urgency = checked_urgency(urgency)
        incremental = checked_incremental(incremental)
        if stream_id in self._entries:
            raise DuplicateStreamError(f"Stream {stream_id} is already scheduled")
        if len(self._entries) >= self._maximum_streams:
            raise TooManyStreamsError(f"Refusing to insert {stream_id}: too many streams")
        self._entries[stream_id] = _Entry(urgency, incremental)
        self._levels[urgency].add(stream_id, incremental)

    def reprioritize(
        self,
        stream_id: int,
        urgency: int = DEFAULT_URGENCY,
        incremental: bool = DEFAULT_INCREMENTAL,
    ) -> None:
        """Apply new parameters (RFC 9218 §6: e.g. from a PRIORITY_UPDATE frame).

        As in a PRIORITY_UPDATE, omitted parameters take their defaults.  A
        stream whose parameters change joins the back of its new round-robin.
        """
        entry = self._lookup(stream_id)
        urgency = checked_urgency(urgency)
        incremental = checked_incremental(incremental)
        if (urgency, incremental) == (entry.urgency, entry.incremental):
            return
        if entry.active:
            self._levels[entry.urgency].discard(stream_id, entry.incremental)
            self._levels[urgency].add(stream_id, incremental)
        entry.urgency = urgency
        entry.incremental = incremental

    def priority(self, stream_id: int) -> PriorityParams:
        """The stream's current parameters."""
        entry = self._lookup(stream_id)
        return PriorityParams(entry.urgency, entry.incremental)

    def remove_stream(self, stream_id: int) -> None:
        """Forget a stream."""
        entry = self._lookup(stream_id)
        if entry.active:
            self._levels[entry.urgency].discard(stream_id, entry.incremental)
        del self._entries[stream_id]

    def block(self, stream_id: int) -> None:
        """The stream has nothing to send; skip it until unblocked (idempotent)."""
        entry = self._lookup(stream_id)
        if entry.active:
            entry.active = False
            self._levels[entry.urgency].discard(stream_id, entry.incremental)

    def unblock(self, stream_id: int) -> None:
        """The stream is ready again (idempotent)."""
        entry = self._lookup(stream_id)
        if not entry.active:
            entry.active = True
            self._levels[entry.urgency].add(stream_id, entry.incremental)

    def __iter__(self) -> UrgencyScheduler:
        return self

    def __next__(self) -> int:
        for level in self._levels:
            if level.ring:
                return level.pick()
        raise DeadlockError("No unblocked streams to schedule.")

    def next(self) -> int:
        """Same as ``next(scheduler)``."""
        return self.__next__()
