"""The RFC 7540 §5.3 dependency tree and its weighted scheduler.

RFC 9113 §5.3.2 deprecates the RFC 7540 priority signals but lets endpoints
keep acting on them; this module is the scheduler for those signals.

Scheduling is virtual-time fair queueing per parent: every stream keeps a
min-heap of ``(level, child)`` entries (``child_queue``; ties go to the lower
stream id).  Serving a child moves
its level on by ``256 / weight`` (the integer remainder is carried in
``_deficit``), so over any window siblings are served in proportion to their
weights.  An inactive (blocked) stream is never served itself; its turn goes
to its descendants.

Cost is bounded (CVE-2016-6580): a subtree without any active stream is kept
out of its parent's heap ("parked"), so one selection touches one heap entry
per tree level, O(depth * log(children)), however many streams are blocked.
Each stream counts its children whose subtree holds an active stream
(``_live_children``); block/unblock/insert/remove update those counts along
the ancestor chain and stop at the first ancestor whose state is unchanged.
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush, heapreplace

__all__ = [
    "BadPriorityParameterError",
    "BadWeightError",
    "DeadlockError",
    "DuplicateStreamError",
    "MissingStreamError",
    "PriorityError",
    "PriorityLoop",
    "PriorityTree",
    "PseudoStreamError",
    "Stream",
    "TooManyStreamsError",
]

DEFAULT_WEIGHT = 16
MIN_WEIGHT = 1
MAX_WEIGHT = 256
# Virtual time one service costs a weight-1 stream; weight w advances 256 / w.
_QUANTUM = 256
# A parent's heap is rebuilt once it holds this many stale entries and they
# outnumber the valid ones, so repeated block/unblock cannot grow it forever.
_COMPACT_THRESHOLD = 16
_DEADLOCK_MESSAGE = "No unblocked streams to schedule."


class PriorityError(Exception):
    """Base class for every error this package raises."""


class DeadlockError(PriorityError):
    """No stream can be scheduled: every stream is blocked (or there are none)."""


class PriorityLoop(PriorityError):
    """A stream was asked to depend on itself."""


class DuplicateStreamError(PriorityError):
    """A stream with this id is already in the tree (stream 0 always is)."""


class MissingStreamError(KeyError, PriorityError):
    """The stream id is not in the tree."""


class TooManyStreamsError(PriorityError):
    """Inserting would exceed the tree's ``maximum_streams`` limit."""


class BadWeightError(PriorityError):
    """A weight that is not an integer in 1..256 (RFC 7540 §5.3.2)."""


class PseudoStreamError(PriorityError):
    """An operation that makes no sense on stream 0, the tree's root."""


class BadPriorityParameterError(PriorityError, ValueError):
    """A caller passed an RFC 9218 urgency/incremental value or stream id out of range."""


def _checked_weight(weight: object) -> int:
    if not isinstance(weight, int):
        raise BadWeightError("Stream weight should be an integer")
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise BadWeightError("Stream weight must be between 1 and 256 (inclusive)")
    return weight


def _propagate(node: Stream, was_live: bool) -> None:
    """After ``node`` gained or lost liveness, fix the counts of its ancestors.

    Stops at the first node whose liveness did not change, so the usual cost
    is O(1) and the worst case O(depth).
    """
    while True:
        is_live = node._active or node._live_children > 0
        if is_live == was_live:
            return
        parent = node.parent
        if parent is None:
            return
        was_live = parent._active or parent._live_children > 0
        if is_live:
            parent._live_children += 1
            parent._unpark(node)
        else:
            parent._live_children -= 1
            parent._park(node)
        node = parent


