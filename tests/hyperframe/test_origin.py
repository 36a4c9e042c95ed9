"""ORIGIN frames (RFC 8336 §2), an opt-in extension."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import Frame, OriginFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert OriginFrame.type == 0xC and OriginFrame.defined_flags == []
    assert OriginFrame.stream_association == "no-stream"


def test_defaults() -> None:
    frame = OriginFrame()
    assert frame.stream_id == 0 and frame.origins == [] and frame.flag_byte == 0


# RFC 8336 §2.1: ORIGIN is sent on stream 0 only.
def test_non_zero_stream_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="OriginFrame"):
        OriginFrame(1)
    with pytest.raises(InvalidDataError, match="OriginFrame"):
        Frame.parse_frame_header(bytes.fromhex("0000000c0000000001"), extensions=True)


# RFC 8336 §2: a sequence of Origin-Len (16) + ASCII-Origin entries.
def test_round_trip() -> None:
    frame = OriginFrame(origins=(b"https://a.example", b"https://b.example:8443"))
    wire = frame.serialize()
    assert wire[:9] == bytes.fromhex("00002b0c0000000000")
    assert wire[9:11] == b"\x00\x11" and wire[11:28] == b"https://a.example"
    parsed = parse(wire, extensions=True)
    assert isinstance(parsed, OriginFrame)
    assert parsed.origins == [b"https://a.example", b"https://b.example:8443"]
    assert parsed.body_len == 0x2B


def test_empty_frame_and_empty_entry() -> None:
    parsed = parse(bytes.fromhex("0000000c0000000000"), extensions=True)
    assert isinstance(parsed, OriginFrame) and parsed.origins == []
    parsed = parse(bytes.fromhex("0000020c0000000000" "0000"), extensions=True)
    assert isinstance(parsed, OriginFrame) and parsed.origins == [b""]


# RFC 8336 §2.1: flags 0x1-0x8 signal incompatible changes; the raw byte is kept.
def test_flag_byte_is_kept() -> None:
    frame, _ = Frame.parse_frame_header(bytes.fromhex("0000000c0300000000"), extensions=True)
    assert isinstance(frame, OriginFrame) and frame.flag_byte == 3 and frame.flags == set()
    other = OriginFrame()
    assert not other.parse_flags(0x81) and other.flag_byte == 0x81


@pytest.mark.parametrize("payload", ["00", "0003abcd", "0001ab00"])
def test_parse_truncated_entry(payload: str) -> None:
    with pytest.raises(InvalidFrameError, match="ORIGIN"):
        OriginFrame().parse_body(memoryview(bytes.fromhex(payload)))


def test_serialize_bad_origins() -> None:
    with pytest.raises(InvalidDataError, match="bytes"):
        OriginFrame(origins=["https://a.example"]).serialize()  # type: ignore[list-item]
    with pytest.raises(InvalidDataError, match="65535"):
        OriginFrame(origins=[b"o" * 0x10000]).serialize()


def test_repr() -> None:
    assert repr(OriginFrame(origins=[b"https://a"])) == (
        "OriginFrame(stream_id=0, flags=[]): origins=[b'https://a']"
    )
