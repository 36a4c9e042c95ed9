"""Frame flags: :class:`Flag` describes one flag, :class:`Flags` is a mutable set of names.

``Flags`` keeps the set as a bit mask over the positions of the defined flag
names, so creating one, testing membership and turning it into the wire flag
byte cost a handful of integer operations.  Semantically it is a
``collections.abc.MutableSet`` of ``str`` (API contract §2.2).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSet
from typing import Any, NamedTuple

__all__ = ["Flag", "Flags"]


class Flag(NamedTuple):
    """One flag a frame type defines: its name and its bit in the flags byte."""

    name: str
    bit: int


def flag_positions(defined_flags: Iterable[Flag]) -> dict[str, int]:
    """Map each distinct defined flag name to its own mask bit (1, 2, 4, ...)."""
    positions: dict[str, int] = {}
    for name, _bit in defined_flags:
        if name not in positions:
            positions[name] = 1 << len(positions)
    return positions


class Flags(MutableSet[str]):
    """The set of flag names set on a frame; only defined names may be added."""

    __slots__ = ("_mask", "_positions")

    _positions: dict[str, int]
    _mask: int

    def __init__(self, defined_flags: Iterable[Flag]) -> None:
        self._positions = flag_positions(defined_flags)
        self._mask = 0

    @classmethod
    def _from_iterable(cls, iterable: Iterable[Any]) -> set[Any]:
        # Results of ``&``, ``|``, ``-``, ``^`` are plain sets of names: they
        # have no defined flags of their own.
        return set(iterable)

    def __contains__(self, name: object) -> bool:
        return bool(self._mask & self._positions.get(name, 0))  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[str]:
        mask = self._mask
        return iter([name for name, position in self._positions.items() if mask & position])

    def __len__(self) -> int:
        return self._mask.bit_count()

    def add(self, value: str) -> None:
        position = self._positions.get(value)
        if position is None:
            raise ValueError(
                f"Unexpected flag: {value!r}. Valid flags are: {sorted(self._positions)}"
            )
        self._mask |= position

    def discard(self, value: str) -> None:
        self._mask &= ~self._positions.get(value, 0)

    def __repr__(self) -> str:
        return repr(sorted(self))
