"""CONTINUATION frames (RFC 9113 §6.10)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError
from hyperframe.frame import ContinuationFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert ContinuationFrame.type == 0x9
    assert [tuple(f) for f in ContinuationFrame.defined_flags] == [("END_HEADERS", 0x04)]
    assert ContinuationFrame.stream_association == "has-stream"


# RFC 9113 §6.10: CONTINUATION frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="ContinuationFrame"):
        ContinuationFrame(0)


def test_round_trip() -> None:
    wire = ContinuationFrame(50, b"this is dummy", flags=["END_HEADERS"]).serialize()
    assert wire == bytes.fromhex("00000d090400000032") + b"this is dummy"
    frame = parse(wire)
    assert isinstance(frame, ContinuationFrame)
    assert frame.data == b"this is dummy" and frame.body_len == 13


def test_empty_fragment() -> None:
    frame = parse(bytes.fromhex("000000090000000032"))
    assert isinstance(frame, ContinuationFrame) and frame.data == b""


def test_bytes_like_and_bad_data() -> None:
    assert ContinuationFrame(1, bytearray(b"x")).serialize_body() == b"x"  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError, match="CONTINUATION frame data"):
        ContinuationFrame(1, ["x"]).serialize()  # type: ignore[arg-type]


def test_repr() -> None:
    assert repr(ContinuationFrame(1, b"ab")) == (
        "ContinuationFrame(stream_id=1, flags=[]): data=<hex:6162>"
    )
