"""Deliberate differences from hyperframe 6.1.0, one test per entry of
docs/compatibility/hyperframe.md (API contract §0.1, Appendix B items 1-6)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError, InvalidPaddingError
from hyperframe.frame import (
    AltSvcFrame,
    DataFrame,
    ExtensionFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    PriorityFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

from .helpers import parse


# Appendix B 1 / RFC 9113 §6.5.1: SETTINGS identifiers are 16 bits on the wire.
def test_b1_settings_identifier_is_16_bits() -> None:
    assert SettingsFrame(settings={0x1234: 1}).serialize()[9:11] == b"\x12\x34"


# Appendix B 1 / RFC 9113 §6.8, §6.9: the reserved bit is ignored on receipt.
def test_b1_reserved_bit_masked_on_goaway_and_window_update() -> None:
    goaway = parse(bytes.fromhex("000008070000000000" "80000003" "00000000"))
    assert isinstance(goaway, GoAwayFrame) and goaway.last_stream_id == 3
    update = parse(bytes.fromhex("000004080000000000" "80000001"))
    assert isinstance(update, WindowUpdateFrame) and update.window_increment == 1


# Appendix B 2 / RFC 9113 §6.1: padding exists only with PADDED; never emit stray zeros.
def test_b2_no_padding_without_padded_flag() -> None:
    frame = DataFrame(1, b"x", pad_length=3)
    assert frame.serialize() == bytes.fromhex("000001000000000001") + b"x"
    headers = HeadersFrame(1, b"x", pad_length=3)
    assert headers.serialize_body() == b"x"
    promise = PushPromiseFrame(1, 2, b"x", pad_length=3)
    assert promise.serialize_body() == b"\0\0\0\x02x"


# Appendix B 3: a hand-built ExtensionFrame serialises its real body length.
def test_b3_extension_frame_length_from_body() -> None:
    assert ExtensionFrame(0xEE, 1, 0, b"abc").serialize()[:3] == b"\x00\x00\x03"


# Appendix B 4 / RFC 9113 §6.2: body_len is the full payload; an empty fragment is legal.
def test_b4_padded_headers_body_len_and_empty_fragment() -> None:
    frame = parse(bytes.fromhex("000004010c00000001") + b"\x01ab\x00")
    assert isinstance(frame, HeadersFrame) and frame.body_len == 4 and frame.data == b"ab"
    empty = parse(bytes.fromhex("000003010c00000001") + b"\x02\x00\x00")
    assert isinstance(empty, HeadersFrame) and empty.data == b""


# Appendix B 5 / RFC 9113 §6.6: padding reaching into the promised id is an error.
def test_b5_push_promise_padding_overlap() -> None:
    with pytest.raises(InvalidPaddingError):
        # 5-byte payload: pad length 1, so only 3 bytes remain for the 4-byte id.
        parse(bytes.fromhex("000005050800000001" "01" "00000002"))


# Appendix B 6 / RFC 9113 §4.1: a body that does not fit 24 bits is refused.
def test_b6_oversize_body() -> None:
    with pytest.raises(InvalidFrameError):
        DataFrame(1, bytes(2**24)).serialize()


# Appendix B 6: priority weight outside 0-255 is InvalidDataError, not struct.error.
def test_b6_priority_weight() -> None:
    with pytest.raises(InvalidDataError):
        PriorityFrame(1, stream_weight=256).serialize()
    with pytest.raises(InvalidDataError):
        HeadersFrame(1, stream_weight=-1, flags=["PRIORITY"]).serialize()


# Appendix B 6: ALTSVC field types are checked on serialize too.
def test_b6_altsvc_types_on_serialize() -> None:
    frame = AltSvcFrame(0, b"origin", b"field")
    frame.field = "text"  # type: ignore[assignment]
    with pytest.raises(InvalidDataError):
        frame.serialize()


# RFC 9113 §6.6: PUSH_PROMISE promised id reserved bit ignored on receipt, cleared on send.
def test_push_promise_promised_id_masked() -> None:
    frame = parse(bytes.fromhex("000004050000000001" "80000004"))
    assert isinstance(frame, PushPromiseFrame) and frame.promised_stream_id == 4
    assert PushPromiseFrame(1, 0x80000004).serialize_body() == b"\x00\x00\x00\x04"


# RFC 9113 §6.5: never emit a SETTINGS ACK that carries settings.
def test_settings_ack_with_payload_refused_on_serialize() -> None:
    frame = SettingsFrame(settings={1: 1})
    frame.flags.add("ACK")
    with pytest.raises(InvalidDataError):
        frame.serialize()
    # Same when the ACK comes from parse_flags and the settings are assigned later
    # (the route hyperframe 6.1.0's own serialisation test takes).
    acked = SettingsFrame()
    acked.parse_flags(0xFF)
    acked.settings = {SettingsFrame.MAX_FRAME_SIZE: 16384}
    with pytest.raises(InvalidDataError):
        acked.serialize()


# Out-of-range or mistyped fields raise InvalidDataError rather than struct.error/TypeError.
@pytest.mark.parametrize(
    "frame",
    [
        RstStreamFrame(1, 2**32),
        GoAwayFrame(0, 1, -1),
        SettingsFrame(settings={1: 2**32}),
        DataFrame(1, "text"),  # type: ignore[arg-type]
        DataFrame(1, b"", pad_length=256, flags=["PADDED"]),
        ExtensionFrame(0x100, 1),
    ],
    ids=["rst-code", "goaway-code", "settings-value", "data-type", "pad-length", "ext-type"],
)
def test_field_errors_are_invalid_data(frame: Frame) -> None:
    with pytest.raises(InvalidDataError):
        frame.serialize()


# explain() needs a complete frame; a truncated one is an error, not a partial parse.
def test_explain_truncated() -> None:
    with pytest.raises(InvalidFrameError, match="truncated"):
        Frame.explain(bytes.fromhex("000004080000000001"))


# Set algebra on Flags returns plain sets (6.1.0 raised AttributeError).
def test_flags_set_algebra_returns_plain_sets() -> None:
    flags = DataFrame(1, flags=["END_STREAM"]).flags
    assert (flags | {"X"}) == {"END_STREAM", "X"} and type(flags - {"X"}) is set


# Fields live in __slots__, but instances stay open as in 6.1: extra attributes
# can be attached, and ``type`` can be shadowed per instance (h2's upstream tests
# turn a DATA frame into an unknown type that way); the fast paths honour it.
def test_instances_accept_attributes_and_a_shadowed_type() -> None:
    frame = DataFrame(1, b"abc")
    frame.custom = 1  # type: ignore[attr-defined]
    assert frame.custom == 1  # type: ignore[attr-defined]
    frame.type = 0x58
    wire = frame.serialize()
    assert wire == bytes.fromhex("000003580000000001") + b"abc"
    assert DataFrame.type == 0x0 and DataFrame(1, b"abc").serialize()[3] == 0x0
    parsed, length = Frame.parse_frame_header(wire[:9])
    assert isinstance(parsed, ExtensionFrame) and (parsed.type, length) == (0x58, 3)
    update = WindowUpdateFrame(1, 5)
    update.type = 0x59
    assert update.serialize() == bytes.fromhex("000004590000000001") + b"\0\0\0\x05"
    assert WindowUpdateFrame(1, 5).serialize()[3] == 0x8
    update.type = 0x100  # out of range: reported, never wrapped
    with pytest.raises(InvalidDataError):
        update.serialize()


# Well-formed frames that break a protocol rule can still be built, so tests can send them.
def test_protocol_violations_stay_serialisable() -> None:
    assert WindowUpdateFrame(1, 0).serialize()[9:] == b"\0\0\0\0"
    data = DataFrame(1, b"x")
    data.stream_id = 0
    assert data.serialize()[5:9] == b"\0\0\0\0"
    assert PushPromiseFrame(1, 3).serialize()[9:] == b"\0\0\0\x03"
