"""Generate hpack's static table and Huffman code modules from the RFC 7541 text.

The tables in ``hpack/_static_table.py`` and ``hpack/huffman_constants.py`` are
derived from Appendix A (static table) and Appendix B (Huffman code) of the
specification shipped beside the repository, never typed in by hand.

Usage, from the repository root::

    python -m hpack._gen.generate_tables            # rewrite both modules
    python -m hpack._gen.generate_tables --check    # exit 1 if they are stale
    python -m hpack._gen.generate_tables --spec PATH

The default spec path is ``../shared/spec/rfc7541-hpack.txt`` relative to the
repository root.  ``tests/hpack/test_generated_tables.py`` re-runs the
generator and compares its output with the checked-in modules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE_DIR.parent
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "spec" / "rfc7541-hpack.txt"

STATIC_MODULE = "_static_table.py"
HUFFMAN_MODULE = "huffman_constants.py"

# "| 16    | accept-encoding             | gzip, deflate |"
_STATIC_ROW = re.compile(r"^\s*\|\s*(\d+)\s*\|\s*(\S+)\s*\|\s?(.*?)\s*\|\s*$")
# "'9' ( 57)  |011111        1f  [ 6]" and "EOS (256)  |11111111|...  3fffffff  [30]"
_HUFFMAN_ROW = re.compile(
    r"^\s*(?:'.'|EOS)?\s*\(\s*(\d+)\)\s+([|01]+)\s+([0-9a-f]+)\s+\[\s*(\d+)\]\s*$"
)


class SpecFormatError(ValueError):
    """The specification text does not contain the expected tables."""


def _appendix(text: str, title: str, next_title: str) -> list[str]:
    start = text.find(f"\n{title}")
    end = text.find(f"\n{next_title}", start + 1)
    if start < 0 or end < 0:
        raise SpecFormatError(f"cannot find {title!r} followed by {next_title!r}")
    return text[start:end].splitlines()


def parse_static_table(text: str) -> list[tuple[bytes, bytes]]:
    """Return the 61 (name, value) entries of RFC 7541 Appendix A, in index order."""
    rows: list[tuple[bytes, bytes]] = []
    for line in _appendix(text, "Appendix A.", "Appendix B."):
        match = _STATIC_ROW.match(line)
        if match is None:
            continue
        index, name, value = int(match.group(1)), match.group(2), match.group(3)
        if index != len(rows) + 1:
            raise SpecFormatError(f"static table index {index} out of sequence")
        rows.append((name.encode("ascii"), value.encode("ascii")))
    if len(rows) != 61:
        raise SpecFormatError(f"expected 61 static table entries, found {len(rows)}")
    return rows


def parse_huffman_code(text: str) -> list[tuple[int, int]]:
    """Return the 257 (code, bit length) pairs of RFC 7541 Appendix B (256 = EOS)."""
    codes: list[tuple[int, int]] = []
    for line in _appendix(text, "Appendix B.", "Appendix C."):
        match = _HUFFMAN_ROW.match(line)
        if match is None:
            continue
        symbol = int(match.group(1))
        bits = match.group(2).replace("|", "")
        code, length = int(match.group(3), 16), int(match.group(4))
        if symbol != len(codes):
            raise SpecFormatError(f"Huffman symbol {symbol} out of sequence")
        # The two columns must agree with each other: a cheap check on the parse.
        if len(bits) != length or int(bits, 2) != code:
            raise SpecFormatError(f"Huffman row for symbol {symbol} is inconsistent")
        codes.append((code, length))
    if len(codes) != 257:
        raise SpecFormatError(f"expected 257 Huffman codes, found {len(codes)}")
    return codes


_HEADER = '''"""{title}

GENERATED FILE, do not edit: produced by ``python -m hpack._gen.generate_tables``
from {source} of RFC 7541 (``../shared/spec/rfc7541-hpack.txt``).
"""

'''


def render_static_module(rows: Sequence[tuple[bytes, bytes]]) -> str:
    lines = [
        _HEADER.format(title="RFC 7541 Appendix A static table.", source="Appendix A"),
        "STATIC_TABLE: tuple[tuple[bytes, bytes], ...] = (\n",
    ]
    for index, (name, value) in enumerate(rows, start=1):
        lines.append(f"    ({name!r}, {value!r}),  # {index}\n")
    lines.append(")\n")
    return "".join(lines)


def render_huffman_module(codes: Sequence[tuple[int, int]]) -> str:
    lines = [
        _HEADER.format(title="RFC 7541 Appendix B Huffman code.", source="Appendix B"),
        "# REQUEST_CODES[symbol] is the code aligned to the least significant bit;\n",
        "# REQUEST_CODES_LENGTH[symbol] its length in bits.  Symbol 256 is EOS.\n",
        "REQUEST_CODES: tuple[int, ...] = (\n",
    ]
    for symbol, (code, _) in enumerate(codes):
        lines.append(f"    0x{code:x},  # {symbol}\n")
    lines.append(")\n\nREQUEST_CODES_LENGTH: tuple[int, ...] = (\n")
    for start in range(0, len(codes), 16):
        chunk = ", ".join(str(length) for _, length in codes[start : start + 16])
        lines.append(f"    {chunk},\n")
    lines.append(")\n")
    return "".join(lines)


def render_all(spec_text: str) -> dict[str, str]:
    """Map each generated module's file name to its full text."""
    return {
        STATIC_MODULE: render_static_module(parse_static_table(spec_text)),
        HUFFMAN_MODULE: render_huffman_module(parse_huffman_code(spec_text)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=PACKAGE_DIR)
    parser.add_argument("--check", action="store_true", help="only report stale modules")
    args = parser.parse_args(argv)
    rendered = render_all(args.spec.read_text(encoding="utf-8"))
    stale = []
    for file_name, text in rendered.items():
        target = args.out / file_name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        stale.append(file_name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale generated modules: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main() in the tests
    raise SystemExit(main())
