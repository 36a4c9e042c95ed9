"""Run one benchmark workload in this process and print its throughput as JSON.

Invoked by ``bench/run.py`` twice per round: once with our packages importable
(PYTHONPATH = repo root) and once inside the incumbent virtualenv.  Every
workload lives in ``bench/workloads/<module>.py`` and is registered in that
module's ``WORKLOADS`` dict as ``name -> Workload``.  A workload only uses the
public API shared by both implementations, so the same code measures both.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import Workload, all_workloads


def measure(workload: Workload, min_seconds: float) -> dict[str, object]:
    state = workload.setup()
    workload.run(state)  # warm-up: caches, first-call costs
    units = 0
    calls = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < min_seconds:
        units += workload.run(state)
        calls += 1
        elapsed = time.perf_counter() - start
    package = importlib.import_module(workload.package)
    return {
        "units_per_second": units / elapsed,
        "unit": workload.unit,
        "calls": calls,
        "seconds": elapsed,
        "package_file": getattr(package, "__file__", None),
        "package_version": getattr(package, "__version__", None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workload")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    workload = all_workloads()[args.workload]
    print(json.dumps(measure(workload, args.seconds)))


if __name__ == "__main__":
    main()
