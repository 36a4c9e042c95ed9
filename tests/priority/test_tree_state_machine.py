"""Hypothesis state machine: random tree edits against a model of RFC 7540 §5.3."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from priority import (
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PriorityLoop,
    PriorityTree,
    TooManyStreamsError,
)

from .helpers import check_invariants, parent_map

IDS = st.integers(min_value=1, max_value=41)
PARENTS = st.one_of(st.none(), st.integers(min_value=0, max_value=41))
WEIGHTS = st.integers(min_value=1, max_value=256)
MAXIMUM = 25


class TreeModel(RuleBasedStateMachine):
    """Keeps {stream: parent}, weights and blocked flags, edited per the RFC text."""

    def __init__(self) -> None:
        super().__init__()
        self.tree = PriorityTree(maximum_streams=MAXIMUM)
        self.parent: dict[int, int] = {}
        self.weight: dict[int, int] = {}
        self.blocked: set[int] = set()

    def children(self, stream_id: int) -> list[int]:
        return [s for s, p in self.parent.items() if p == stream_id]

    def is_below(self, candidate: int, ancestor: int) -> bool:
        node = self.parent.get(candidate)
        while node is not None:
            if node == ancestor:
                return True
            node = self.parent.get(node)
        return False

    def attach(self, stream_id: int, parent: int, exclusive: bool) -> None:
        if exclusive:
            for kid in self.children(parent):
                self.parent[kid] = stream_id
        self.parent[stream_id] = parent

    def add_placeholder(self, stream_id: int) -> None:
        self.parent[stream_id] = 0
        self.weight[stream_id] = 16
        self.blocked.add(stream_id)

    @rule(stream_id=IDS, depends_on=PARENTS, weight=WEIGHTS, exclusive=st.booleans())
    def insert(self, stream_id: int, depends_on: int | None, weight: int, exclusive: bool) -> None:
        needed = 1 + (1 if depends_on and depends_on not in self.parent else 0)
        if stream_id in self.parent:
            with pytest.raises(DuplicateStreamError):
                self.tree.insert_stream(stream_id, depends_on, weight, exclusive)
        elif len(self.parent) + 1 + 1 > MAXIMUM:
            with pytest.raises(TooManyStreamsError):
                self.tree.insert_stream(stream_id, depends_on, weight, exclusive)
        elif depends_on == stream_id:
            with pytest.raises(PriorityLoop):
                self.tree.insert_stream(stream_id, depends_on, weight, exclusive)
        elif len(self.parent) + 1 + needed > MAXIMUM:
            with pytest.raises(TooManyStreamsError):
                self.tree.insert_stream(stream_id, depends_on, weight, exclusive)
        else:
            self.tree.insert_stream(stream_id, depends_on, weight, exclusive)
            parent = depends_on or 0
            if parent and parent not in self.parent:
                self.add_placeholder(parent)
            self.weight[stream_id] = weight
            self.attach(stream_id, parent, exclusive)

    @rule(stream_id=IDS, depends_on=PARENTS, weight=WEIGHTS, exclusive=st.booleans())
    def reprioritize(
        self, stream_id: int, depends_on: int | None, weight: int, exclusive: bool
    ) -> None:
        if stream_id not in self.parent:
            with pytest.raises(MissingStreamError):
                self.tree.reprioritize(stream_id, depends_on, weight, exclusive)
            return
        if depends_on == stream_id:
            with pytest.raises(PriorityLoop):
                self.tree.reprioritize(stream_id, depends_on, weight, exclusive)
            return
        parent = depends_on or 0
        if parent and parent not in self.parent and len(self.parent) + 2 > MAXIMUM:
            with pytest.raises(TooManyStreamsError):
                self.tree.reprioritize(stream_id, depends_on, weight, exclusive)
            return
        self.tree.reprioritize(stream_id, depends_on, weight, exclusive)
        if parent and parent not in self.parent:
            self.add_placeholder(parent)
        if parent and self.is_below(parent, stream_id):
            # RFC 7540 §5.3.3: the descendant first moves to the stream's former parent.
            self.parent[parent] = self.parent[stream_id]
        self.weight[stream_id] = weight
        del self.parent[stream_id]
        self.attach(stream_id, parent, exclusive)

    @rule(stream_id=IDS)
    def remove(self, stream_id: int) -> None:
        if stream_id not in self.parent:
            with pytest.raises(MissingStreamError):
                self.tree.remove_stream(stream_id)
            return
        self.tree.remove_stream(stream_id)
        # RFC 7540 §5.3.4: children move up and share the removed weight.
        kids = self.children(stream_id)
        total = sum(self.weight[kid] for kid in kids)
        for kid in kids:
            exact = self.weight[stream_id] * self.weight[kid] / total
            assert abs(self.tree._streams[kid].weight - max(1.0, exact)) <= 0.5
            self.weight[kid] = self.tree._streams[kid].weight
            self.parent[kid] = self.parent[stream_id]
        del self.parent[stream_id], self.weight[stream_id]
        self.blocked.discard(stream_id)

    @rule(stream_id=IDS)
    def block(self, stream_id: int) -> None:
        if stream_id not in self.parent:
            with pytest.raises(MissingStreamError):
                self.tree.block(stream_id)
            return
        self.tree.block(stream_id)
        self.blocked.add(stream_id)

    @rule(stream_id=IDS)
    def unblock(self, stream_id: int) -> None:
        if stream_id not in self.parent:
            with pytest.raises(MissingStreamError):
                self.tree.unblock(stream_id)
            return
        self.tree.unblock(stream_id)
        self.blocked.discard(stream_id)

    @precondition(lambda self: len(self.parent) > 0)
    @rule(count=st.integers(min_value=1, max_value=20))
    def select(self, count: int) -> None:
        ready = set(self.parent) - self.blocked
        if not ready:
            with pytest.raises(DeadlockError):
                next(self.tree)
            return
        for _ in range(count):
            stream_id = next(self.tree)
            # Never a blocked or removed stream, and only one whose ancestors are all blocked.
            assert stream_id in ready
            node = self.parent[stream_id]
            while node:
                assert node in self.blocked
                node = self.parent[node]

    @invariant()
    def matches_model(self) -> None:
        assert parent_map(self.tree) == self.parent
        for stream_id, weight in self.weight.items():
            assert self.tree._streams[stream_id].weight == weight
            assert self.tree._streams[stream_id].active == (stream_id not in self.blocked)

    @invariant()
    def is_a_consistent_tree(self) -> None:
        check_invariants(self.tree)


TreeModel.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestTreeModel = TreeModel.TestCase
