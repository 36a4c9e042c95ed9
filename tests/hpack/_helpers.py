"""Test helpers: RFC 7541 Appendix C examples and hpack-test-case stories, read from ../shared."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import shared_path

_SECTION = re.compile(r"^(C\.\d+\.\d+)\.\s+(.*)$")
_HEADER_LINE = re.compile(r"^   (:?[a-z][a-z0-9-]*): (.*)$")
_HEX_LINE = re.compile(r"^   ((?:[0-9a-f]{2,4} ?)+)\s*\|")


@dataclass(frozen=True)
class Example:
    section: str  # "C.3.1"
    headers: list[tuple[str, str]]
    wire: bytes


def rfc_examples() -> dict[str, Example]:
    """Every Appendix C.2-C.6 example: the header list and its hex dump, from the RFC text."""
    text = shared_path("spec", "rfc7541-hpack.txt").read_text(encoding="utf-8")
    appendix = text[text.index("\nAppendix C.  Examples") :]
    examples: dict[str, Example] = {}
    section = ""
    mode = ""
    headers: list[tuple[str, str]] = []
    hex_text = ""
    for line in appendix.splitlines():
        heading = _SECTION.match(line)
        if heading:
            section, mode, headers, hex_text = heading.group(1), "", [], ""
            continue
        stripped = line.strip()
        if stripped == "Header list to encode:":
            mode = "headers"
        elif stripped == "Hex dump of encoded data:":
            mode = "hex"
        elif stripped == "Decoding process:":
            if section and mode == "hex":
                examples[section] = Example(section, headers, bytes.fromhex(hex_text))
            mode = ""
        elif mode == "headers" and (match := _HEADER_LINE.match(line)):
            headers.append((match.group(1), match.group(2)))
        elif mode == "hex" and (match := _HEX_LINE.match(line)):
            hex_text += match.group(1).replace(" ", "")
    return examples


@dataclass(frozen=True)
class Case:
    seqno: int
    table_size: int | None
    headers: list[tuple[str, str]]
    wire: bytes | None


def vector_root() -> Path:
    return shared_path("vectors", "hpack")


def load_story(path: Path) -> list[Case]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return [
        Case(
            seqno=case.get("seqno", i),
            table_size=case.get("header_table_size"),
            headers=[(n, v) for field in case["headers"] for n, v in field.items()],
            wire=bytes.fromhex(case["wire"]) if "wire" in case else None,
        )
        for i, case in enumerate(cases)
    ]


def story_paths(folder: str) -> list[Path]:
    return sorted((vector_root() / folder).glob("*.json"))
