"""priority workloads: next-stream selection and tree churn (public API shared with 2.0.0)."""

from __future__ import annotations

import contextlib
import random
from typing import Any

from workloads import Workload

TREE_STREAMS = 1000
SELECTIONS = 10_000
CHURN_OPS = 2_000
CHURN_BASE = 500


def build_tree(streams: int, seed: int = 7540, blocked_share: float = 0.3) -> Any:
    """A tree of ``streams`` streams with random parents/weights; some blocked.

    Stream ids are odd client ids 1, 3, 5, ...; each depends on the root or
    on a random earlier stream.  ``blocked_share`` of them are blocked,
    blocked parents first (their share passes to their dependants) and
    blocked leaves (nothing below them can be served).
    """
    import priority

    rng = random.Random(seed)
    tree = priority.PriorityTree(maximum_streams=2 * streams + 1)
    ids: list[int] = []
    for n in range(streams):
        stream_id = 2 * n + 1
        depends_on = rng.choice(ids) if ids and rng.random() < 0.8 else None
        tree.insert_stream(stream_id, depends_on=depends_on, weight=rng.randint(1, 256))
        ids.append(stream_id)
    for stream_id in rng.sample(ids, int(streams * blocked_share)):
        tree.block(stream_id)
    return tree


def _select_setup() -> Any:
    return build_tree(TREE_STREAMS)


def _select_run(tree: Any) -> int:
    for _ in range(SELECTIONS):
        next(tree)
    return SELECTIONS


def _churn_setup() -> Any:
    """A seeded script of reprioritise/block/unblock/remove/insert/next operations."""
    rng = random.Random(9113)
    weights = [rng.randint(1, 256) for _ in range(CHURN_BASE)]
    live = list(range(1, 2 * CHURN_BASE, 2))
    ops: list[tuple[Any, ...]] = []
    next_id = 2 * CHURN_BASE + 1
    for _ in range(CHURN_OPS):
        roll = rng.random()
        if roll < 0.3:
            # Reprioritise below a random other stream (sometimes a descendant).
            stream_id, depends_on = rng.sample(live, 2)
            ops.append(("re", stream_id, depends_on, rng.randint(1, 256), rng.random() < 0.2))
        elif roll < 0.6:
            ops.append(("block", rng.choice(live)))
            ops.append(("unblock", rng.choice(live)))
        else:
            # A stream finishes; a new one opens below a random parent.
            ops.append(("remove", live.pop(rng.randrange(len(live)))))
            ops.append(("insert", next_id, rng.choice(live), rng.randint(1, 256), False))
            live.append(next_id)
            next_id += 2
        ops.append(("next",))
    return weights, ops


def _churn_run(state: Any) -> int:
    """Build the base tree afresh and replay the script, so every run does the same work."""
    import priority

    weights, ops = state
    tree = priority.PriorityTree(maximum_streams=2000)
    for n, weight in enumerate(weights):
        tree.insert_stream(2 * n + 1, weight=weight)
    for op in ops:
        kind = op[0]
        if kind == "next":
            with contextlib.suppress(priority.DeadlockError):
                next(tree)
        elif kind == "re":
            tree.reprioritize(op[1], depends_on=op[2], weight=op[3], exclusive=op[4])
        elif kind == "block":
            tree.block(op[1])
        elif kind == "unblock":
            tree.unblock(op[1])
        elif kind == "remove":
            tree.remove_stream(op[1])
        else:
            tree.insert_stream(op[1], depends_on=op[2], weight=op[3], exclusive=op[4])
    return len(weights) + len(ops)


WORKLOADS = {
    "priority.select": Workload("priority", "selections", _select_setup, _select_run),
    "priority.churn": Workload("priority", "operations", _churn_setup, _churn_run),
}
