"""Benchmark workload registry.

Each module in this package defines ``WORKLOADS: dict[str, Workload]``.  The
names are global, by convention ``<package>.<what>`` (``hyperframe.parse``).
Workloads import the package under test lazily inside ``setup`` so the same
file runs against our code and against the incumbent release.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Workload:
    package: str  # the top-level package whose implementation is measured
    unit: str  # what run() counts: "frames", "headers", "selections", ...
    setup: Callable[[], Any]  # builds the inputs; not timed
    run: Callable[[Any], int]  # does the work once; returns units done


def all_workloads() -> dict[str, Workload]:
    found: dict[str, Workload] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.update(getattr(module, "WORKLOADS", {}))
    return found
