"""Table-driven Huffman decoding (RFC 7541 §5.2, Appendix B).

The decoder is a finite state machine that consumes one input octet per step.
Its states are the 256 internal nodes of the Huffman tree (0 is the root).  At
import, the code of ``huffman_constants`` is turned into a tree, then into a
transition per (state, nibble), and two nibble steps are composed into one
transition per (state, octet).  Each transition gives the next state and the
0 to 2 symbols completed on the way; a transition that would complete EOS or
follow a code that does not exist is ``None``.

A string is valid when it ends in a state whose path from the root is at most
7 one-bits: that is the only padding §5.2 allows.
"""

from __future__ import annotations

from .exceptions import HPACKDecodingError
from .huffman_constants import REQUEST_CODES, REQUEST_CODES_LENGTH

__all__ = ["decode_huffman"]

_EOS = 256
# One transition: (next state * 256, octets emitted).  Pre-multiplying the state
# lets the hot loop index with a single addition.
_Transition = tuple[int, bytes]


def _build_tree() -> tuple[list[list[int]], list[bool]]:
    """Return the children of each internal node and whether it may end a string.

    A child ``c >= 0`` is internal node ``c``; ``c < 0`` is the leaf of symbol ``-c - 1``.
    """
    children: list[list[int]] = [[0, 0]]
    filled: list[list[bool]] = [[False, False]]
    all_ones: list[bool] = [True]
    depth: list[int] = [0]
    for symbol, (code, length) in enumerate(zip(REQUEST_CODES, REQUEST_CODES_LENGTH, strict=True)):
        node = 0
        for shift in range(length - 1, 0, -1):
            bit = (code >> shift) & 1
            if not filled[node][bit]:
                children.append([0, 0])
                filled.append([False, False])
                all_ones.append(all_ones[node] and bit == 1)
                depth.append(depth[node] + 1)
                children[node][bit] = len(children) - 1
                filled[node][bit] = True
            node = children[node][bit]
        children[node][code & 1] = -symbol - 1
        filled[node][code & 1] = True
    accepting = [ones and d <= 7 for ones, d in zip(all_ones, depth, strict=True)]
    return children, accepting


def _nibble_step(children: list[list[int]], state: int, nibble: int) -> tuple[int, bytes] | None:
    out = bytearray()
    for shift in (3, 2, 1, 0):
        child = children[state][(nibble >> shift) & 1]
        if child >= 0:
            state = child
            continue
        symbol = -child - 1
        if symbol == _EOS:  # §5.2: EOS inside a string is a decoding error
            return None
        out.append(symbol)
        state = 0
    return state, bytes(out)


def _build_octet_table() -> tuple[list[_Transition | None], frozenset[int]]:
    children, accepting = _build_tree()
    states = range(len(children))
    nibbles = [[_nibble_step(children, s, n) for n in range(16)] for s in states]
    table: list[_Transition | None] = []
    for state in states:
        for high in nibbles[state]:
            if high is None:
                table.extend([None] * 16)
                continue
            middle, first = high
            table.extend(
                None if low is None else (low[0] << 8, first + low[1]) for low in nibbles[middle]
            )
    return table, frozenset(s << 8 for s in states if accepting[s])


_TABLE, _ACCEPTING = _build_octet_table()


def decode_huffman(huffman_string: bytes | bytearray | memoryview) -> bytes:
    """Decode an Appendix B string; raise HPACKDecodingError on EOS or bad padding."""
    table = _TABLE
    state = 0
    out = bytearray()
    try:
        for octet in huffman_string:
            state, emitted = table[state + octet]  # type: ignore[misc]
            out += emitted
    except TypeError:
        raise HPACKDecodingError("Invalid Huffman string: EOS or unknown code") from None
    if state not in _ACCEPTING:
        raise HPACKDecodingError("Invalid Huffman padding: not an all-ones prefix of EOS")
    return bytes(out)
