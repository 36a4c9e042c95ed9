"""PriorityTree: constructor, every exception path, and RFC 7540 §5.3 tree shapes."""

from __future__ import annotations

import pytest

import priority
import priority.priority
from priority import (
    BadWeightError,
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PriorityError,
    PriorityLoop,
    PriorityTree,
    PseudoStreamError,
    TooManyStreamsError,
)

from .helpers import check_invariants, parent_map

# RFC 7540 §5.3.3 figure letters mapped to stream ids.
A, B, C, D, E, F = 1, 3, 5, 7, 9, 11


def test_public_names_and_version() -> None:
    assert priority.__version__ == "3.0.0"
    for name in ("PriorityTree", "Stream", "PriorityError", "DeadlockError", "PriorityLoop",
                 "DuplicateStreamError", "MissingStreamError", "TooManyStreamsError",
                 "BadWeightError", "PseudoStreamError"):
        assert getattr(priority, name) is getattr(priority.priority, name)
        assert getattr(priority.priority, name).__module__ == "priority.priority"


def test_exception_hierarchy() -> None:
    for cls in (DeadlockError, PriorityLoop, DuplicateStreamError, MissingStreamError,
                TooManyStreamsError, BadWeightError, PseudoStreamError):
        assert issubclass(cls, PriorityError)
    assert issubclass(MissingStreamError, KeyError)
    assert MissingStreamError.__mro__[1:3] == (KeyError, LookupError)


def test_constructor_limits() -> None:
    with pytest.raises(TypeError) as type_info:
        PriorityTree(maximum_streams=1.5)  # type: ignore[arg-type]
    assert str(type_info.value) == "maximum_streams must be an int."
    for bad in (0, -3):
        with pytest.raises(ValueError) as value_info:
            PriorityTree(maximum_streams=bad)
        assert str(value_info.value) == "maximum_streams must be a positive integer."


def test_root_is_in_streams_and_inactive() -> None:
    tree = PriorityTree()
    root = tree._streams[0]
    assert root.weight == 1 and not root.active and root.parent is None


def test_empty_tree_deadlocks() -> None:
    with pytest.raises(DeadlockError) as info:
        next(PriorityTree())
    assert str(info.value) == "No unblocked streams to schedule."


def test_iter_returns_tree_and_next_alias() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    assert iter(tree) is tree
    assert tree.next() == 1
    assert next(tree) == 1


# -- insert_stream -----------------------------------------------------------


def test_insert_duplicate_and_root() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    with pytest.raises(DuplicateStreamError):
        tree.insert_stream(1)
    with pytest.raises(DuplicateStreamError):
        tree.insert_stream(0)


def test_maximum_streams_counts_the_root() -> None:
    tree = PriorityTree(maximum_streams=3)
    tree.insert_stream(1)
    tree.insert_stream(3)
    with pytest.raises(TooManyStreamsError):
        tree.insert_stream(5)
    tree.remove_stream(1)
    tree.insert_stream(5)
    assert sorted(tree._streams) == [0, 3, 5]


def test_insert_bad_weight_changes_nothing() -> None:
    tree = PriorityTree()
    with pytest.raises(BadWeightError):
        tree.insert_stream(1, depends_on=3, weight=0)
    assert list(tree._streams) == [0]


def test_insert_self_dependency() -> None:
    tree = PriorityTree()
    with pytest.raises(PriorityLoop):
        tree.insert_stream(1, depends_on=1)
    assert list(tree._streams) == [0]


@pytest.mark.parametrize("root", [None, 0])
def test_falsy_depends_on_means_root(root: int | None) -> None:
    tree = PriorityTree()
    tree.insert_stream(1, depends_on=root)
    assert parent_map(tree) == {1: 0}


def test_missing_parent_is_inserted_blocked() -> None:
    # RFC 7540 §5.3.1: a dependency on an absent stream gets it default priority.
    tree = PriorityTree()
    tree.insert_stream(1, depends_on=3, weight=200)
    assert parent_map(tree) == {3: 0, 1: 3}
    placeholder = tree._streams[3]
    assert not placeholder.active and placeholder.weight == 16
    assert [next(tree) for _ in range(3)] == [1, 1, 1]
    tree.block(1)
    with pytest.raises(DeadlockError):
        next(tree)
    check_invariants(tree)


