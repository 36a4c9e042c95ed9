"""WINDOW_UPDATE frames (RFC 9113 §6.9)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import WindowUpdateFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert WindowUpdateFrame.type == 0x8 and WindowUpdateFrame.defined_flags == []
    assert WindowUpdateFrame.stream_association == "either"


# RFC 9113 §6.9: WINDOW_UPDATE may target the connection (0) or a stream.
@pytest.mark.parametrize("stream_id", [0, 1])
def test_either_stream_association(stream_id: int) -> None:
    frame = WindowUpdateFrame(stream_id, 1000)
    parsed = parse(frame.serialize())
    assert isinstance(parsed, WindowUpdateFrame)
    assert (parsed.stream_id, parsed.window_increment, parsed.body_len) == (stream_id, 1000, 4)


# RFC 9113 §6.9: reserved bit sent as 0 ...
def test_serialize_masks_increment() -> None:
    assert WindowUpdateFrame(0, 0xFFFFFFFF).serialize()[9:] == bytes.fromhex("7fffffff")


def test_serialize_zero_increment_is_allowed_for_testing_peers() -> None:
    assert WindowUpdateFrame(1).serialize()[9:] == b"\0\0\0\0"


def test_serialize_non_int() -> None:
    with pytest.raises(InvalidDataError, match="window_increment"):
        WindowUpdateFrame(1, "5").serialize()  # type: ignore[arg-type]


# ... and ignored on receipt.
def test_parse_masks_reserved_bit() -> None:
    frame = parse(bytes.fromhex("000004080000000001" "80000010"))
    assert isinstance(frame, WindowUpdateFrame) and frame.window_increment == 16


# RFC 9113 §6.9: an increment of 0 MUST be treated as an error.
@pytest.mark.parametrize("payload", ["00000000", "80000000"])
def test_parse_zero_increment(payload: str) -> None:
    with pytest.raises(InvalidDataError, match="window_increment"):
        parse(bytes.fromhex("000004080000000001" + payload))


# RFC 9113 §6.9: a length other than 4 is a FRAME_SIZE_ERROR.
@pytest.mark.parametrize("size", [0, 2, 5])
def test_parse_wrong_length(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="WINDOW_UPDATE frame payload must be exactly 4"):
        WindowUpdateFrame(0).parse_body(memoryview(b"\x01" * size))


def test_largest_increment() -> None:
    frame = parse(bytes.fromhex("000004080000000000" "7fffffff"))
    assert isinstance(frame, WindowUpdateFrame) and frame.window_increment == 2**31 - 1


def test_repr() -> None:
    assert repr(WindowUpdateFrame(3, 7)) == (
        "WindowUpdateFrame(stream_id=3, flags=[]): window_increment=7"
    )
