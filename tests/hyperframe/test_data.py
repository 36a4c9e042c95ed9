"""DATA frames (RFC 9113 §6.1)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError, InvalidPaddingError
from hyperframe.frame import DataFrame, Frame, Padding


def parse(wire: bytes) -> DataFrame:
    frame, length = Frame.parse_frame_header(wire[:9])
    assert isinstance(frame, DataFrame)
    frame.parse_body(memoryview(wire[9 : 9 + length]))
    return frame


def test_class_attributes() -> None:
    assert DataFrame.type == 0x0
    assert [tuple(f) for f in DataFrame.defined_flags] == [("END_STREAM", 0x01), ("PADDED", 0x08)]
    assert DataFrame.stream_association == "has-stream"
    assert DataFrame.__mro__[1:3] == (Padding, Frame)


def test_defaults() -> None:
    frame = DataFrame(1)
    assert (frame.data, frame.pad_length, frame.body_len) == (b"", 0, 0)
    assert frame.flags == set()


# RFC 9113 §6.1: DATA frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="Stream ID must be non-zero for DataFrame"):
        DataFrame(0)


def test_serialize_plain() -> None:
    frame = DataFrame(1, b"hello", flags=["END_STREAM"])
    assert frame.serialize() == bytes.fromhex("000005000100000001") + b"hello"
    assert frame.body_len == 5


def test_serialize_memoryview_data() -> None:
    frame = DataFrame(1, memoryview(b"abc"))  # type: ignore[arg-type]
    assert frame.serialize() == bytes.fromhex("000003000000000001") + b"abc"


def test_serialize_non_bytes_data_is_invalid_data() -> None:
    with pytest.raises(InvalidDataError, match="DATA frame data must be bytes"):
        DataFrame(1, "text").serialize()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError):
        DataFrame(1, 5).serialize()  # type: ignore[arg-type]


# RFC 9113 §6.1: Pad Length byte, data, then that many zero padding bytes.
def test_serialize_padded() -> None:
    frame = DataFrame(3, b"ab", pad_length=3, flags=["PADDED"])
    assert frame.serialize() == bytes.fromhex("000006000800000003") + b"\x03ab\x00\x00\x00"


def test_serialize_padded_with_zero_pad_length() -> None:
    frame = DataFrame(3, b"ab", flags=["PADDED"])
    assert frame.serialize() == bytes.fromhex("000003000800000003") + b"\x00ab"


@pytest.mark.parametrize("pad_length", [-1, 256, "3"])
def test_serialize_bad_pad_length(pad_length: object) -> None:
    frame = DataFrame(1, b"x", flags=["PADDED"])
    frame.pad_length = pad_length  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="pad_length"):
        frame.serialize()


def test_parse_plain() -> None:
    frame = parse(bytes.fromhex("000005000100000001") + b"hello")
    assert frame.data == b"hello" and type(frame.data) is bytes
    assert frame.body_len == 5 and frame.pad_length == 0
    assert frame.flags == {"END_STREAM"}


def test_parse_padded() -> None:
    frame = parse(bytes.fromhex("000006000800000003") + b"\x03ab\x00\x00\x00")
    assert (frame.data, frame.pad_length, frame.body_len) == (b"ab", 3, 6)


def test_parse_padding_fills_everything_after_pad_byte() -> None:
    frame = parse(bytes.fromhex("000004000800000003") + b"\x03\x00\x00\x00")
    assert (frame.data, frame.pad_length) == (b"", 3)


# RFC 9113 §6.1: padding length >= payload length is a PROTOCOL_ERROR.
@pytest.mark.parametrize("pad_length", [4, 5, 255])
def test_parse_padding_too_long(pad_length: int) -> None:
    wire = bytes.fromhex("000004000800000003") + bytes([pad_length]) + b"\x00" * 3
    with pytest.raises(InvalidPaddingError, match="DATA"):
        parse(wire)


def test_parse_padded_with_empty_payload() -> None:
    with pytest.raises(InvalidFrameError, match="DATA frame has the PADDED flag"):
        parse(bytes.fromhex("000000000800000003"))


def test_parse_body_accepts_bytes() -> None:
    frame = DataFrame(1)
    frame.parse_body(b"abc")  # type: ignore[arg-type]
    assert frame.data == b"abc"


def test_parse_body_with_replaced_plain_set_flags() -> None:
    frame = DataFrame(1)
    frame.flags = {"PADDED"}
    frame.parse_body(memoryview(b"\x01ab\x00"))
    assert (frame.data, frame.pad_length) == (b"ab", 1)
    frame.data = b"xy"
    assert frame.serialize_body() == b"\x01xy\x00"


# RFC 9113 §6.9.1: the whole payload, pad byte included, is flow-controlled.
def test_flow_controlled_length() -> None:
    assert DataFrame(1, b"abc").flow_controlled_length == 3
    assert DataFrame(1, b"abc", flags=["PADDED"]).flow_controlled_length == 4
    assert DataFrame(1, b"abc", pad_length=5, flags=["PADDED"]).flow_controlled_length == 9
    frame = parse(bytes.fromhex("000006000800000003") + b"\x03ab\x00\x00\x00")
    assert frame.flow_controlled_length == frame.body_len == 6


def test_total_padding_is_a_deprecated_alias() -> None:
    frame = DataFrame(1, pad_length=7)
    with pytest.warns(DeprecationWarning):
        assert frame.total_padding == 7


def test_repr() -> None:
    frame = DataFrame(1, b"abc", pad_length=1, flags=["PADDED", "END_STREAM"])
    assert repr(frame) == "DataFrame(stream_id=1, flags=['END_STREAM', 'PADDED']): <hex:0161626300>"


def test_constructor_keywords_only_after_data() -> None:
    with pytest.raises(TypeError):
        DataFrame(1, b"", 3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        DataFrame(1, padding_length=3)  # type: ignore[call-arg]
