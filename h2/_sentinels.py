"""The "not yet set" marker for event fields that h2 fills in after creating the event.

Kept out of ``h2.events`` because every class defined there must be an event.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["LAZY_INIT"]


class _NotYetSet:
    """Type of :data:`LAZY_INIT`: falsy, with a readable repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not yet set>"

    def __bool__(self) -> bool:
        return False


#: Typed as ``Any`` so that it can be the default of event fields of any type.
LAZY_INIT: Final[Any] = _NotYetSet()
