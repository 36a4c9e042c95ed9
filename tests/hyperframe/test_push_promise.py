"""PUSH_PROMISE frames (RFC 9113 §6.6)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError, InvalidPaddingError
from hyperframe.frame import PushPromiseFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert PushPromiseFrame.type == 0x5
    assert [tuple(f) for f in PushPromiseFrame.defined_flags] == [
        ("END_HEADERS", 0x04), ("PADDED", 0x08),
    ]
    assert PushPromiseFrame.stream_association == "has-stream"


def test_defaults_and_positional_arguments() -> None:
    frame = PushPromiseFrame(1)
    assert (frame.promised_stream_id, frame.data, frame.pad_length) == (0, b"", 0)
    frame = PushPromiseFrame(1, 2, b"x")
    assert (frame.promised_stream_id, frame.data) == (2, b"x")


# RFC 9113 §6.6: PUSH_PROMISE frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="PushPromiseFrame"):
        PushPromiseFrame(0)


def test_serialize_plain_and_padded() -> None:
    frame = PushPromiseFrame(1, 2, b"hd", flags=["END_HEADERS"])
    assert frame.serialize() == bytes.fromhex("000006050400000001" "00000002") + b"hd"
    frame = PushPromiseFrame(1, 4, b"hd", pad_length=2, flags=["PADDED"])
    assert frame.serialize() == bytes.fromhex("000009050800000001" "02" "00000004") + b"hd\0\0"


# RFC 9113 §6.6: the reserved bit of the promised id is sent as 0.
def test_serialize_masks_promised_id() -> None:
    frame = PushPromiseFrame(1, 0x80000002)
    assert frame.serialize()[9:] == bytes.fromhex("00000002")


def test_serialize_bad_fields() -> None:
    with pytest.raises(InvalidDataError, match="promised_stream_id"):
        PushPromiseFrame(1, "2").serialize()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError, match="data"):
        PushPromiseFrame(1, 2, "x").serialize()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError, match="pad_length"):
        PushPromiseFrame(1, 2, pad_length=300, flags=["PADDED"]).serialize()


def test_parse_plain() -> None:
    frame = parse(bytes.fromhex("000006050400000001" "00000002") + b"hd")
    assert isinstance(frame, PushPromiseFrame)
    assert (frame.promised_stream_id, frame.data, frame.body_len) == (2, b"hd", 6)


def test_parse_padded() -> None:
    frame = parse(bytes.fromhex("000009050800000001" "02" "00000004") + b"hd\0\0")
    assert isinstance(frame, PushPromiseFrame)
    assert (frame.promised_stream_id, frame.data, frame.pad_length, frame.body_len) == (
        4, b"hd", 2, 9,
    )


# RFC 9113 §6.6: the reserved bit of the promised id is ignored on receipt.
def test_parse_masks_promised_id() -> None:
    frame = parse(bytes.fromhex("000004050000000001" "80000002"))
    assert isinstance(frame, PushPromiseFrame) and frame.promised_stream_id == 2


@pytest.mark.parametrize("size", [0, 3])
def test_parse_too_short_for_promised_id(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="promised stream id"):
        PushPromiseFrame(1).parse_body(memoryview(b"\x00" * size))


def test_parse_padded_empty_payload() -> None:
    frame = PushPromiseFrame(1, flags=["PADDED"])
    with pytest.raises(InvalidFrameError, match="PADDED"):
        frame.parse_body(memoryview(b""))


# RFC 9113 §5.1.1, §6.6: the promised id is a new even (server-initiated) stream.
@pytest.mark.parametrize("promised", ["00000000", "00000003", "80000000"])
def test_parse_promised_id_zero_or_odd(promised: str) -> None:
    with pytest.raises(InvalidDataError, match="even and non-zero"):
        parse(bytes.fromhex("000004050000000001" + promised))


# RFC 9113 §6.6: padding may not exceed the room after the promised id.
def test_parse_padding_overlapping_promised_id() -> None:
    wire = bytes.fromhex("000007050800000001" "03" "000000020000")
    with pytest.raises(InvalidPaddingError, match="overlaps"):
        parse(wire)


def test_parse_padding_leaving_empty_fragment() -> None:
    frame = parse(bytes.fromhex("000007050800000001" "02" "00000002" "0000"))
    assert isinstance(frame, PushPromiseFrame) and frame.data == b"" and frame.pad_length == 2


def test_repr() -> None:
    assert repr(PushPromiseFrame(1)).endswith("promised_stream_id=0, data=None")
    assert repr(PushPromiseFrame(1, 2, b"a")) == (
        "PushPromiseFrame(stream_id=1, flags=[]): promised_stream_id=2, data=<hex:61>"
    )
