"""priority: HTTP/2 stream scheduling (RFC 7540 §5.3 tree and RFC 9218 urgency)."""

from priority.field import PriorityParams, parse_priority_field, serialize_priority_field
from priority.priority import (
    BadPriorityParameterError,
    BadWeightError,
    DeadlockError,
    DuplicateStreamError,
    MissingStreamError,
    PriorityError,
    PriorityLoop,
    PriorityTree,
    PseudoStreamError,
    Stream,
    TooManyStreamsError,
)
from priority.urgency import UrgencyScheduler

__all__ = [
    "BadPriorityParameterError",
    "BadWeightError",
    "DeadlockError",
    "DuplicateStreamError",
    "MissingStreamError",
    "PriorityError",
    "PriorityLoop",
    "PriorityParams",
    "PriorityTree",
    "PseudoStreamError",
    "Stream",
    "TooManyStreamsError",
    "UrgencyScheduler",
    "parse_priority_field",
    "serialize_priority_field",
]

__version__ = "3.0.0"
