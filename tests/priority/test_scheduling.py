"""Scheduling order and fairness of PriorityTree (contract §4.4)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from priority import DeadlockError, PriorityTree

from .helpers import check_invariants


def readme_tree() -> PriorityTree:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    tree.insert_stream(5, depends_on=1)
    tree.insert_stream(7, weight=32)
    tree.insert_stream(9, depends_on=7, weight=8)
    tree.insert_stream(11, depends_on=7, exclusive=True)
    tree.reprioritize(1, depends_on=3)
    return tree


def test_pinned_nine_outputs() -> None:
    tree = readme_tree()
    assert [next(tree) for _ in range(9)] == [3, 7, 7, 3, 7, 7, 3, 7, 7]


def test_pinned_sequence_with_blocked_parents() -> None:
    # Blocked 3, 7 and 11 pass their shares down to 1 and 9 (weights 16 : 32).
    tree = readme_tree()
    for stream_id in (3, 7, 11):
        tree.block(stream_id)
    assert [next(tree) for _ in range(9)] == [1, 9, 9, 1, 9, 9, 1, 9, 9]


@pytest.mark.parametrize("weights", [[16, 16, 16], [256, 1, 32, 7], [1, 2, 3, 4, 5]])
def test_fresh_tree_yields_each_root_child_once_in_id_order(weights: list[int]) -> None:
    tree = PriorityTree()
    ids = [2 * n + 1 for n in range(len(weights))]
    for stream_id, weight in zip(reversed(ids), reversed(weights), strict=True):
        tree.insert_stream(stream_id, weight=weight)
    assert [next(tree) for _ in ids] == ids


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=256), min_size=1, max_size=8))
def test_period_repeats_and_matches_weights(weights: list[int]) -> None:
    # Over a period of sum(weights) each stream is served exactly weight times,
    # and from then on the sequence repeats identically.
    tree = PriorityTree()
    for n, weight in enumerate(weights):
        tree.insert_stream(2 * n + 1, weight=weight)
    for _ in weights:
        next(tree)
    period = sum(weights)
    pattern = [next(tree) for _ in range(period)]
    assert Counter(pattern) == {2 * n + 1: weight for n, weight in enumerate(weights)}
    assert [next(tree) for _ in range(period * 3)] == pattern * 3


def shares(tree: PriorityTree, rounds: int) -> dict[int, float]:
    counts = Counter(next(tree) for _ in range(rounds))
    return {stream_id: count / rounds for stream_id, count in counts.items()}


def test_weighted_fairness_over_long_runs() -> None:
    weights = {1: 1, 3: 16, 5: 37, 7: 100, 9: 256}
    tree = PriorityTree()
    for stream_id, weight in weights.items():
        tree.insert_stream(stream_id, weight=weight)
    total = sum(weights.values())
    measured = shares(tree, 100_000)
    for stream_id, weight in weights.items():
        assert measured[stream_id] == pytest.approx(weight / total, rel=0.03)


def test_blocked_streams_pass_their_share_to_descendants() -> None:
    # A (64, blocked) has children A1 (10) and A2 (30); B (192) is a sibling of A.
    tree = PriorityTree()
    tree.insert_stream(1, weight=64)
    tree.insert_stream(3, depends_on=1, weight=10)
    tree.insert_stream(5, depends_on=1, weight=30)
    tree.insert_stream(7, weight=192)
    tree.block(1)
    measured = shares(tree, 64_000)
    assert measured[3] == pytest.approx(64 / 256 * 10 / 40, rel=0.03)
    assert measured[5] == pytest.approx(64 / 256 * 30 / 40, rel=0.03)
    assert measured[7] == pytest.approx(192 / 256, rel=0.03)
    assert 1 not in measured


def test_fairness_in_a_random_deep_tree() -> None:
    # Every ready sibling set shares its parent's service in proportion to weight.
    import random

    rng = random.Random(5)
    tree = PriorityTree(maximum_streams=200)
    ids: list[int] = []
    for n in range(60):
        stream_id = 2 * n + 1
        parent = rng.choice(ids) if ids and rng.random() < 0.7 else None
        tree.insert_stream(stream_id, depends_on=parent, weight=rng.randint(1, 256))
        ids.append(stream_id)
    for stream_id in rng.sample(ids, 20):
        tree.block(stream_id)
    expected = expected_shares(tree)
    measured = shares(tree, 200_000)
    for stream_id, share in expected.items():
        if share > 0.005:
            assert measured.get(stream_id, 0.0) == pytest.approx(share, rel=0.05), stream_id
    assert set(measured) <= {s for s, share in expected.items() if share > 0}


def expected_shares(tree: PriorityTree) -> dict[int, float]:
    """The ideal share of each stream: blocked parents hand theirs to live children."""
    from .helpers import is_live

    result: dict[int, float] = {}

    def visit(stream_id: int, share: float) -> None:
        stream = tree._streams[stream_id]
        if stream.active and stream_id != 0:
            result[stream_id] = share
            return
        live = [kid for kid in stream.children if is_live(kid)]
        total = sum(kid.weight for kid in live)
        for kid in live:
            visit(kid.stream_id, share * kid.weight / total)

    visit(0, 1.0)
    return result


def test_never_yields_blocked_or_removed_streams() -> None:
    tree = PriorityTree()
    for stream_id in range(1, 41, 2):
        tree.insert_stream(stream_id, depends_on=stream_id - 2 if stream_id % 4 == 3 else None)
    tree.block(5)
    tree.block(9)
    tree.remove_stream(13)
    seen = {next(tree) for _ in range(2000)}
    assert seen.isdisjoint({5, 9, 13})
    # 3 depends on the active 1, so it waits (RFC 7540 §5.3.1); 7 inherits from blocked 5.
    assert 3 not in seen and {7, 11} <= seen
    assert seen == {s for s, share in expected_shares(tree).items() if share > 0}


def test_unblocked_stream_resumes_in_turn() -> None:
    # While 1 is blocked, 3 gets everything; once back, they alternate again
    # (the same order the incumbent gives): no burst to "catch up".
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    assert next(tree) == 1
    tree.block(1)
    assert [next(tree) for _ in range(5)] == [3] * 5
    tree.unblock(1)
    assert [next(tree) for _ in range(6)] == [1, 3, 1, 3, 1, 3]


def test_stream_unblocked_before_its_turn_keeps_its_place() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    tree.block(3)
    tree.unblock(3)
    assert [next(tree) for _ in range(4)] == [1, 3, 1, 3]


def test_heavy_stream_returning_does_not_monopolise() -> None:
    # A weight-256 stream blocked for a long time must not get a long burst.
    tree = PriorityTree()
    tree.insert_stream(1, weight=256)
    tree.insert_stream(3, weight=1)
    next(tree)
    tree.block(1)
    for _ in range(50):
        assert next(tree) == 3
    tree.unblock(1)
    window = [next(tree) for _ in range(257)]
    assert window.count(3) >= 1
    check_invariants(tree)


def test_deadlock_then_recovery_keeps_state() -> None:
    tree = readme_tree()
    for stream_id in (1, 3, 5, 7, 9, 11):
        tree.block(stream_id)
    for _ in range(3):
        with pytest.raises(DeadlockError, match=r"^No unblocked streams to schedule\.$"):
            next(tree)
    for stream_id in (1, 3, 5, 7, 9, 11):
        tree.unblock(stream_id)
    assert [next(tree) for _ in range(6)] == [3, 7, 7, 3, 7, 7]


def test_for_loop_ends_with_deadlock() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    served = []
    with pytest.raises(DeadlockError):
        for stream_id in tree:
            served.append(stream_id)
            if len(served) == 3:
                tree.block(1)
    assert served == [1, 1, 1]


# -- bounded cost (CVE-2016-6580) ----------------------------------------------


def test_blocked_subtrees_are_not_queued() -> None:
    tree = PriorityTree(maximum_streams=3001)
    for stream_id in range(1, 6001, 2):
        tree.insert_stream(stream_id)
    for stream_id in range(3, 6001, 2):
        tree.block(stream_id)
    root = tree._streams[0]
    assert root.child_queue == [(root.child_queue[0][0], tree._streams[1])]
    # The stale entries were compacted away, not kept around.
    assert len(root._queue) < 40
    assert [next(tree) for _ in range(3)] == [1, 1, 1]


def test_block_unblock_churn_does_not_grow_queues() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    for _ in range(10_000):
        tree.block(3)
        tree.unblock(3)
    assert len(tree._streams[0]._queue) < 40
    check_invariants(tree)


def mostly_blocked(size: int) -> PriorityTree:
    tree = PriorityTree(maximum_streams=size + 1)
    for stream_id in range(1, 2 * size, 2):
        tree.insert_stream(stream_id)
    for stream_id in range(3, 2 * size, 2):
        tree.block(stream_id)
    return tree


def count_heap_operations(tree: PriorityTree, selections: int, monkeypatch: Any) -> int:
    import priority.priority as module

    calls = Counter[str]()

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls[name] += 1
            return function(*args)

        return wrapper

    for name in ("heappop", "heappush", "heapreplace"):
        monkeypatch.setattr(module, name, counted(name, getattr(module, name)))
    for _ in range(selections):
        next(tree)
    return sum(calls.values())


@pytest.mark.parametrize("size", [100, 10_000])
def test_selection_work_does_not_grow_with_blocked_streams(size: int, monkeypatch: Any) -> None:
    # The incumbent popped and re-pushed every blocked sibling on each selection.
    tree = mostly_blocked(size)
    stale = sum(stream._stale for stream in tree._streams.values())
    # One heap operation per selection, plus popping each stale entry at most once.
    assert 1000 <= count_heap_operations(tree, 1000, monkeypatch) <= 1000 + stale
    assert count_heap_operations(tree, 1000, monkeypatch) == 1000


def test_selection_work_is_one_heap_operation_per_level(monkeypatch: Any) -> None:
    tree = PriorityTree()
    parent = None
    for stream_id in range(1, 100, 2):
        tree.insert_stream(stream_id, depends_on=parent)
        tree.insert_stream(stream_id + 1000, depends_on=parent)
        tree.block(stream_id + 1000)
        tree.block(stream_id)
        parent = stream_id
    tree.unblock(99)
    stale = sum(stream._stale for stream in tree._streams.values())
    assert 100 * 50 <= count_heap_operations(tree, 100, monkeypatch) <= 100 * 50 + stale


def test_hostile_reprioritisation_stays_a_tree() -> None:
    # Repeatedly hang the top of a long chain below its bottom and back.
    tree = PriorityTree()
    for stream_id in range(1, 1000, 2):
        tree.insert_stream(stream_id, depends_on=stream_id - 2 if stream_id > 1 else None)
    for top, bottom in itertools.islice(itertools.cycle([(1, 999), (999, 1)]), 50):
        tree.reprioritize(top, depends_on=bottom, exclusive=True)
    check_invariants(tree)
    assert next(tree) in tree._streams
