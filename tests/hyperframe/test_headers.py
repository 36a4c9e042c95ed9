"""HEADERS frames (RFC 9113 §6.2)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError, InvalidPaddingError
from hyperframe.frame import Frame, HeadersFrame, Padding, Priority


def parse(wire: bytes) -> HeadersFrame:
    frame, length = Frame.parse_frame_header(wire[:9])
    assert isinstance(frame, HeadersFrame)
    frame.parse_body(memoryview(wire[9 : 9 + length]))
    return frame


def test_class_attributes() -> None:
    assert HeadersFrame.type == 0x1
    assert [tuple(f) for f in HeadersFrame.defined_flags] == [
        ("END_STREAM", 0x01), ("END_HEADERS", 0x04), ("PADDED", 0x08), ("PRIORITY", 0x20),
    ]
    assert HeadersFrame.stream_association == "has-stream"
    assert HeadersFrame.__mro__[1:4] == (Padding, Priority, Frame)


def test_defaults() -> None:
    frame = HeadersFrame(1)
    assert (frame.data, frame.pad_length, frame.depends_on, frame.stream_weight) == (b"", 0, 0, 0)
    assert frame.exclusive is False and frame.body_len == 0


# RFC 9113 §6.2: HEADERS frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="HeadersFrame"):
        HeadersFrame(0)


def test_mixin_keywords_through_constructor() -> None:
    frame = HeadersFrame(
        1, data=b"...", pad_length=3, flags=["PADDED", "END_HEADERS"], depends_on=0,
        stream_weight=15,
    )
    assert (frame.pad_length, frame.stream_weight, frame.depends_on) == (3, 15, 0)
    assert frame.serialize() == bytes.fromhex("000007010c00000001") + b"\x03...\x00\x00\x00"


def test_serialize_plain() -> None:
    frame = HeadersFrame(1, b"abc", flags=["END_HEADERS"])
    assert frame.serialize() == bytes.fromhex("000003010400000001") + b"abc"


# RFC 9113 §6.2: priority fields are present only with the PRIORITY flag.
def test_serialize_priority_only_with_flag() -> None:
    frame = HeadersFrame(3, b"x", depends_on=1, stream_weight=200, exclusive=True)
    assert frame.serialize() == bytes.fromhex("000001010000000003") + b"x"
    frame.flags.add("PRIORITY")
    assert frame.serialize() == bytes.fromhex("000006012000000003") + bytes.fromhex(
        "80000001c8"
    ) + b"x"


def test_serialize_padding_and_priority() -> None:
    frame = HeadersFrame(
        3, b"dummy", pad_length=2, depends_on=20, stream_weight=9, exclusive=True,
        flags=["PADDED", "PRIORITY", "END_HEADERS"],
    )
    wire = frame.serialize()
    assert wire == bytes.fromhex("00000d012c00000003" "02" "8000001409") + b"dummy\x00\x00"
    assert frame.body_len == 13


@pytest.mark.parametrize("weight", [-1, 256, 1.5])
def test_priority_weight_out_of_range_is_invalid_data(weight: object) -> None:
    frame = HeadersFrame(1, flags=["PRIORITY"])
    frame.stream_weight = weight  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="stream_weight"):
        frame.serialize()


def test_priority_depends_on_is_masked_to_31_bits() -> None:
    frame = HeadersFrame(1, flags=["PRIORITY"], depends_on=0xFFFFFFFF, stream_weight=1)
    assert frame.serialize()[9:] == bytes.fromhex("7fffffff01")


def test_parse_plain() -> None:
    frame = parse(bytes.fromhex("000003010500000001") + b"abc")
    assert frame.data == b"abc" and frame.flags == {"END_STREAM", "END_HEADERS"}
    assert frame.body_len == 3 and frame.depends_on == 0


def test_parse_priority() -> None:
    frame = parse(bytes.fromhex("000006012000000003") + bytes.fromhex("80000001c8") + b"x")
    assert (frame.depends_on, frame.stream_weight, frame.exclusive) == (1, 200, True)
    assert frame.data == b"x" and frame.body_len == 6


# RFC 9113 §6.2: PRIORITY flag needs the 5 priority bytes.
def test_parse_priority_too_short() -> None:
    with pytest.raises(InvalidFrameError, match="HEADERS frame with the PRIORITY flag"):
        parse(bytes.fromhex("000004012000000003") + b"\x00" * 4)
    with pytest.raises(InvalidFrameError):
        parse(bytes.fromhex("000005012800000003") + b"\x00" * 5)


def test_parse_padded_priority() -> None:
    wire = bytes.fromhex("00000a012800000003") + b"\x02" + bytes.fromhex("0000000510") + b"ab\0\0"
    frame = parse(wire)
    assert (frame.pad_length, frame.depends_on, frame.stream_weight, frame.data) == (
        2, 5, 16, b"ab",
    )
    assert frame.body_len == 10


def test_parse_padded_with_empty_payload() -> None:
    with pytest.raises(InvalidFrameError, match="HEADERS frame has the PADDED flag"):
        parse(bytes.fromhex("000000010800000001"))


# RFC 9113 §6.2: padding exceeding the room left for the fragment is a PROTOCOL_ERROR.
def test_parse_padding_longer_than_remaining() -> None:
    with pytest.raises(InvalidPaddingError, match="HEADERS"):
        parse(bytes.fromhex("000004010800000001") + b"\x04abc")
    with pytest.raises(InvalidPaddingError):
        parse(bytes.fromhex("000007012800000001") + b"\x02" + b"\x00" * 5 + b"a")


def test_parse_padding_leaving_empty_fragment_is_legal() -> None:
    frame = parse(bytes.fromhex("000004010800000001") + b"\x03\x00\x00\x00")
    assert (frame.data, frame.pad_length, frame.body_len) == (b"", 3, 4)


def test_parse_body_with_plain_set_flags() -> None:
    frame = HeadersFrame(1)
    frame.flags = {"PRIORITY", "PADDED"}
    frame.parse_body(memoryview(b"\x01" + bytes.fromhex("0000000303") + b"z\x00"))
    assert (frame.depends_on, frame.stream_weight, frame.data, frame.pad_length) == (
        3, 3, b"z", 1,
    )
    assert frame.serialize_body() == b"\x01" + bytes.fromhex("0000000303") + b"z\x00"
    frame.flags = {"END_HEADERS"}
    assert frame.serialize_body() == b"z"


def test_non_bytes_data_is_invalid_data() -> None:
    with pytest.raises(InvalidDataError):
        HeadersFrame(1, "abc").serialize()  # type: ignore[arg-type]
    assert HeadersFrame(1, bytearray(b"ab")).serialize_body() == b"ab"  # type: ignore[arg-type]


def test_repr() -> None:
    frame = HeadersFrame(1, b"ab", flags=["END_HEADERS"], depends_on=3, stream_weight=4)
    assert repr(frame) == (
        "HeadersFrame(stream_id=1, flags=['END_HEADERS']): exclusive=False, depends_on=3, "
        "stream_weight=4, data=<hex:6162>"
    )
    assert repr(HeadersFrame(1)).endswith("data=None")
