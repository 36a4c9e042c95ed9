"""PRIORITY_UPDATE frames (RFC 9218 §7.1), an opt-in extension."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import Frame, PriorityUpdateFrame

from .helpers import parse


def test_class_attributes_and_defaults() -> None:
    assert PriorityUpdateFrame.type == 0x10 and PriorityUpdateFrame.defined_flags == []
    assert PriorityUpdateFrame.stream_association == "no-stream"
    frame = PriorityUpdateFrame()
    assert (frame.stream_id, frame.prioritized_stream_id, frame.priority_field_value) == (
        0, 0, b"",
    )


# RFC 9218 §7.1: the frame's own stream identifier MUST be zero.
def test_non_zero_stream_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="PriorityUpdateFrame"):
        PriorityUpdateFrame(1)
    with pytest.raises(InvalidDataError, match="PriorityUpdateFrame"):
        Frame.parse_frame_header(bytes.fromhex("000004100000000003"), extensions=True)


def test_round_trip() -> None:
    wire = PriorityUpdateFrame(0, 5, b"u=1, i").serialize()
    assert wire == bytes.fromhex("00000a100000000000" "00000005") + b"u=1, i"
    frame = parse(wire, extensions=True)
    assert isinstance(frame, PriorityUpdateFrame)
    assert (frame.prioritized_stream_id, frame.priority_field_value, frame.body_len) == (
        5, b"u=1, i", 10,
    )


# RFC 9218 §7.1: reserved bit before the prioritized stream id: sent 0, ignored on receipt.
def test_reserved_bit() -> None:
    assert PriorityUpdateFrame(0, 0x80000007).serialize()[9:13] == bytes.fromhex("00000007")
    frame = parse(bytes.fromhex("000004100000000000" "80000007"), extensions=True)
    assert isinstance(frame, PriorityUpdateFrame) and frame.prioritized_stream_id == 7


# RFC 9218 §7.1: a prioritized stream id of 0 is a PROTOCOL_ERROR.
def test_parse_prioritized_zero() -> None:
    with pytest.raises(InvalidDataError, match="non-zero"):
        parse(bytes.fromhex("000004100000000000" "80000000"), extensions=True)


@pytest.mark.parametrize("size", [0, 3])
def test_parse_too_short(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="PRIORITY_UPDATE"):
        PriorityUpdateFrame().parse_body(memoryview(b"\x01" * size))


def test_serialize_bad_fields() -> None:
    with pytest.raises(InvalidDataError, match="prioritized_stream_id"):
        PriorityUpdateFrame(0, "5").serialize()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError, match="priority_field_value"):
        PriorityUpdateFrame(0, 5, "u=1").serialize()  # type: ignore[arg-type]


def test_repr() -> None:
    assert repr(PriorityUpdateFrame(0, 3, b"u=0")) == (
        "PriorityUpdateFrame(stream_id=0, flags=[]): prioritized_stream_id=3, "
        "priority_field_value=b'u=0'"
    )
