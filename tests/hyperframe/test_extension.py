"""ExtensionFrame: frames of unknown type (RFC 9113 §5.5)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import FRAME_MAX_ALLOWED_LEN, ExtensionFrame, Frame

from .helpers import parse


def test_class_attributes() -> None:
    assert ExtensionFrame.stream_association == "either"
    assert ExtensionFrame.defined_flags == []


def test_constructor() -> None:
    frame = ExtensionFrame(0x20, 3, 0x05, b"abc")
    assert (frame.type, frame.stream_id, frame.flag_byte, frame.body) == (0x20, 3, 5, b"abc")
    assert frame.flags == set() and frame.body_len == 0
    with pytest.raises(ValueError):
        ExtensionFrame(0x20, 3, flags=["END_STREAM"])


# RFC 9113 §5.5: unknown frames are passed through; they round-trip byte for byte.
def test_parsed_unknown_frame_round_trips() -> None:
    wire = bytes.fromhex("00000320ab80000007") + b"xyz"
    frame = parse(wire)
    assert isinstance(frame, ExtensionFrame)
    assert (frame.type, frame.flag_byte, frame.body, frame.body_len) == (0x20, 0xAB, b"xyz", 3)
    assert frame.serialize() == bytes.fromhex("00000320ab00000007") + b"xyz"


def test_parse_flags_stores_raw_byte_and_returns_none() -> None:
    frame = ExtensionFrame(0x20, 0)
    assert frame.parse_flags(0xFF) is None  # type: ignore[func-returns-value]
    assert frame.flag_byte == 0xFF and frame.flags == set()


def test_hand_built_frame_serialises_its_real_length() -> None:
    assert ExtensionFrame(0x20, 1, 0x01, b"abc").serialize() == bytes.fromhex(
        "000003200100000001"
    ) + b"abc"


@pytest.mark.parametrize(("frame_type", "flag_byte"), [(256, 0), (-1, 0), (0x20, 256)])
def test_bad_header_fields(frame_type: int, flag_byte: int) -> None:
    with pytest.raises(InvalidDataError, match="header"):
        ExtensionFrame(frame_type, 1, flag_byte).serialize()


def test_bad_body() -> None:
    with pytest.raises(InvalidDataError, match="body"):
        ExtensionFrame(0x20, 1, 0, "abc").serialize()  # type: ignore[arg-type]


def test_oversize_body(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = ExtensionFrame(0x20, 1, 0, b"")
    oversize = bytes(FRAME_MAX_ALLOWED_LEN + 1)
    monkeypatch.setattr(ExtensionFrame, "serialize_body", lambda self: oversize)
    with pytest.raises(InvalidFrameError, match="24-bit"):
        frame.serialize()


def test_repr() -> None:
    assert repr(ExtensionFrame(0x20, 1, 0x05, b"ab")) == (
        "ExtensionFrame(stream_id=1, flags=[]): type=32, flag_byte=5, body=<hex:6162>"
    )
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000000ff0000000000"))
    assert repr(frame).endswith("type=255, flag_byte=0, body=None")
