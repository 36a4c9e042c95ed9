"""The Stream node: attributes, weight validation, ordering, direct tree edits."""

from __future__ import annotations

import pytest

from priority import (
    BadWeightError,
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PriorityError,
    PriorityLoop,
    Stream,
)


def test_defaults() -> None:
    stream = Stream(1)
    assert stream.stream_id == 1
    assert stream.weight == 16
    assert stream.children == []
    assert stream.parent is None
    assert stream.child_queue == []
    assert stream.active is True
    assert stream.last_weight == 0
    assert stream._deficit == 0


def test_repr() -> None:
    assert repr(Stream(80)) == "Stream<id=80, weight=16>"
    assert repr(Stream(3, weight=256)) == "Stream<id=3, weight=256>"


@pytest.mark.parametrize("weight", [1, 16, 256, True])
def test_valid_weights(weight: int) -> None:
    # RFC 7540 §5.3.2: weights are 1..256; a bool passes as an int like upstream.
    stream = Stream(1, weight=weight)
    assert stream.weight == weight
    stream.weight = 200
    assert stream.weight == 200


@pytest.mark.parametrize("weight", [1.0, "16", None])
def test_non_integer_weight(weight: object) -> None:
    with pytest.raises(BadWeightError) as info:
        Stream(1, weight=weight)  # type: ignore[arg-type]
    assert info.value.args[0] == "Stream weight should be an integer"
    stream = Stream(1)
    with pytest.raises(BadWeightError):
        stream.weight = weight  # type: ignore[assignment]
    assert stream.weight == 16


@pytest.mark.parametrize("weight", [0, -1, 257, False])
def test_out_of_range_weight(weight: int) -> None:
    with pytest.raises(BadWeightError) as info:
        Stream(1, weight=weight)
    assert str(info.value) == "Stream weight must be between 1 and 256 (inclusive)"
    assert isinstance(info.value, PriorityError)


def test_ordering_and_equality_by_id_only() -> None:
    a, b, a_again = Stream(1, weight=3), Stream(3, weight=200), Stream(1, weight=99)
    assert a == a_again and a.__ne__(a_again) is False
    assert a != b and a.__eq__(b) is False
    assert a < b and a <= b and a <= a_again
    assert b > a and b >= a and a >= a_again
    assert not (a < a_again) and not (a > a_again)
    assert sorted([b, a]) == [a, b]
    assert hash(a) == hash(a_again)
    assert len({a, a_again, b}) == 2


def test_comparison_with_other_types() -> None:
    stream = Stream(1)
    assert stream != 1
    for name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(stream, name)(1) is NotImplemented
    with pytest.raises(TypeError):
        sorted([stream, 1])  # type: ignore[type-var]


def test_add_child_links_both_ways() -> None:
    parent, child = Stream(1), Stream(3)
    parent.add_child(child)
    assert parent.children == [child]
    assert child.parent is parent
    assert parent.child_queue == [(0, child)]


def test_children_and_child_queue_are_copies() -> None:
    parent, child = Stream(1), Stream(3)
    parent.add_child(child)
    parent.children.clear()
    parent.child_queue.clear()
    assert parent.children == [child]
    assert parent.child_queue == [(0, child)]


def test_add_child_exclusive_adopts_former_children() -> None:
    # RFC 7540 §5.3.3 (Figure 4): the new stream becomes the sole dependant.
    parent, b, c, d = Stream(1), Stream(3), Stream(5), Stream(7)
    parent.add_child(b)
    parent.add_child(c)
    parent.add_child_exclusive(d)
    assert parent.children == [d]
    assert d.children == [b, c]
    assert b.parent is d and c.parent is d
    assert parent.last_weight == 0
    assert parent.child_queue == [(0, d)]


def test_add_child_exclusive_of_an_existing_child() -> None:
    parent, b, c = Stream(1), Stream(3), Stream(5)
    parent.add_child(b)
    parent.add_child(c)
    parent.add_child_exclusive(b)
    assert parent.children == [b]
    assert b.children == [c]


def test_remove_child_strips_children_by_default() -> None:
    parent, child, grandchild = Stream(1), Stream(3), Stream(5)
    parent.add_child(child)
    child.add_child(grandchild)
    parent.remove_child(child)
    assert parent.children == [grandchild]
    assert grandchild.parent is parent
    assert child.parent is None
    assert child.children == []


def test_remove_child_keeping_its_subtree() -> None:
    parent, child, grandchild = Stream(1), Stream(3), Stream(5)
    parent.add_child(child)
    child.add_child(grandchild)
    parent.remove_child(child, strip_children=False)
    assert parent.children == []
    assert child.children == [grandchild]
    assert parent.child_queue == []


def test_remove_child_that_is_not_a_child() -> None:
    parent = Stream(1)
    with pytest.raises(MissingStreamError):
        parent.remove_child(Stream(3))
    # Same id, different object: still not our child.
    parent.add_child(Stream(3))
    with pytest.raises(MissingStreamError):
        parent.remove_child(Stream(3))


def test_schedule_directly() -> None:
    parent = Stream(1)
    with pytest.raises(DeadlockError, match=r"^No unblocked streams to schedule\.$"):
        parent.schedule()
    parent.add_child(Stream(3))
    parent.add_child(Stream(5))
    assert [parent.schedule() for _ in range(4)] == [3, 5, 3, 5]


def test_active_flag_propagates_liveness() -> None:
    root, mid, leaf = Stream(0), Stream(1), Stream(3)
    root.active = False
    root.add_child(mid)
    mid.add_child(leaf)
    mid.active = False
    assert root.schedule() == 3
    leaf.active = False
    assert root.child_queue == []
    with pytest.raises(DeadlockError):
        root.schedule()
    leaf.active = True
    leaf.active = True  # idempotent
    assert root.schedule() == 3


def test_add_child_moves_a_child_from_its_former_parent() -> None:
    first, second, child, grandchild = Stream(1), Stream(3), Stream(5), Stream(7)
    first.add_child(child)
    child.add_child(grandchild)
    second.add_child(child)
    assert first.children == [] and first.child_queue == []
    assert second.children == [child] and child.children == [grandchild]
    second.add_child(child)  # re-adding an existing child keeps a single link
    assert second.children == [child]


def test_add_child_exclusive_moves_a_child_from_its_former_parent() -> None:
    first, second, child, other = Stream(1), Stream(3), Stream(5), Stream(7)
    first.add_child(child)
    second.add_child(other)
    second.add_child_exclusive(child)
    assert first.children == []
    assert second.children == [child] and child.children == [other]


def test_adding_an_ancestor_or_itself_is_a_loop() -> None:
    top, middle, bottom = Stream(1), Stream(3), Stream(5)
    top.add_child(middle)
    middle.add_child(bottom)
    for parent, child in ((bottom, top), (bottom, middle), (middle, middle)):
        with pytest.raises(PriorityLoop):
            parent.add_child(child)
        with pytest.raises(PriorityLoop):
            parent.add_child_exclusive(child)
    assert top.children == [middle] and middle.children == [bottom]


def test_two_children_with_one_id_are_refused() -> None:
    parent = Stream(1)
    parent.add_child(Stream(3))
    with pytest.raises(DuplicateStreamError):
        parent.add_child(Stream(3))
    with pytest.raises(DuplicateStreamError):
        parent.add_child_exclusive(Stream(3))
    assert len(parent.children) == 1
