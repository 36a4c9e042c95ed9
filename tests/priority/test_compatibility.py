"""Each deliberate difference from priority 2.0.0 (docs/compatibility/priority.md), pinned."""

from __future__ import annotations

import pytest

from priority import (
    BadWeightError,
    DeadlockError,
    MissingStreamError,
    PriorityLoop,
    PriorityTree,
    Stream,
    TooManyStreamsError,
)

from .helpers import check_invariants, parent_map


def test_1_moved_descendant_keeps_its_dependants() -> None:
    # RFC 7540 §5.3.3: upstream also left the moved stream's children in its child list.
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3, depends_on=1)
    tree.insert_stream(5, depends_on=3)
    tree.reprioritize(1, depends_on=3)
    assert parent_map(tree) == {3: 0, 5: 3, 1: 3}
    assert tree._streams[3].children == [tree._streams[5], tree._streams[1]]
    check_invariants(tree)


def test_2_no_depth_limit_on_reprioritisation() -> None:
    tree = PriorityTree()
    for stream_id in range(1, 301, 2):
        tree.insert_stream(stream_id, depends_on=stream_id - 2 if stream_id > 1 else None)
    tree.reprioritize(1, depends_on=299)
    assert parent_map(tree)[1] == 299
    with pytest.raises(PriorityLoop):
        tree.reprioritize(1, depends_on=1)


def test_3_bad_weight_is_rejected_before_any_change() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    with pytest.raises(BadWeightError):
        tree.reprioritize(1, depends_on=7, weight=300)
    assert 7 not in tree._streams


def test_4_removal_redistributes_weight() -> None:
    tree = PriorityTree()
    tree.insert_stream(1, weight=64)
    tree.insert_stream(3, depends_on=1, weight=16)
    tree.insert_stream(5, depends_on=1, weight=48)
    tree.remove_stream(1)
    assert (tree._streams[3].weight, tree._streams[5].weight) == (16, 48)
    tree.insert_stream(7, weight=8)
    tree.insert_stream(9, depends_on=7, weight=200)
    tree.remove_stream(7)
    assert tree._streams[9].weight == 8


def test_5_implicit_parent_never_exceeds_the_cap() -> None:
    tree = PriorityTree(maximum_streams=3)
    tree.insert_stream(1)
    with pytest.raises(TooManyStreamsError):
        tree.insert_stream(3, depends_on=5)
    assert sorted(tree._streams) == [0, 1]


def test_6_returning_stream_resumes_after_the_last_served() -> None:
    tree = PriorityTree()
    tree.insert_stream(1, weight=256)
    tree.insert_stream(3, weight=1)
    next(tree)
    tree.block(1)
    assert [next(tree) for _ in range(20)] == [3] * 20
    tree.unblock(1)
    window = [next(tree) for _ in range(257)]
    # Its weight share (256 of 257), not a long burst to make up for lost time.
    assert window.count(3) == 1


def test_6_returning_stream_already_ahead_keeps_its_level() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    assert next(tree) == 1  # 1 is now one turn ahead of 3
    tree.block(1)
    assert next(tree) == 3
    tree.unblock(1)
    assert [next(tree) for _ in range(4)] == [1, 3, 1, 3]


def test_7_deadlock_does_not_disturb_the_schedule() -> None:
    tree = PriorityTree()
    tree.insert_stream(1, weight=16)
    tree.insert_stream(3, weight=32)
    tree.block(1)
    tree.block(3)
    with pytest.raises(DeadlockError):
        next(tree)
    tree.unblock(1)
    tree.unblock(3)
    assert [next(tree) for _ in range(6)] == [1, 3, 3, 1, 3, 3]


def test_8_children_and_child_queue_are_read_only_views() -> None:
    parent, child = Stream(1), Stream(3)
    parent.add_child(child)
    parent.children.append(Stream(5))
    assert parent.children == [child]
    with pytest.raises(AttributeError):
        parent.children = []  # type: ignore[misc]
    child.active = False
    assert parent.child_queue == []


def test_9_streams_have_slots_and_hash_by_id() -> None:
    stream = Stream(1)
    with pytest.raises(AttributeError):
        stream.extra = 1  # type: ignore[attr-defined]
    assert {stream: "x"}[Stream(1)] == "x"
    assert stream != "1"


def test_10_remove_child_of_a_stranger_is_missing_stream() -> None:
    with pytest.raises(MissingStreamError):
        Stream(1).remove_child(Stream(3))


def test_11_stream_schedule_with_nothing_ready_is_deadlock() -> None:
    stream = Stream(1)
    stream.add_child(Stream(3, weight=2))
    stream.children[0].active = False
    with pytest.raises(DeadlockError):
        stream.schedule()


def test_12_removing_a_blocked_leaf() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    tree.block(3)
    tree.remove_stream(3)
    assert [next(tree) for _ in range(2)] == [1, 1]
    check_invariants(tree)
