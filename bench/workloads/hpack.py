"""hpack workloads: stateful encoding, decoding our own output, decoding nghttp2's.

Inputs come from the hpack-test-case stories in ``../shared/vectors/hpack``
(beside the repository).  Only the API shared with hpack 4.2.0 is used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import Workload

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "vectors" / "hpack"

Story = list[tuple[int | None, list[tuple[str, str]], bytes]]


def _load(folder: str) -> list[Story]:
    stories: list[Story] = []
    for path in sorted((VECTORS / folder).glob("*.json")):
        cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
        stories.append(
            [
                (
                    case.get("header_table_size"),
                    [(n, v) for field in case["headers"] for n, v in field.items()],
                    bytes.fromhex(case.get("wire", "")),
                )
                for case in cases
            ]
        )
    return stories


def _count(stories: list[Story]) -> int:
    return sum(len(headers) for story in stories for _, headers, _ in story)


def _encode_setup() -> Any:
    import hpack  # noqa: F401  (imported lazily so either implementation is measured)

    stories = _load("raw-data")
    return stories, _count(stories)


def _encode_run(state: Any) -> int:
    from hpack import Encoder

    stories, count = state
    for story in stories:
        encoder = Encoder()
        for _, headers, _ in story:
            encoder.encode(headers)
    return int(count)


def _decode_own_setup() -> Any:
    from hpack import Encoder

    stories = _load("raw-data")
    blocks = []
    for story in stories:
        encoder = Encoder()
        blocks.append([encoder.encode(headers) for _, headers, _ in story])
    return blocks, _count(stories)


def _decode_nghttp2_setup() -> Any:
    import hpack  # noqa: F401

    stories = _load("nghttp2")
    return [[wire for _, _, wire in story] for story in stories], _count(stories)


def _decode_run(state: Any) -> int:
    from hpack import Decoder

    blocks, count = state
    for story in blocks:
        decoder = Decoder()
        decode = decoder.decode
        for block in story:
            decode(block)
    return int(count)


WORKLOADS = {
    "hpack.encode": Workload("hpack", "headers", _encode_setup, _encode_run),
    "hpack.decode_own": Workload("hpack", "headers", _decode_own_setup, _decode_run),
    "hpack.decode_nghttp2": Workload("hpack", "headers", _decode_nghttp2_setup, _decode_run),
}
