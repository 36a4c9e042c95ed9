"""Encoder and Decoder, plus the integer helpers the upstream tests import (contract §3.5)."""

from __future__ import annotations

from ._inputs import _dict_to_iterable, _to_bytes
from ._integers import decode_integer, encode_integer
from .decoder import DEFAULT_MAX_HEADER_LIST_SIZE, Decoder
from .encoder import Encoder

# hpack.hpack is the classes' public home (contract §1.2): reprs and pickles name it.
Encoder.__module__ = Decoder.__module__ = __name__

__all__ = [
    "DEFAULT_MAX_HEADER_LIST_SIZE",
    "Decoder",
    "Encoder",
    "_dict_to_iterable",
    "_to_bytes",
    "decode_integer",
    "encode_integer",
]
