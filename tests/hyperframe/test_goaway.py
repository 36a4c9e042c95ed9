"""GOAWAY frames (RFC 9113 §6.8)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import GoAwayFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert GoAwayFrame.type == 0x7 and GoAwayFrame.defined_flags == []
    assert GoAwayFrame.stream_association == "no-stream"


def test_defaults() -> None:
    frame = GoAwayFrame()
    assert (frame.last_stream_id, frame.error_code, frame.additional_data) == (0, 0, b"")


# RFC 9113 §6.8: GOAWAY applies to the connection, not a stream.
def test_non_zero_stream_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="GoAwayFrame"):
        GoAwayFrame(1)


def test_serialize() -> None:
    frame = GoAwayFrame(0, 30, 9, b"hpack is broken")
    expected = bytes.fromhex("000017070000000000" "0000001e" "00000009") + b"hpack is broken"
    assert frame.serialize() == expected


# RFC 9113 §6.8: the reserved bit of the last stream id is sent as 0 ...
def test_serialize_masks_last_stream_id() -> None:
    assert GoAwayFrame(0, 0xFFFFFFFF).serialize()[9:13] == bytes.fromhex("7fffffff")


# ... and ignored when received.
def test_parse_masks_last_stream_id() -> None:
    frame = parse(bytes.fromhex("000008070000000000" "80000005" "00000001"))
    assert isinstance(frame, GoAwayFrame)
    assert (frame.last_stream_id, frame.error_code, frame.additional_data) == (5, 1, b"")
    assert frame.body_len == 8


def test_parse_additional_data() -> None:
    frame = parse(bytes.fromhex("00000a070000000000" "00000001" "00000002") + b"hi")
    assert isinstance(frame, GoAwayFrame) and frame.additional_data == b"hi"
    assert type(frame.additional_data) is bytes and frame.body_len == 10


# RFC 9113 §6.8: the payload holds at least the 8 fixed octets.
@pytest.mark.parametrize("size", [0, 4, 7])
def test_parse_too_short(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="GOAWAY frame payload must be at least 8"):
        GoAwayFrame().parse_body(memoryview(b"\x00" * size))


@pytest.mark.parametrize(("last", "code"), [("1", 0), (1, 2**32), (1, -1)])
def test_serialize_bad_fields(last: object, code: object) -> None:
    with pytest.raises(InvalidDataError, match="GOAWAY"):
        GoAwayFrame(0, last, code).serialize()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError, match="additional_data"):
        GoAwayFrame(0, 1, 0, "text").serialize()  # type: ignore[arg-type]


def test_repr() -> None:
    assert repr(GoAwayFrame(0, 1, 2, b"x")) == (
        "GoAwayFrame(stream_id=0, flags=[]): last_stream_id=1, error_code=2, "
        "additional_data=b'x'"
    )