class Stream:
    """One node of the priority tree.

    Streams compare and order by ``stream_id`` only.  ``_queue`` is a heap of
    ``(level, child_id, child)`` entries for the children whose subtree can be
    served (the id makes ties cheap to break); entries of children that left
    or were parked stay behind as stale entries until popped or compacted
    (``child._entry`` names the valid one).  ``child_queue`` shows the valid
    entries as ``(level, child)`` pairs.
    """

    __slots__ = (
        "_active",
        "_deficit",
        "_entry",
        "_kids",
        "_last_winner_id",
        "_level",
        "_live_children",
        "_parked_mark",
        "_queue",
        "_served",
        "_stale",
        "_weight",
        "last_weight",
        "parent",
        "stream_id",
    )

    def __init__(self, stream_id: int, weight: int = DEFAULT_WEIGHT) -> None:
        self.stream_id = stream_id
        self._weight = _checked_weight(weight)
        self.parent: Stream | None = None
        self._queue: list[tuple[int, int, Stream]] = []
        self.last_weight = 0
        self._deficit = 0
        self._active = True
        # Children by id, in the order they were attached.
        self._kids: dict[int, Stream] = {}
        # Our valid entry in the parent's _queue (None: not queued).
        self._entry: tuple[int, int, Stream] | None = None
        # Our level in the parent's virtual time while not queued.
        self._level = 0
        # Children whose subtree holds an active stream.
        self._live_children = 0
        # Stale entries left in our _queue.
        self._stale = 0
        # How many times we picked a child, and the id of the last one picked.
        self._served = 0
        self._last_winner_id = 0
        # Our parent's _served count when we were parked.
        self._parked_mark = 0

    # -- public attributes -------------------------------------------------

    @property
    def weight(self) -> int:
        return self._weight

    @weight.setter
    def weight(self, value: int) -> None:
        self._weight = _checked_weight(value)

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        value = bool(value)
        if value == self._active:
            return
        was_live = self._active or self._live_children > 0
        self._active = value
        _propagate(self, was_live)

    @property
    def children(self) -> list[Stream]:
        """The direct dependants, in the order they were attached (a copy)."""
        return list(self._kids.values())

    @property
    def child_queue(self) -> list[tuple[int, Stream]]:
        """The queued children as a heap of ``(level, child)`` pairs (a copy)."""
        return sorted(
            ((entry[0], entry[2]) for entry in self._queue if entry[2]._entry is entry),
            key=lambda pair: (pair[0], pair[1].stream_id),
        )

    # -- tree edits ----------------------------------------------------------

    def add_child(self, child: Stream) -> None:
        """Make ``child`` depend on this stream, moving it (with its subtree) if it has a parent."""
        self._release(child)
        self._add(child)

    def add_child_exclusive(self, child: Stream) -> None:
        """RFC 7540 §5.3.3: ``child`` becomes the sole dependant and adopts the others."""
        self._release(child)
        self._add_exclusive(child)

    def _release(self, child: Stream) -> None:
        """Check ``child`` may become our child, and detach it from its parent."""
        if child is self or _is_below(self, child):
            raise PriorityLoop(
                f"Stream {child.stream_id} cannot depend on its own descendant {self.stream_id}"
            )
        namesake = self._kids.get(child.stream_id)
        if namesake is not None and namesake is not child:
            raise DuplicateStreamError(
                f"Stream {self.stream_id} already has a child with id {child.stream_id}"
            )
        if child.parent is not None:
            child.parent.remove_child(child, strip_children=False)

    def _add(self, child: Stream) -> None:
        """add_child for a parentless child that is not our ancestor."""
        was_live = self._active or self._live_children > 0
        self._attach(child)
        _propagate(self, was_live)

    def _add_exclusive(self, child: Stream) -> None:
        """add_child_exclusive for a parentless child that is not our ancestor."""
        was_live = self._active or self._live_children > 0
        former = list(self._kids.values())
        self._kids = {}
        self._queue = []
        self._stale = 0
        self._live_children = 0
        self.last_weight = 0
        for kid in former:
            kid.parent = None
            kid._entry = None
            child._attach(kid)
        self._attach(child)
        _propagate(self, was_live)

    def remove_child(self, child: Stream, strip_children: bool = True) -> None:
        """Detach ``child``; with ``strip_children`` its dependants move to this stream."""
        if self._kids.get(child.stream_id) is not child:
            raise MissingStreamError(
                f"Stream {child.stream_id} is not a child of stream {self.stream_id}"
            )
        was_live = self._active or self._live_children > 0
        self._detach(child)
        if strip_children:
            grandchildren = list(child._kids.values())
            child._kids = {}
            child._queue = []
            child._stale = 0
            child._live_children = 0
            for grandchild in grandchildren:
                grandchild.parent = None
                grandchild._entry = None
                self._attach(grandchild)
        _propagate(self, was_live)

    def _attach(self, child: Stream) -> None:
        """Link ``child`` below us at our current virtual time; no ancestor updates."""
        child.parent = self
        self._kids[child.stream_id] = child
        level = self.last_weight
        child._level = level
        if child._active or child._live_children > 0:
            self._live_children += 1
            entry = (level, child.stream_id, child)
            child._entry = entry
            heappush(self._queue, entry)
        else:
            child._entry = None
            child._parked_mark = self._served

    def _detach(self, child: Stream) -> None:
        """Unlink ``child`` (with its subtree); no ancestor updates."""
        del self._kids[child.stream_id]
        child.parent = None
        entry = child._entry
        if entry is not None:
            child._level = entry[0]
            child._entry = None
            self._live_children -= 1
            self._mark_stale()

    def _park(self, child: Stream) -> None:
        """``child``'s subtree has no active stream left: take it out of the heap."""
        entry = child._entry
        assert entry is not None, "unreachable: only queued children are parked"
        child._level = entry[0]
        child._entry = None
        child._parked_mark = self._served
        self._mark_stale()

    def _unpark(self, child: Stream) -> None:
        """``child``'s subtree can be served again: queue it at a fair level.

        The incumbent kept blocked subtrees in the heap and moved them on as
        if served whenever they came up ("passing their share"), an O(n) walk
        per selection; we leave them out and, if any selection was made here
        meanwhile, move the returning child just past the last one served.
        """
        if self._served != child._parked_mark:
            _catch_up(child, self.last_weight, self._last_winner_id)
        entry = (child._level, child.stream_id, child)
        child._entry = entry
        heappush(self._queue, entry)

    def _mark_stale(self) -> None:
        self._stale += 1
        if self._stale > _COMPACT_THRESHOLD and 2 * self._stale > len(self._queue):
            queue = [kid._entry for kid in self._kids.values() if kid._entry is not None]
            heapify(queue)
            self._queue = queue
            self._stale = 0

    # -- scheduling ----------------------------------------------------------

    def schedule(self) -> int:
        """Return the id of the next stream to serve among our descendants.

        Raises :class:`DeadlockError` if no descendant is active.
        """
        if not self._live_children:
            raise DeadlockError(_DEADLOCK_MESSAGE)
        node = self
        while True:
            queue = node._queue
            entry = queue[0]
            child = entry[2]
            while child._entry is not entry:
                heappop(queue)
                node._stale -= 1
                entry = queue[0]
                child = entry[2]
            level, child_id, child = entry
            weight = child._weight
            budget = 256 + child._deficit  # _QUANTUM, inlined on the hot path
            child._deficit = budget % weight
            new_entry = (level + budget // weight, child_id, child)
            child._entry = new_entry
            heapreplace(queue, new_entry)
            node.last_weight = level
            node._served += 1
            node._last_winner_id = child_id
            if child._active:
                return child_id
            node = child

    # -- identity ------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Stream<id={self.stream_id}, weight={self._weight}>"

    def __hash__(self) -> int:
        return hash(self.stream_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id == other.stream_id

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id != other.stream_id

    def __lt__(self, other: Stream) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id < other.stream_id

    def __le__(self, other: Stream) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id <= other.stream_id

    def __gt__(self, other: Stream) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id > other.stream_id

    def __ge__(self, other: Stream) -> bool:
        if not isinstance(other, Stream):
            return NotImplemented
        return self.stream_id >= other.stream_id


def _catch_up(child: Stream, winner_level: int, winner_id: int) -> None:
    """Move a returning child on until it sorts after the parent's last winner.

    Selections were made at the parent while the child was parked; had it
    been queued, each would have passed it over (and moved it on) while it
    sorted before the winner.  Placing it just after the last winner means it
    neither banks credit for the time it was blocked nor loses its turn.  k
    moves cost ``(256 * k + deficit) // weight`` levels, as in ``schedule``.
    """
    level = child._level
    if level > winner_level or (level == winner_level and child.stream_id >= winner_id):
        return
    target = winner_level + (1 if child.stream_id < winner_id else 0)
    weight = child._weight
    deficit = child._deficit
    moves = -(-((target - level) * weight - deficit) // _QUANTUM)
    budget = _QUANTUM * moves + deficit
    child._level = level + budget // weight
    child._deficit = budget % weight


def _redistributed_weights(removed_weight: int, weights: list[int]) -> list[int]:
    """RFC 7540 §5.3.4: share the removed stream's weight among its dependants.

    Proportional to their own weights, rounded half up, never below 1 (and,
    as each share is at most ``removed_weight``, never above 256).
    """
    total = sum(weights)
    return [max(MIN_WEIGHT, (2 * removed_weight * w + total) // (2 * total)) for w in weights]


class PriorityTree:
    """An RFC 7540 §5.3 priority tree; iterate it to learn which stream to serve next.

    ``maximum_streams`` caps the entries in ``_streams``, the root included,
    so at most ``maximum_streams - 1`` streams fit (CVE-2016-6580).
    """

    def __init__(self, maximum_streams: int = 1000) -> None:
        if not isinstance(maximum_streams, int):
            raise TypeError("maximum_streams must be an int.")
        if maximum_streams <= 0:
            raise ValueError("maximum_streams must be a positive integer.")
        self._root = Stream(stream_id=0, weight=1)
        self._root.active = False
        self._streams: dict[int, Stream] = {0: self._root}
        self._maximum_streams = maximum_streams

    def _lookup(self, stream_id: int) -> Stream:
        if stream_id == 0:
            raise PseudoStreamError("Stream 0 is the root of the tree and cannot be changed")
        try:
            return self._streams[stream_id]
        except KeyError:
            raise MissingStreamError(f"Stream {stream_id} not in priority tree") from None

    def _insert_placeholder(self, stream_id: int, reserved: int) -> Stream:
        """RFC 7540 §5.3.1: a dependency on an absent stream gets a default-priority one.

        It is blocked: we have nothing to send on it.  ``reserved`` slots are
        already promised to the caller's own stream, so the cap is never
        exceeded.
        """
        if len(self._streams) + reserved + 1 > self._maximum_streams:
            raise TooManyStreamsError(
                f"Too many streams: cannot also insert parent stream {stream_id}"
            )
        placeholder = Stream(stream_id)
        placeholder._active = False
        self._root._add(placeholder)
        self._streams[stream_id] = placeholder
        return placeholder

    def insert_stream(
        self,
        stream_id: int,
        depends_on: int | None = None,
        weight: int = DEFAULT_WEIGHT,
        exclusive: bool = False,
    ) -> None:
        """Add a new active stream below ``depends_on`` (falsy: the root)."""
        if stream_id in self._streams:
            raise DuplicateStreamError(f"Stream {stream_id} already in tree")
        if len(self._streams) + 1 > self._maximum_streams:
            raise TooManyStreamsError(f"Refusing to insert {stream_id}: too many streams")
        stream = Stream(stream_id, weight)
        if not depends_on:
            parent = self._root
        elif depends_on == stream_id:
            raise PriorityLoop(f"Stream {stream_id} cannot depend on itself")
        else:
            found = self._streams.get(depends_on)
            parent = found if found is not None else self._insert_placeholder(depends_on, 1)
        if exclusive:
            parent._add_exclusive(stream)
        else:
            parent._add(stream)
        self._streams[stream_id] = stream

    def reprioritize(
        self,
        stream_id: int,
        depends_on: int | None = None,
        weight: int = DEFAULT_WEIGHT,
        exclusive: bool = False,
    ) -> None:
        """Move a stream (with its subtree) below ``depends_on`` with a new weight.

        RFC 7540 §5.3.3: if the new parent is one of the stream's own
        descendants, that descendant first moves (with its own dependants and
        weight) to the stream's former parent.
        """
        stream = self._lookup(stream_id)
        new_weight = _checked_weight(weight)
        if not depends_on:
            parent = self._root
        elif depends_on == stream_id:
            raise PriorityLoop(f"Stream {stream_id} cannot depend on itself")
        else:
            found = self._streams.get(depends_on)
            if found is None:
                parent = self._insert_placeholder(depends_on, 0)
            else:
                parent = found
                if _is_below(parent, stream):
                    former_parent = stream.parent
                    assert former_parent is not None, "unreachable: only the root has no parent"
                    moved_from = parent.parent
                    assert moved_from is not None, "unreachable: a descendant has a parent"
                    moved_from.remove_child(parent, strip_children=False)
                    former_parent._add(parent)
        current = stream.parent
        assert current is not None, "unreachable: only the root has no parent"
        current.remove_child(stream, strip_children=False)
        stream._weight = new_weight
        if exclusive:
            parent._add_exclusive(stream)
        else:
            parent._add(stream)

    def remove_stream(self, stream_id: int) -> None:
        """Remove a stream; RFC 7540 §5.3.4: its dependants move to its parent.

        The removed stream's weight is shared among them in proportion to
        their weights.
        """
        stream = self._lookup(stream_id)
        kids = list(stream._kids.values())
        if kids:
            shares = _redistributed_weights(stream._weight, [kid._weight for kid in kids])
            for kid, share in zip(kids, shares, strict=True):
                kid._weight = share
        parent = stream.parent
        assert parent is not None, "unreachable: only the root has no parent"
        parent.remove_child(stream)
        del self._streams[stream_id]

    def block(self, stream_id: int) -> None:
        """Mark a stream as having nothing to send; its share passes to its dependants."""
        self._lookup(stream_id).active = False

    def unblock(self, stream_id: int) -> None:
        """Mark a stream as ready to send again."""
        self._lookup(stream_id).active = True

    def __iter__(self) -> PriorityTree:
        return self

    def __next__(self) -> int:
        return self._root.schedule()

    def next(self) -> int:
        """Legacy spelling of ``next(tree)``."""
        return self._root.schedule()


def _is_below(candidate: Stream, ancestor: Stream) -> bool:
    """True if ``ancestor`` is on ``candidate``'s parent chain (O(depth))."""
    node = candidate.parent
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False
