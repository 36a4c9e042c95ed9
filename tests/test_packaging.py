"""Packaging facts every package must keep: versions, py.typed, sans-I/O imports."""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import REPO_ROOT

VERSIONS = {"hyperframe": "7.0.0", "hpack": "5.0.0", "priority": "3.0.0", "h2": "5.0.0"}
CORE = ("h2", "hpack", "hyperframe", "priority")
FORBIDDEN_IN_CORE = {"asyncio", "socket", "ssl", "threading", "selectors", "h2tools"}
SIBLINGS_ALLOWED = {"hyperframe": set(), "hpack": set(), "priority": set(),
                    "h2": {"hpack", "hyperframe", "priority"}}


@pytest.mark.parametrize(("package", "version"), sorted(VERSIONS.items()))
def test_each_package_has_its_own_version(package: str, version: str) -> None:
    assert importlib.import_module(package).__version__ == version


@pytest.mark.parametrize("package", [*CORE, "h2tools"])
def test_each_package_ships_py_typed(package: str) -> None:
    assert (REPO_ROOT / package / "py.typed").is_file()


def _imported_top_levels(package: str) -> set[str]:
    found: set[str] = set()
    for path in (REPO_ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", CORE)
def test_core_packages_stay_sans_io(package: str) -> None:
    assert not (_imported_top_levels(package) & FORBIDDEN_IN_CORE)


@pytest.mark.parametrize("package", CORE)
def test_core_packages_import_only_allowed_siblings(package: str) -> None:
    ours = set(CORE) - {package}
    assert _imported_top_levels(package) & ours <= SIBLINGS_ALLOWED[package]
