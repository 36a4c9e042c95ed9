"""The checked-in static table and Huffman code are exactly what our generator derives
from the RFC 7541 text (Appendix A and B)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpack import _static_table, huffman_constants
from hpack._gen import generate_tables as gen
from tests.conftest import shared_path


def spec_text() -> str:
    return shared_path("spec", "rfc7541-hpack.txt").read_text(encoding="utf-8")


def test_checked_in_modules_match_the_generator_output() -> None:
    package = Path(gen.__file__).resolve().parent.parent
    for file_name, text in gen.render_all(spec_text()).items():
        assert (package / file_name).read_text(encoding="utf-8") == text, file_name


def test_generated_values_match_the_parsed_spec() -> None:
    text = spec_text()
    assert list(_static_table.STATIC_TABLE) == gen.parse_static_table(text)
    codes = gen.parse_huffman_code(text)
    assert list(huffman_constants.REQUEST_CODES) == [code for code, _ in codes]
    assert list(huffman_constants.REQUEST_CODES_LENGTH) == [length for _, length in codes]


def test_generated_modules_say_they_are_generated() -> None:
    for module in (_static_table, huffman_constants):
        assert "GENERATED FILE" in (module.__doc__ or "")


def test_main_writes_then_checks(tmp_path: Path) -> None:
    spec = shared_path("spec", "rfc7541-hpack.txt")
    args = ["--spec", str(spec), "--out", str(tmp_path)]
    assert gen.main([*args, "--check"]) == 1  # nothing there yet
    assert gen.main(args) == 0
    assert gen.main([*args, "--check"]) == 0
    assert gen.main(args) == 0  # already current: nothing rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [gen.HUFFMAN_MODULE, gen.STATIC_MODULE]
    )


def _without(text: str, needle: str) -> str:
    assert needle in text
    return text.replace(needle, "", 1)


def test_parse_errors() -> None:
    text = spec_text()
    with pytest.raises(gen.SpecFormatError, match="cannot find"):
        gen.parse_static_table("no appendices here")
    # A missing static row breaks the index sequence.
    row = "| 2     | :method                     | GET           |"
    with pytest.raises(gen.SpecFormatError, match="out of sequence"):
        gen.parse_static_table(_without(text, row))
    last = "| 61    | www-authenticate            |               |"
    with pytest.raises(gen.SpecFormatError, match="expected 61"):
        gen.parse_static_table(_without(text, last))
    eos = "EOS (256)  |11111111|11111111|11111111|111111      3fffffff  [30]"
    with pytest.raises(gen.SpecFormatError, match="expected 257"):
        gen.parse_huffman_code(_without(text, eos))
    sym1 = "(  1)  |11111111|11111111|1011000                7fffd8  [23]"
    with pytest.raises(gen.SpecFormatError, match="out of sequence"):
        gen.parse_huffman_code(_without(text, sym1))
    with pytest.raises(gen.SpecFormatError, match="inconsistent"):
        gen.parse_huffman_code(text.replace("7fffd8  [23]", "7fffd9  [23]", 1))
