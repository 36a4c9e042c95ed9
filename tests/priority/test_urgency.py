"""UrgencyScheduler: RFC 9218 §10 ordering, errors, and a random-operation model."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from priority import (
    BadPriorityParameterError,
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PriorityError,
    PriorityParams,
    PseudoStreamError,
    TooManyStreamsError,
    UrgencyScheduler,
)


def take(scheduler: UrgencyScheduler, count: int) -> list[int]:
    return [next(scheduler) for _ in range(count)]


def test_constructor_limits() -> None:
    with pytest.raises(TypeError, match=r"^maximum_streams must be an int\.$"):
        UrgencyScheduler(maximum_streams="10")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^maximum_streams must be a positive integer\.$"):
        UrgencyScheduler(maximum_streams=0)


def test_empty_and_all_blocked_deadlock() -> None:
    scheduler = UrgencyScheduler()
    with pytest.raises(DeadlockError, match=r"^No unblocked streams to schedule\.$"):
        next(scheduler)
    scheduler.insert_stream(1)
    scheduler.block(1)
    with pytest.raises(DeadlockError):
        scheduler.next()


def test_defaults_are_urgency_3_non_incremental() -> None:
    # RFC 9218 §4.1 and §4.2.
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1)
    assert scheduler.priority(1) == PriorityParams(3, False)
    assert 1 in scheduler and 3 not in scheduler
    assert len(scheduler) == 1
    assert iter(scheduler) is scheduler


def test_lower_urgency_first() -> None:
    # RFC 9218 §10: higher-urgency (lower value) responses before lower-urgency ones.
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1, urgency=5)
    scheduler.insert_stream(3, urgency=0)
    scheduler.insert_stream(5, urgency=3)
    assert take(scheduler, 2) == [3, 3]
    scheduler.block(3)
    assert take(scheduler, 2) == [5, 5]
    scheduler.remove_stream(5)
    assert take(scheduler, 2) == [1, 1]
    scheduler.unblock(3)
    assert next(scheduler) == 3


def test_non_incremental_one_at_a_time_in_id_order() -> None:
    # RFC 9218 §10: same urgency, non-incremental: ascending stream id, one by one.
    scheduler = UrgencyScheduler()
    for stream_id in (7, 3, 5):
        scheduler.insert_stream(stream_id)
    assert take(scheduler, 3) == [3, 3, 3]
    scheduler.block(3)
    assert take(scheduler, 2) == [5, 5]
    scheduler.remove_stream(5)
    assert take(scheduler, 2) == [7, 7]
    scheduler.unblock(3)
    assert take(scheduler, 2) == [3, 3]


def test_incremental_round_robin() -> None:
    # RFC 9218 §10: same urgency, incremental: share the bandwidth.
    scheduler = UrgencyScheduler()
    for stream_id in (1, 3, 5):
        scheduler.insert_stream(stream_id, incremental=True)
    assert take(scheduler, 6) == [1, 3, 5, 1, 3, 5]
    scheduler.block(3)
    assert take(scheduler, 4) == [1, 5, 1, 5]
    scheduler.unblock(3)
    assert take(scheduler, 3) == [1, 5, 3]


def test_mixed_kinds_share_an_urgency_without_starvation() -> None:
    # RFC 9218 §10: avoid starvation; the non-incremental group takes one turn.
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1)
    scheduler.insert_stream(3, incremental=True)
    scheduler.insert_stream(5)
    scheduler.insert_stream(7, incremental=True)
    assert take(scheduler, 6) == [1, 3, 7, 1, 3, 7]
    scheduler.remove_stream(1)
    assert take(scheduler, 3) == [5, 3, 7]


def test_reprioritize() -> None:
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1, urgency=4)
    scheduler.insert_stream(3, urgency=4)
    assert next(scheduler) == 1
    # RFC 9218 §7: a PRIORITY_UPDATE carries the full set; omitted means default.
    scheduler.reprioritize(3, urgency=1)
    assert take(scheduler, 2) == [3, 3]
    scheduler.reprioritize(3)
    assert scheduler.priority(3) == PriorityParams(3, False)
    assert next(scheduler) == 3
    scheduler.reprioritize(3, urgency=7, incremental=True)
    assert next(scheduler) == 1


def test_reprioritize_to_same_parameters_keeps_round_robin_place() -> None:
    scheduler = UrgencyScheduler()
    for stream_id in (1, 3, 5):
        scheduler.insert_stream(stream_id, incremental=True)
    assert next(scheduler) == 1
    scheduler.reprioritize(3, incremental=True)
    assert take(scheduler, 2) == [3, 5]


def test_reprioritize_blocked_stream_applies_on_unblock() -> None:
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1, urgency=2)
    scheduler.insert_stream(3, urgency=5)
    scheduler.block(1)
    scheduler.reprioritize(1, urgency=6)
    assert next(scheduler) == 3
    scheduler.unblock(1)
    assert next(scheduler) == 3
    scheduler.remove_stream(3)
    assert next(scheduler) == 1


def test_remove_blocked_stream() -> None:
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1)
    scheduler.block(1)
    scheduler.remove_stream(1)
    assert len(scheduler) == 0
    with pytest.raises(MissingStreamError):
        scheduler.remove_stream(1)


def test_block_and_unblock_are_idempotent() -> None:
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1, incremental=True)
    scheduler.insert_stream(3, incremental=True)
    scheduler.block(1)
    scheduler.block(1)
    assert take(scheduler, 2) == [3, 3]
    scheduler.unblock(1)
    scheduler.unblock(1)
    assert sorted(take(scheduler, 2)) == [1, 3]


def test_maximum_streams() -> None:
    scheduler = UrgencyScheduler(maximum_streams=2)
    scheduler.insert_stream(1)
    scheduler.insert_stream(3)
    with pytest.raises(TooManyStreamsError):
        scheduler.insert_stream(5)
    scheduler.remove_stream(1)
    scheduler.insert_stream(5)


def test_errors() -> None:
    scheduler = UrgencyScheduler()
    scheduler.insert_stream(1)
    with pytest.raises(DuplicateStreamError):
        scheduler.insert_stream(1)
    for method in ("remove_stream", "block", "unblock", "reprioritize", "priority"):
        with pytest.raises(MissingStreamError):
            getattr(scheduler, method)(3)
        with pytest.raises(PseudoStreamError):
            getattr(scheduler, method)(0)
    with pytest.raises(PseudoStreamError):
        scheduler.insert_stream(0)


@pytest.mark.parametrize("stream_id", [-1, 1.0, "1", True, None])
def test_bad_stream_ids(stream_id: object) -> None:
    with pytest.raises(BadPriorityParameterError):
        UrgencyScheduler().insert_stream(stream_id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("urgency", "incremental"),
    [(8, False), (-1, False), (True, False), (3.0, False), ("3", False), (3, 1), (3, None)],
)
def test_bad_parameters(urgency: object, incremental: object) -> None:
    scheduler = UrgencyScheduler()
    with pytest.raises(BadPriorityParameterError) as info:
        scheduler.insert_stream(1, urgency, incremental)  # type: ignore[arg-type]
    assert isinstance(info.value, PriorityError) and isinstance(info.value, ValueError)
    assert len(scheduler) == 0
    scheduler.insert_stream(1, urgency=2)
    with pytest.raises(BadPriorityParameterError):
        scheduler.reprioritize(1, urgency, incremental)  # type: ignore[arg-type]
    assert scheduler.priority(1) == PriorityParams(2, False)


def test_block_unblock_churn_keeps_id_heap_small() -> None:
    scheduler = UrgencyScheduler()
    for stream_id in range(1, 101, 2):
        scheduler.insert_stream(stream_id)
    for _ in range(200):
        for stream_id in range(3, 101, 2):
            scheduler.block(stream_id)
            scheduler.unblock(stream_id)
    level = scheduler._levels[3]
    assert len(level.ids) <= 2 * len(level.sequential) + 20
    assert next(scheduler) == 1


class SchedulerModel(RuleBasedStateMachine):
    """Random operations; each selection must obey the RFC 9218 §10 rules."""

    def __init__(self) -> None:
        super().__init__()
        self.scheduler = UrgencyScheduler(maximum_streams=12)
        self.params: dict[int, tuple[int, bool]] = {}
        self.blocked: set[int] = set()

    ids = st.integers(min_value=1, max_value=15)
    urgencies = st.integers(min_value=0, max_value=7)

    @rule(stream_id=ids, urgency=urgencies, incremental=st.booleans())
    def insert(self, stream_id: int, urgency: int, incremental: bool) -> None:
        if stream_id in self.params:
            with pytest.raises(DuplicateStreamError):
                self.scheduler.insert_stream(stream_id, urgency, incremental)
        elif len(self.params) == 12:
            with pytest.raises(TooManyStreamsError):
                self.scheduler.insert_stream(stream_id, urgency, incremental)
        else:
            self.scheduler.insert_stream(stream_id, urgency, incremental)
            self.params[stream_id] = (urgency, incremental)

    @rule(stream_id=ids, urgency=urgencies, incremental=st.booleans())
    def reprioritize(self, stream_id: int, urgency: int, incremental: bool) -> None:
        if stream_id in self.params:
            self.scheduler.reprioritize(stream_id, urgency, incremental)
            self.params[stream_id] = (urgency, incremental)

    @rule(stream_id=ids)
    def remove(self, stream_id: int) -> None:
        if stream_id in self.params:
            self.scheduler.remove_stream(stream_id)
            del self.params[stream_id]
            self.blocked.discard(stream_id)

    @rule(stream_id=ids, block=st.booleans())
    def toggle(self, stream_id: int, block: bool) -> None:
        if stream_id in self.params:
            if block:
                self.scheduler.block(stream_id)
                self.blocked.add(stream_id)
            else:
                self.scheduler.unblock(stream_id)
                self.blocked.discard(stream_id)

    @rule(count=st.integers(min_value=1, max_value=30))
    def select(self, count: int) -> None:
        ready = {s: p for s, p in self.params.items() if s not in self.blocked}
        if not ready:
            with pytest.raises(DeadlockError):
                next(self.scheduler)
            return
        best = min(urgency for urgency, _ in ready.values())
        peers = {s: inc for s, (u, inc) in ready.items() if u == best}
        sequential = sorted(s for s, inc in peers.items() if not inc)
        # Every ready incremental stream and the sequential head get a turn per cycle.
        expected = {s for s, inc in peers.items() if inc} | set(sequential[:1])
        served = [next(self.scheduler) for _ in range(count)]
        assert set(served) <= expected
        if count >= len(expected):
            assert set(served[: len(expected)]) == expected


SchedulerModel.TestCase.settings = settings(
    max_examples=100, stateful_step_count=40, deadline=None
)
TestSchedulerModel = SchedulerModel.TestCase
