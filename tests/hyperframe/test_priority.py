"""PRIORITY frames (RFC 9113 §6.3) and the Priority mixin."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import Frame, PriorityFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert PriorityFrame.type == 0x2 and PriorityFrame.defined_flags == []
    assert PriorityFrame.stream_association == "has-stream"


# RFC 9113 §6.3: PRIORITY frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="PriorityFrame"):
        PriorityFrame(0)


def test_positional_constructor_and_serialize() -> None:
    frame = PriorityFrame(5, 3, 255, True)
    assert frame.serialize() == bytes.fromhex("000005020000000005") + bytes.fromhex("80000003ff")
    assert frame.body_len == 5


def test_parse() -> None:
    frame = parse(bytes.fromhex("000005020000000005" "0000000b07"))
    assert isinstance(frame, PriorityFrame)
    assert (frame.depends_on, frame.stream_weight, frame.exclusive, frame.body_len) == (
        11, 7, False, 5,
    )


# RFC 9113 §6.3: a length other than 5 octets is a FRAME_SIZE_ERROR.
@pytest.mark.parametrize("size", [0, 4, 6, 8])
def test_parse_wrong_length(size: int) -> None:
    frame = PriorityFrame(1)
    with pytest.raises(InvalidFrameError, match="PRIORITY frame payload must be exactly 5"):
        frame.parse_body(memoryview(b"\x00" * size))


def test_weight_out_of_range_is_invalid_data() -> None:
    with pytest.raises(InvalidDataError, match="stream_weight"):
        PriorityFrame(1, stream_weight=256).serialize()


def test_mixin_helpers() -> None:
    frame = PriorityFrame(1, depends_on=9, stream_weight=2, exclusive=True)
    assert frame.serialize_priority_data() == bytes.fromhex("8000000902")
    other = PriorityFrame(1)
    assert other.parse_priority_data(memoryview(bytes.fromhex("8000000902ff"))) == 5
    assert (other.depends_on, other.stream_weight, other.exclusive) == (9, 2, True)
    with pytest.raises(InvalidFrameError, match="5 priority bytes"):
        other.parse_priority_data(memoryview(b"\x00"))


def test_repr() -> None:
    assert repr(PriorityFrame(1, 2, 3, True)) == (
        "PriorityFrame(stream_id=1, flags=[]): exclusive=True, depends_on=2, stream_weight=3"
    )


def test_header_parse_gives_defaults() -> None:
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000005020000000001"))
    assert isinstance(frame, PriorityFrame) and frame.depends_on == 0 and not frame.exclusive
