"""``python -m hpack deflate|inflate``: hpack-test-case stories on stdin and stdout.

The story format (https://github.com/http2jp/hpack-test-case)::

    {"cases": [{"seqno": 0, "header_table_size": 4096,
                "headers": [{"name": "value"}, ...], "wire": "hex"}]}

Cases of one story share one compression context.  ``header_table_size``,
when present, is the SETTINGS_HEADER_TABLE_SIZE acknowledged just before the
case.

* ``deflate`` encodes each case's headers, fills in ``wire`` and checks that
  our decoder gives the headers back.
* ``inflate`` decodes each case's ``wire`` and compares it with ``headers``.

The story is written back to stdout as JSON; the exit status is 0 only if
every case matched, 1 otherwise (details on stderr), 2 for unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import __version__
from .decoder import Decoder
from .encoder import Encoder
from .exceptions import HPACKError

Headers = list[tuple[str, str]]


def _case_headers(case: dict[str, Any]) -> Headers:
    return [(name, value) for field in case["headers"] for name, value in field.items()]


def _acknowledged_size(case: dict[str, Any]) -> int | None:
    """The case's ``header_table_size``; absent and ``null`` both mean "unchanged"."""
    size = case.get("header_table_size")
    return None if size is None else int(size)


def _deflate(cases: list[dict[str, Any]], huffman: bool, errors: list[str]) -> None:
    encoder = Encoder()
    decoder = Decoder(max_header_list_size=2**31)
    for case in cases:
        size = _acknowledged_size(case)
        if size is not None:
            encoder.header_table_size = size
            decoder.max_allowed_table_size = size
        headers = _case_headers(case)
        wire = encoder.encode(headers, huffman=huffman)
        case["wire"] = wire.hex()
        try:
            decoded = decoder.decode(wire)
        except HPACKError as exc:
            errors.append(f"case {case.get('seqno')}: our decoder rejected our output: {exc}")
            return
        if [tuple(h) for h in decoded] != headers:
            errors.append(f"case {case.get('seqno')}: round trip changed the headers")


def _inflate(cases: list[dict[str, Any]], errors: list[str]) -> None:
    decoder = Decoder(max_header_list_size=2**31)
    for case in cases:
        size = _acknowledged_size(case)
        if size is not None:
            decoder.max_allowed_table_size = size
        try:
            decoded = decoder.decode(bytes.fromhex(case["wire"]))
        except (HPACKError, ValueError) as exc:
            errors.append(f"case {case.get('seqno')}: cannot decode: {exc}")
            return
        if [tuple(h) for h in decoded] != _case_headers(case):
            errors.append(f"case {case.get('seqno')}: decoded headers differ")


def main(
    argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    parser = argparse.ArgumentParser(prog="python -m hpack", description=__doc__)
    parser.add_argument("command", choices=["deflate", "inflate"])
    parser.add_argument(
        "--no-huffman", action="store_true", help="deflate: never Huffman-code strings"
    )
    args = parser.parse_args(argv)
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    try:
        story = json.load(stdin)
        cases = story["cases"]
        errors: list[str] = []
        if args.command == "deflate":
            story["description"] = f"Encoded by our hpack {__version__} (Python)."
            _deflate(cases, not args.no_huffman, errors)
        else:
            _inflate(cases, errors)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"hpack {args.command}: malformed story: {exc!r}", file=sys.stderr)
        return 2
    json.dump(story, stdout, indent=2)
    stdout.write("\n")
    for error in errors:
        print(f"hpack {args.command}: {error}", file=sys.stderr)
    return 1 if errors else 0