def test_missing_parent_needs_a_slot_too() -> None:
    # Upstream inserted the placeholder and then the stream, one past the cap.
    tree = PriorityTree(maximum_streams=2)
    with pytest.raises(TooManyStreamsError):
        tree.insert_stream(1, depends_on=3)
    assert list(tree._streams) == [0]
    tree = PriorityTree(maximum_streams=3)
    tree.insert_stream(1, depends_on=3)
    assert len(tree._streams) == 3


def test_default_dependency_creation() -> None:
    # RFC 7540 §5.3.1 Figure 3: D joins B and C below A.
    tree = PriorityTree()
    tree.insert_stream(A)
    tree.insert_stream(B, depends_on=A)
    tree.insert_stream(C, depends_on=A)
    tree.insert_stream(D, depends_on=A)
    assert tree._streams[A].children == [tree._streams[B], tree._streams[C], tree._streams[D]]


def test_exclusive_dependency_creation() -> None:
    # RFC 7540 §5.3.1 Figure 4: exclusive D becomes A's sole child, adopting B and C.
    tree = PriorityTree()
    tree.insert_stream(A)
    tree.insert_stream(B, depends_on=A)
    tree.insert_stream(C, depends_on=A)
    tree.insert_stream(D, depends_on=A, exclusive=True)
    assert parent_map(tree) == {A: 0, D: A, B: D, C: D}
    check_invariants(tree)


def test_exclusive_on_root() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3)
    tree.insert_stream(5, exclusive=True)
    assert parent_map(tree) == {5: 0, 1: 5, 3: 5}
    assert [next(tree) for _ in range(2)] == [5, 5]
    tree.block(5)
    assert [next(tree) for _ in range(4)] == [1, 3, 1, 3]


# -- reprioritize ------------------------------------------------------------


def rfc7540_figure5_tree() -> PriorityTree:
    """The starting tree of RFC 7540 §5.3.3 Figure 5."""
    tree = PriorityTree()
    tree.insert_stream(A)
    tree.insert_stream(B, depends_on=A)
    tree.insert_stream(C, depends_on=A)
    tree.insert_stream(D, depends_on=C)
    tree.insert_stream(E, depends_on=C)
    tree.insert_stream(F, depends_on=D)
    return tree


def test_reprioritize_below_own_descendant_non_exclusive() -> None:
    # RFC 7540 §5.3.3 Figure 5: D moves to A's former parent (keeping F), then A goes below D.
    tree = rfc7540_figure5_tree()
    tree.reprioritize(A, depends_on=D)
    assert parent_map(tree) == {D: 0, F: D, A: D, B: A, C: A, E: C}
    check_invariants(tree)


def test_reprioritize_below_own_descendant_exclusive() -> None:
    # RFC 7540 §5.3.3 Figure 5 (exclusive): A becomes D's only child and adopts F.
    tree = rfc7540_figure5_tree()
    tree.reprioritize(A, depends_on=D, exclusive=True)
    assert parent_map(tree) == {D: 0, A: D, B: A, C: A, F: A, E: C}
    assert tree._streams[F].children == []
    check_invariants(tree)


def test_moved_descendant_keeps_its_weight() -> None:
    # RFC 7540 §5.3.3: "The moved dependency retains its weight."
    tree = rfc7540_figure5_tree()
    tree.reprioritize(D, depends_on=C, weight=99)
    tree.reprioritize(A, depends_on=D, weight=40)
    assert tree._streams[D].weight == 99
    assert tree._streams[A].weight == 40


def test_reprioritize_resets_omitted_weight() -> None:
    tree = PriorityTree()
    tree.insert_stream(1, weight=200)
    tree.reprioritize(1)
    assert tree._streams[1].weight == 16


def test_reprioritize_moves_subtree() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.insert_stream(3, depends_on=1)
    tree.insert_stream(5)
    tree.reprioritize(1, depends_on=5, weight=32)
    assert parent_map(tree) == {5: 0, 1: 5, 3: 1}
    tree.reprioritize(1, depends_on=None)
    assert parent_map(tree) == {5: 0, 1: 0, 3: 1}
    check_invariants(tree)


def test_reprioritize_exclusive_under_current_parent() -> None:
    tree = PriorityTree()
    for stream_id in (1, 3, 5):
        tree.insert_stream(stream_id)
    tree.reprioritize(3, exclusive=True)
    assert parent_map(tree) == {3: 0, 1: 3, 5: 3}
    check_invariants(tree)


