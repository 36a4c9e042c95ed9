"""SETTINGS frames (RFC 9113 §6.5)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import SettingsFrame

from .helpers import parse


def test_class_attributes_and_constants() -> None:
    assert SettingsFrame.type == 0x4
    assert [tuple(f) for f in SettingsFrame.defined_flags] == [("ACK", 0x01)]
    assert SettingsFrame.stream_association == "no-stream"
    assert (
        SettingsFrame.HEADER_TABLE_SIZE, SettingsFrame.ENABLE_PUSH,
        SettingsFrame.MAX_CONCURRENT_STREAMS, SettingsFrame.INITIAL_WINDOW_SIZE,
        SettingsFrame.MAX_FRAME_SIZE, SettingsFrame.MAX_HEADER_LIST_SIZE,
        SettingsFrame.ENABLE_CONNECT_PROTOCOL,
    ) == (1, 2, 3, 4, 5, 6, 8)


def test_defaults() -> None:
    frame = SettingsFrame()
    assert frame.stream_id == 0 and frame.settings == {}
    assert SettingsFrame(0, None).settings == {}


# RFC 9113 §6.5: SETTINGS always applies to the connection (stream 0).
def test_non_zero_stream_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="SettingsFrame"):
        SettingsFrame(1)


# RFC 9113 §6.5: an ACK carries an empty payload.
def test_ack_with_settings_rejected_at_construction() -> None:
    with pytest.raises(InvalidDataError):
        SettingsFrame(settings={1: 2}, flags=["ACK"])
    assert SettingsFrame(settings={}, flags=["ACK"]).serialize() == bytes.fromhex(
        "000000040100000000"
    )


def test_ack_with_settings_rejected_at_serialization() -> None:
    frame = SettingsFrame(settings={1: 2})
    frame.flags.add("ACK")
    with pytest.raises(InvalidDataError, match="ACK"):
        frame.serialize()


# RFC 9113 §6.5.1: 16-bit identifier, 32-bit value, in dict order.
def test_serialize_entries_in_dict_order() -> None:
    frame = SettingsFrame(settings={3: 5000, 1: 8192, 0x1234: 0xFFFFFFFF})
    assert frame.serialize() == bytes.fromhex(
        "000012040000000000" "000300001388" "000100002000" "1234ffffffff"
    )


@pytest.mark.parametrize(
    ("settings", "match"),
    [({0x10000: 1}, "identifier"), ({-1: 1}, "identifier"), ({"x": 1}, "identifier"),
     ({1: 2**32}, "values"), ({1: -1}, "values"), ({1: "x"}, "values")],
)
def test_serialize_out_of_range(settings: dict[object, object], match: str) -> None:
    with pytest.raises(InvalidDataError, match=match):
        SettingsFrame(settings=settings).serialize()  # type: ignore[arg-type]


def test_parse_entries_later_duplicates_win() -> None:
    frame = parse(bytes.fromhex("000012040000000000" "000100002000" "000300001388" "000100000001"))
    assert isinstance(frame, SettingsFrame)
    assert frame.settings == {1: 1, 3: 5000} and frame.body_len == 18


def test_parse_unknown_identifiers_are_kept() -> None:
    frame = parse(bytes.fromhex("000006040000000000" "abcd00000007"))
    assert isinstance(frame, SettingsFrame) and frame.settings == {0xABCD: 7}


def test_parse_into_existing_dict() -> None:
    frame = SettingsFrame(settings={9: 9})
    frame.parse_body(memoryview(bytes.fromhex("000100000001")))
    assert frame.settings == {9: 9, 1: 1}


def test_parse_empty() -> None:
    frame = parse(bytes.fromhex("000000040000000000"))
    assert isinstance(frame, SettingsFrame) and frame.settings == {} and frame.body_len == 0


# RFC 9113 §6.5: ACK with a non-empty payload is a FRAME_SIZE_ERROR (checked first).
def test_parse_ack_with_payload() -> None:
    with pytest.raises(InvalidDataError, match="ACK"):
        parse(bytes.fromhex("000005040100000000") + b"\x00" * 5)


# RFC 9113 §6.5: a length that is not a multiple of 6 is a FRAME_SIZE_ERROR.
@pytest.mark.parametrize("size", [1, 5, 7, 11])
def test_parse_partial_entry(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="not a multiple of 6"):
        SettingsFrame().parse_body(memoryview(b"\x00" * size))


def test_repr() -> None:
    assert repr(SettingsFrame(settings={5: 16384})) == (
        "SettingsFrame(stream_id=0, flags=[]): settings={5: 16384}"
    )
