"""The RFC 9218 §4 Priority field value (also the PRIORITY_UPDATE payload, §7).

Parsing never raises: the value comes from a peer, and RFC 9218 §4 says
unknown parameters, out-of-range values and values of unexpected types are
ignored, which leaves the default.  A value that is not a Structured Fields
Dictionary at all yields the defaults too (§7 lets a receiver treat a bad
PRIORITY_UPDATE as a connection error; that choice belongs to the caller,
which can compare against :func:`is_valid_priority_field`).
"""

from __future__ import annotations

from dataclasses import dataclass

from priority._sfv import StructuredFieldError, parse_dictionary
from priority.priority import BadPriorityParameterError

__all__ = [
    "DEFAULT_INCREMENTAL",
    "DEFAULT_URGENCY",
    "PriorityParams",
    "is_valid_priority_field",
    "parse_priority_field",
    "serialize_priority_field",
]

DEFAULT_URGENCY = 3  # RFC 9218 §4.1
DEFAULT_INCREMENTAL = False  # RFC 9218 §4.2
MIN_URGENCY = 0
MAX_URGENCY = 7


@dataclass(frozen=True, slots=True)
class PriorityParams:
    """The two RFC 9218 priority parameters: urgency 0 (first) .. 7, and incremental."""

    urgency: int = DEFAULT_URGENCY
    incremental: bool = DEFAULT_INCREMENTAL


def checked_urgency(urgency: object) -> int:
    """Validate a caller's urgency (not a peer's: those go through the parser)."""
    if type(urgency) is not int or not MIN_URGENCY <= urgency <= MAX_URGENCY:
        raise BadPriorityParameterError(f"urgency must be an integer 0..7, got {urgency!r}")
    return urgency


def checked_incremental(incremental: object) -> bool:
    """Validate a caller's incremental flag."""
    if not isinstance(incremental, bool):
        raise BadPriorityParameterError(f"incremental must be a bool, got {incremental!r}")
    return incremental


def parse_priority_field(value: bytes | str) -> PriorityParams:
    """Parse a Priority field value such as ``b"u=1, i"``; never raises."""
    try:
        members = parse_dictionary(value)
    except StructuredFieldError:
        return PriorityParams()
    urgency = members.get("u")
    incremental = members.get("i")
    # type() rather than isinstance(): a Boolean is not an Integer (bool subclasses int).
    if type(urgency) is not int or not MIN_URGENCY <= urgency <= MAX_URGENCY:
        urgency = DEFAULT_URGENCY
    if type(incremental) is not bool:
        incremental = DEFAULT_INCREMENTAL
    return PriorityParams(urgency, incremental)


def is_valid_priority_field(value: bytes | str) -> bool:
    """True if ``value`` parses as a Structured Fields Dictionary (RFC 9218 §7)."""
    try:
        parse_dictionary(value)
    except StructuredFieldError:
        return False
    return True


def serialize_priority_field(
    urgency: int = DEFAULT_URGENCY, incremental: bool = DEFAULT_INCREMENTAL
) -> bytes:
    """Serialize the parameters, leaving out defaults: ``(1, True)`` gives ``b"u=1, i"``.

    Both defaults give ``b""`` (RFC 9218 §4: absent parameters mean defaults).
    """
    members = []
    if checked_urgency(urgency) != DEFAULT_URGENCY:
        members.append(b"u=%d" % urgency)
    if checked_incremental(incremental):
        members.append(b"i")
    return b", ".join(members)