def test_reprioritize_to_missing_parent() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.reprioritize(1, depends_on=9)
    assert parent_map(tree) == {9: 0, 1: 9}
    assert not tree._streams[9].active


def test_reprioritize_to_missing_parent_when_full() -> None:
    tree = PriorityTree(maximum_streams=2)
    tree.insert_stream(1)
    with pytest.raises(TooManyStreamsError):
        tree.reprioritize(1, depends_on=9)
    assert parent_map(tree) == {1: 0}


def test_reprioritize_errors() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    with pytest.raises(PseudoStreamError):
        tree.reprioritize(0)
    with pytest.raises(MissingStreamError) as info:
        tree.reprioritize(3)
    assert isinstance(info.value, KeyError)
    with pytest.raises(PriorityLoop):
        tree.reprioritize(1, depends_on=1)


@pytest.mark.parametrize("weight", [0, 257, 2.5])
def test_reprioritize_bad_weight_changes_nothing(weight: int) -> None:
    # Upstream inserted the missing parent before noticing the bad weight.
    tree = PriorityTree()
    tree.insert_stream(1, weight=50)
    with pytest.raises(BadWeightError):
        tree.reprioritize(1, depends_on=3, weight=weight)
    assert parent_map(tree) == {1: 0}
    assert tree._streams[1].weight == 50


def test_deep_chain_reprioritisation_has_no_depth_limit() -> None:
    # Upstream raised PriorityLoop past 100 parent links; the RFC sets no limit.
    tree = PriorityTree()
    tree.insert_stream(1)
    for stream_id in range(3, 403, 2):
        tree.insert_stream(stream_id, depends_on=stream_id - 2)
    tree.reprioritize(1, depends_on=401)
    assert parent_map(tree)[401] == 0
    assert parent_map(tree)[1] == 401
    check_invariants(tree)


# -- remove_stream -----------------------------------------------------------


def test_remove_errors_and_not_idempotent() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    with pytest.raises(PseudoStreamError):
        tree.remove_stream(0)
    tree.remove_stream(1)
    with pytest.raises(MissingStreamError):
        tree.remove_stream(1)


def test_remove_moves_children_to_parent_with_shared_weight() -> None:
    # RFC 7540 §5.3.4: the removed stream's weight is shared in proportion.
    tree = PriorityTree()
    tree.insert_stream(1, weight=16)
    tree.insert_stream(3, depends_on=1, weight=30)
    tree.insert_stream(5, depends_on=1, weight=10)
    tree.remove_stream(1)
    assert parent_map(tree) == {3: 0, 5: 0}
    assert tree._streams[3].weight == 12
    assert tree._streams[5].weight == 4
    check_invariants(tree)


@pytest.mark.parametrize(
    ("removed", "children", "expected"),
    [
        (16, [16], [16]),
        (16, [16, 16], [8, 8]),
        (1, [16, 16], [1, 1]),  # never below 1
        (256, [256], [256]),  # never above 256
        (256, [1, 255], [1, 255]),
        (10, [1, 1, 1], [3, 3, 3]),  # 3.33 rounds down
        (5, [1, 1], [3, 3]),  # 2.5 rounds half up
    ],
)
def test_redistribution_rounding(removed: int, children: list[int], expected: list[int]) -> None:
    tree = PriorityTree()
    tree.insert_stream(1, weight=removed)
    kid_ids = [3 + 2 * n for n in range(len(children))]
    for kid_id, weight in zip(kid_ids, children, strict=True):
        tree.insert_stream(kid_id, depends_on=1, weight=weight)
    tree.remove_stream(1)
    assert [tree._streams[kid_id].weight for kid_id in kid_ids] == expected


# -- block / unblock ---------------------------------------------------------


@pytest.mark.parametrize("method", ["block", "unblock"])
def test_block_unblock_errors(method: str) -> None:
    tree = PriorityTree()
    with pytest.raises(PseudoStreamError):
        getattr(tree, method)(0)
    with pytest.raises(MissingStreamError):
        getattr(tree, method)(1)


def test_block_and_unblock_are_idempotent() -> None:
    tree = PriorityTree()
    tree.insert_stream(1)
    tree.block(1)
    tree.block(1)
    with pytest.raises(DeadlockError):
        next(tree)
    tree.unblock(1)
    tree.unblock(1)
    assert next(tree) == 1
    check_invariants(tree)
