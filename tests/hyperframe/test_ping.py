"""PING frames (RFC 9113 §6.7)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import PingFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert PingFrame.type == 0x6
    assert [tuple(f) for f in PingFrame.defined_flags] == [("ACK", 0x01)]
    assert PingFrame.stream_association == "no-stream"


# RFC 9113 §6.7: PING is not associated with any stream.
def test_non_zero_stream_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="PingFrame"):
        PingFrame(1)


def test_serialize_pads_to_eight_bytes() -> None:
    assert PingFrame(0, b"abc").serialize() == bytes.fromhex("000008060000000000") + (
        b"abc\0\0\0\0\0"
    )
    assert PingFrame().serialize()[9:] == b"\0" * 8


def test_serialize_more_than_eight_bytes() -> None:
    with pytest.raises(InvalidFrameError, match="at most 8 bytes"):
        PingFrame(0, b"123456789").serialize()


def test_serialize_non_bytes() -> None:
    with pytest.raises(InvalidDataError, match="opaque_data"):
        PingFrame(0, 12345678).serialize()  # type: ignore[arg-type]


def test_parse_ack() -> None:
    frame = parse(bytes.fromhex("000008060100000000") + b"deadbeef")
    assert isinstance(frame, PingFrame)
    assert frame.opaque_data == b"deadbeef" and frame.flags == {"ACK"} and frame.body_len == 8


# RFC 9113 §6.7: a length other than 8 is a FRAME_SIZE_ERROR.
@pytest.mark.parametrize("size", [0, 7, 9])
def test_parse_wrong_length(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="PING frame payload must be exactly 8"):
        PingFrame().parse_body(memoryview(b"\x00" * size))


def test_repr() -> None:
    assert repr(PingFrame(0, b"ab", flags=["ACK"])) == (
        "PingFrame(stream_id=0, flags=['ACK']): opaque_data=b'ab'"
    )
