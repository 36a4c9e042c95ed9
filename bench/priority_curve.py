"""Per-selection cost of PriorityTree as the tree grows (100 -> 10,000 streams).

Usage (from the repo root)::

    .venv/bin/python bench/priority_curve.py            # ours, then the incumbent
    .venv/bin/python bench/priority_curve.py --side ours

Without ``--side`` the script re-runs itself twice, once with the repo on
PYTHONPATH and once with ``bench/.venv-incumbent`` (priority 2.0.0), and
prints both curves side by side.  Two shapes are measured:

* ``random``: random parents and weights, 30% of streams blocked (the
  ``priority.select`` workload shape);
* ``blocked``: every stream blocked except one, all siblings under the root,
  the worst case for a scheduler that walks blocked subtrees.

Timing is informational; nothing fails on a slow result.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
INCUMBENT_PYTHON = BENCH / ".venv-incumbent" / "bin" / "python"
SIZES = (100, 300, 1000, 3000, 10_000)
SHAPES = ("random", "blocked")


def _blocked_tree(streams: int) -> Any:
    import priority

    tree = priority.PriorityTree(maximum_streams=streams + 1)
    for n in range(streams):
        tree.insert_stream(2 * n + 1)
    for n in range(streams - 1):
        tree.block(2 * n + 1)
    return tree


def _microseconds_per_selection(tree: Any, budget: float) -> float:
    count = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < budget:
        for _ in range(100):
            next(tree)
        count += 100
        elapsed = time.perf_counter() - start
    return elapsed / count * 1e6


def measure_here(budget: float) -> dict[str, dict[int, float]]:
    sys.path.insert(0, str(BENCH))
    from workloads.priority import build_tree

    curves: dict[str, dict[int, float]] = {}
    for shape in SHAPES:
        curves[shape] = {}
        for size in SIZES:
            tree = build_tree(size) if shape == "random" else _blocked_tree(size)
            curves[shape][size] = _microseconds_per_selection(tree, budget)
    return curves


def _run_side(python: Path, ours: bool, budget: float) -> dict[str, dict[int, float]]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if ours:
        env["PYTHONPATH"] = str(REPO)
    out = subprocess.run(
        [str(python), str(Path(__file__).resolve()), "--side", "json", "--budget", str(budget)],
        check=True, capture_output=True, text=True, env=env, cwd=str(BENCH),
    )
    raw: dict[str, dict[str, float]] = json.loads(out.stdout)
    return {
        shape: {int(size): cost for size, cost in curve.items()} for shape, curve in raw.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--side", choices=("both", "ours", "json"), default="both")
    parser.add_argument("--budget", type=float, default=0.3, help="seconds per measurement")
    args = parser.parse_args()
    if args.side == "json":
        print(json.dumps(measure_here(args.budget)))
        return
    sides = {"ours": _run_side(Path(sys.executable), True, args.budget)}
    if args.side == "both" and INCUMBENT_PYTHON.exists():
        sides["priority 2.0.0"] = _run_side(INCUMBENT_PYTHON, False, args.budget)
    for shape in SHAPES:
        print(f"\nshape={shape}: microseconds per next(tree)")
        print(f"{'streams':>8}" + "".join(f"{name:>16}" for name in sides))
        for size in SIZES:
            costs = "".join(f"{curves[shape][size]:>16.2f}" for curves in sides.values())
            print(f"{size:>8}{costs}")


if __name__ == "__main__":
    main()
