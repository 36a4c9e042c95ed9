"""The http2-frame-test-case vectors (../shared/vectors/frames), parsed with strict=True."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hyperframe.exceptions import HyperframeError
from hyperframe.frame import FRAME_MAX_LEN, FRAMES, Frame, parse_frame
from tests.conftest import SHARED, shared_path

FRAMES_DIR = SHARED / "vectors" / "frames"


def _cases(kind: str) -> list[Any]:
    if not FRAMES_DIR.exists():
        return [pytest.param(None, id="vectors-absent")]
    found = []
    for path in sorted(FRAMES_DIR.glob("*/*.json")):
        is_error = path.parent.name == "error"
        if is_error == (kind == "error"):
            found.append(pytest.param(path, id=f"{path.parent.name}/{path.stem}"))
    return found


def load(path: Path | None) -> dict[str, Any]:
    root = shared_path("vectors", "frames")  # skips cleanly when the material is absent
    assert path is not None and path.is_relative_to(root)
    case: dict[str, Any] = json.loads(path.read_text())
    return case


def ascii_bytes(text: str | None) -> bytes:
    return (text or "").encode("ascii")


def check_payload(frame: Any, frame_type: int, payload: dict[str, Any]) -> None:
    """Compare the decoded fields with the vector's ``frame_payload``."""
    name = {v: k for k, v in {
        "data": 0, "headers": 1, "priority": 2, "rst_stream": 3, "settings": 4,
        "push_promise": 5, "ping": 6, "goaway": 7, "window_update": 8, "continuation": 9,
    }.items()}[frame_type]
    if "padding_length" in payload and name != "priority":
        assert frame.pad_length == (payload["padding_length"] or 0)
    if "header_block_fragment" in payload:
        assert frame.data == ascii_bytes(payload["header_block_fragment"])
    if name == "data":
        assert frame.data == ascii_bytes(payload["data"])
    if payload.get("weight") is not None:
        # The vectors give the real weight; hyperframe keeps the wire byte (weight - 1).
        assert frame.stream_weight == payload["weight"] - 1
        assert frame.depends_on == payload["stream_dependency"]
        assert frame.exclusive == payload["exclusive"]
    if name == "rst_stream":
        assert frame.error_code == payload["error_code"]
    if name == "settings":
        assert frame.settings == dict(payload["settings"])
    if name == "push_promise":
        assert frame.promised_stream_id == payload["promised_stream_id"]
    if name == "ping":
        assert frame.opaque_data == ascii_bytes(payload["opaque_data"])
    if name == "goaway":
        assert frame.last_stream_id == payload["last_stream_id"]
        assert frame.error_code == payload["error_code"]
        assert frame.additional_data == ascii_bytes(payload["additional_debug_data"])
    if name == "window_update":
        assert frame.window_increment == payload["window_size_increment"]


@pytest.mark.parametrize("path", _cases("normal"))
def test_normal_vector(path: Path | None) -> None:
    case = load(path)
    wire = bytes.fromhex(case["wire"])
    expected = case["frame"]
    frame, length = parse_frame(wire, strict=True, max_length=FRAME_MAX_LEN)
    assert type(frame) is FRAMES[expected["type"]]
    assert length == expected["length"] == frame.body_len
    assert frame.stream_id == expected["stream_identifier"]
    assert frame._flag_byte() == expected["flags"]
    check_payload(frame, expected["type"], expected["frame_payload"])

    # RFC 9113 §6.1: padding octets MUST be zero when sending, so the vectors'
    # text padding comes back as zeros; everything else is byte-identical.
    padding = ascii_bytes(expected["frame_payload"].get("padding"))
    resent = wire[: len(wire) - len(padding)] + b"\0" * len(padding)
    assert frame.serialize() == resent


@pytest.mark.parametrize("path", _cases("error"))
def test_error_vector(path: Path | None) -> None:
    case = load(path)
    wire = bytes.fromhex(case["wire"])
    assert case["frame"] is None and case["error"]
    # A receiver with default settings (SETTINGS_MAX_FRAME_SIZE = 2**14).
    with pytest.raises(HyperframeError):
        parse_frame(wire, strict=True, max_length=FRAME_MAX_LEN)


@pytest.mark.parametrize("path", _cases("error"))
def test_error_vector_through_header_and_body(path: Path | None) -> None:
    """The same vectors walked as h2 does: header, then exactly the announced payload."""
    case = load(path)
    wire = bytes.fromhex(case["wire"])
    try:
        frame, length = Frame.parse_frame_header(wire[:9], strict=True)
    except HyperframeError:
        return  # rejected by the header alone (stream association)
    if length > FRAME_MAX_LEN:
        # RFC 9113 §4.2: only a receiver that knows its SETTINGS_MAX_FRAME_SIZE
        # can reject this one; test_error_vector covers it through parse_frame.
        assert case["error"] == [6]
        return
    with pytest.raises(HyperframeError):
        frame.parse_body(memoryview(wire[9 : 9 + length]))
