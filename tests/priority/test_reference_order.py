"""Differential test: our selection order equals a naive model of contract §4.4.

The model below is written from the contract's description of the
algorithm (every child in the heap, blocked subtrees popped, searched and
pushed back on every pass): O(n) per selection, but simple.  For trees built
by inserts and reprioritisations, with a fixed set of blocked streams, both
must produce the same sequence.
"""

from __future__ import annotations

import random
from heapq import heapify, heappop, heappush

from hypothesis import given, settings
from hypothesis import strategies as st

from priority import PriorityTree


class ModelStream:
    def __init__(self, stream_id: int, weight: int) -> None:
        self.stream_id = stream_id
        self.weight = weight
        self.active = True
        self.parent: ModelStream | None = None
        self.children: list[ModelStream] = []
        self.queue: list[tuple[int, int, ModelStream]] = []
        self.last_weight = 0
        self.deficit = 0

    def add_child(self, child: ModelStream) -> None:
        child.parent = self
        self.children.append(child)
        heappush(self.queue, (self.last_weight, child.stream_id, child))

    def add_child_exclusive(self, child: ModelStream) -> None:
        former = self.children
        self.children = []
        self.queue = []
        self.last_weight = 0
        self.add_child(child)
        for kid in former:
            child.add_child(kid)

    def remove_child(self, child: ModelStream) -> None:
        self.children.remove(child)
        self.queue = [entry for entry in self.queue if entry[2] is not child]
        heapify(self.queue)
        child.parent = None

    def schedule(self) -> int | None:
        popped = []
        result = None
        while self.queue:
            level, _, child = heappop(self.queue)
            popped.append((level, child))
            if child.active:
                result = child.stream_id
                break
            below = child.schedule()
            if below is not None:
                result = below
                break
        for level, child in popped:
            self.last_weight = level
            budget = 256 + child.deficit
            child.deficit = budget % child.weight
            heappush(self.queue, (level + budget // child.weight, child.stream_id, child))
        return result


def is_below(node: ModelStream, ancestor: ModelStream) -> bool:
    walk = node.parent
    while walk is not None:
        if walk is ancestor:
            return True
        walk = walk.parent
    return False


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=2, max_value=40))
def test_same_order_as_the_contract_algorithm(seed: int, size: int) -> None:
    rng = random.Random(seed)
    tree = PriorityTree()
    model = {0: ModelStream(0, 1)}
    model[0].active = False
    ids: list[int] = []
    for n in range(size):
        stream_id = 2 * n + 1
        depends_on = rng.choice(ids) if ids and rng.random() < 0.6 else 0
        weight = rng.choice([1, 2, 7, 16, 16, 32, 100, 256])
        exclusive = rng.random() < 0.2
        tree.insert_stream(stream_id, depends_on=depends_on, weight=weight, exclusive=exclusive)
        node = ModelStream(stream_id, weight)
        if exclusive:
            model[depends_on].add_child_exclusive(node)
        else:
            model[depends_on].add_child(node)
        model[stream_id] = node
        ids.append(stream_id)
        if rng.random() < 0.3:
            # Reprioritise somewhere that is not a descendant (Appendix B item 10 aside).
            mover = model[rng.choice(ids)]
            target = model[rng.choice([0, *ids])]
            if target is not mover and not is_below(target, mover):
                weight = rng.choice([1, 16, 64, 256])
                exclusive = rng.random() < 0.3
                tree.reprioritize(mover.stream_id, target.stream_id, weight, exclusive)
                assert mover.parent is not None
                mover.parent.remove_child(mover)
                mover.weight = weight
                if exclusive:
                    target.add_child_exclusive(mover)
                else:
                    target.add_child(mover)
        if rng.random() < 0.3:
            # Selections interleaved with building, before anything is blocked.
            for _ in range(rng.randint(1, 5)):
                assert next(tree) == model[0].schedule()
    blocked = rng.sample(ids, rng.randint(0, len(ids) - 1))
    for stream_id in blocked:
        tree.block(stream_id)
        model[stream_id].active = False
    ours = [next(tree) for _ in range(300)]
    expected = [model[0].schedule() for _ in range(300)]
    assert ours == expected
