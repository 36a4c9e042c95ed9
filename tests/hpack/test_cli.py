"""``python -m hpack deflate|inflate`` on hpack-test-case stories."""

from __future__ import annotations

import io
import json
import runpy
import sys
from typing import Any

import pytest

from hpack.cli import main
from tests.hpack._helpers import story_paths


def run(argv: list[str], text: str) -> tuple[int, Any]:
    out = io.StringIO()
    status = main(argv, io.StringIO(text), out)
    return status, (json.loads(out.getvalue()) if out.getvalue() else None)


def test_deflate_then_inflate_a_raw_story() -> None:
    text = story_paths("raw-data")[0].read_text()
    status, story = run(["deflate"], text)
    assert status == 0 and story is not None
    cases = story["cases"]
    assert isinstance(cases, list)
    assert all(case["wire"] for case in cases)
    assert "our hpack" in str(story["description"])
    status, checked = run(["inflate"], json.dumps(story))
    assert status == 0
    assert checked == story


def test_deflate_without_huffman_and_table_size_changes() -> None:
    story = {
        "cases": [
            {"seqno": 0, "header_table_size": 256, "headers": [{"a": "b"}]},
            {"seqno": 1, "header_table_size": None, "headers": [{"a": "b"}]},
        ]
    }
    status, result = run(["deflate", "--no-huffman"], json.dumps(story))
    assert status == 0 and result is not None
    wires = [case["wire"] for case in result["cases"]]
    assert wires == ["3fe101400161016" + "2", "be"]


@pytest.mark.parametrize("folder", ["nghttp2", "nghttp2-change-table-size"])
def test_inflate_vectors(folder: str) -> None:
    for path in story_paths(folder)[:3]:
        status, _ = run(["inflate"], path.read_text())
        assert status == 0


def test_inflate_reports_a_mismatch(capsys: pytest.CaptureFixture[str]) -> None:
    story = {"cases": [{"seqno": 0, "wire": "82", "headers": [{":method": "POST"}]}]}
    status, _ = run(["inflate"], json.dumps(story))
    assert status == 1
    assert "case 0: decoded headers differ" in capsys.readouterr().err


def test_inflate_reports_an_undecodable_case(capsys: pytest.CaptureFixture[str]) -> None:
    story = {
        "cases": [
            {"seqno": 0, "wire": "80", "headers": []},
            {"seqno": 1, "wire": "82", "headers": [{":method": "GET"}]},
        ]
    }
    status, _ = run(["inflate"], json.dumps(story))
    assert status == 1
    assert "case 0: cannot decode" in capsys.readouterr().err


def test_deflate_reports_headers_our_decoder_rejects(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A story whose headers change on the way (a lone surrogate cannot be sent,
    # so simulate a decoder disagreement instead).
    from hpack.decoder import Decoder
    from hpack.exceptions import HPACKError

    monkeypatch.setattr(Decoder, "decode", lambda self, data: [("x", "y")])
    story = {"cases": [{"seqno": 0, "headers": [{"a": "b"}]}]}
    status, _ = run(["deflate"], json.dumps(story))
    assert status == 1
    assert "round trip changed the headers" in capsys.readouterr().err

    def reject(self: object, data: bytes) -> list[object]:
        raise HPACKError("nope")

    monkeypatch.setattr(Decoder, "decode", reject)
    status, _ = run(["deflate"], json.dumps(story))
    assert status == 1
    assert "our decoder rejected our output" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["not json", "{}", '{"cases": [{"headers": 5}]}'])
def test_malformed_story(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, result = run(["deflate"], text)
    assert status == 2 and result is None
    assert "malformed story" in capsys.readouterr().err


def test_python_dash_m_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    story = {"cases": [{"seqno": 0, "wire": "82", "headers": [{":method": "GET"}]}]}
    monkeypatch.setattr(sys, "argv", ["hpack", "inflate"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(story)))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("hpack", run_name="__main__")
    assert exit_info.value.code == 0
