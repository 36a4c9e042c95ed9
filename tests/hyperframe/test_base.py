"""Frame base class, header codec, type tables and parse entry points (API §2.1, §2.3)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

import hyperframe
from hyperframe.exceptions import (
    InvalidDataError,
    InvalidFrameError,
    UnknownFrameError,
)
from hyperframe.frame import (
    EXTENSION_FRAMES,
    FRAME_MAX_ALLOWED_LEN,
    FRAME_MAX_LEN,
    FRAMES,
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
    Flag,
    Flags,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    OriginFrame,
    PingFrame,
    PriorityFrame,
    PriorityUpdateFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
    parse_frame,
)


def test_version_is_ours() -> None:
    assert hyperframe.__version__ == "7.0.0"


def test_constants() -> None:
    assert FRAME_MAX_LEN == 16384 == 2**14
    assert FRAME_MAX_ALLOWED_LEN == 16777215 == 2**24 - 1


def test_frames_table_is_exactly_the_contract() -> None:
    assert type(FRAMES) is dict
    assert {
        0x0: DataFrame, 0x1: HeadersFrame, 0x2: PriorityFrame, 0x3: RstStreamFrame,
        0x4: SettingsFrame, 0x5: PushPromiseFrame, 0x6: PingFrame, 0x7: GoAwayFrame,
        0x8: WindowUpdateFrame, 0x9: ContinuationFrame, 0xA: AltSvcFrame,
    } == FRAMES
    assert ExtensionFrame not in FRAMES.values()


def test_extension_frames_table() -> None:
    assert {0xC: OriginFrame, 0x10: PriorityUpdateFrame} == EXTENSION_FRAMES


def test_type_bytes_match_the_tables() -> None:
    for frame_type, cls in {**FRAMES, **EXTENSION_FRAMES}.items():
        assert cls.type == frame_type


def test_base_class_attributes() -> None:
    assert Frame.defined_flags == []
    assert Frame.type is None
    assert Frame.stream_association is None


def test_base_frame_can_be_instantiated_but_not_serialised() -> None:
    frame = Frame(0)
    assert frame.stream_id == 0 and frame.body_len == 0 and frame.flags == set()
    with pytest.raises(NotImplementedError):
        frame.serialize_body()
    with pytest.raises(NotImplementedError):
        frame.parse_body(memoryview(b""))
    with pytest.raises(NotImplementedError):
        frame.serialize()
    with pytest.raises(NotImplementedError):
        repr(frame)


def test_constructor_flags_unknown_name_raises_value_error() -> None:
    with pytest.raises(ValueError):
        DataFrame(1, flags=["ACK"])
    with pytest.raises(ValueError):
        Frame(0, flags=["ANY"])


# RFC 9113 §4.1: frame header layout.
def test_parse_frame_header_decodes_fields() -> None:
    frame, length = Frame.parse_frame_header(bytes.fromhex("00010401050000000d"))
    assert isinstance(frame, HeadersFrame)
    assert length == 0x104
    assert frame.stream_id == 13
    assert frame.flags == {"END_STREAM", "END_HEADERS"}
    assert frame.body_len == 0


def test_parse_frame_header_accepts_memoryview_and_bytearray() -> None:
    raw = bytes.fromhex("000008060000000000")
    for header in (memoryview(raw), bytearray(raw)):
        frame, length = Frame.parse_frame_header(header)
        assert isinstance(frame, PingFrame) and length == 8


@pytest.mark.parametrize("header", [b"", b"\x00" * 8, b"\x00" * 10])
def test_parse_frame_header_needs_exactly_nine_bytes(header: bytes) -> None:
    with pytest.raises(InvalidFrameError, match="Invalid frame header"):
        Frame.parse_frame_header(header)


def test_parse_frame_header_rejects_non_bytes() -> None:
    with pytest.raises(InvalidFrameError, match="Invalid frame header"):
        Frame.parse_frame_header("123456789")  # type: ignore[arg-type]


# RFC 9113 §4.1: the reserved bit is ignored when receiving.
def test_parse_frame_header_masks_reserved_bit() -> None:
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000000000080000001"))
    assert frame.stream_id == 1


def test_parse_frame_header_ignores_undefined_flag_bits() -> None:
    frame, _ = Frame.parse_frame_header(bytes.fromhex("00000000f600000001"))
    assert frame.flags == set()
    frame, _ = Frame.parse_frame_header(bytes.fromhex("00000000ff00000001"))
    assert frame.flags == {"END_STREAM", "PADDED"}


# RFC 9113 §6.1: stream association is checked when the header is parsed.
def test_parse_frame_header_checks_stream_association() -> None:
    with pytest.raises(InvalidDataError, match="DataFrame"):
        Frame.parse_frame_header(bytes.fromhex("000000000000000000"))
    with pytest.raises(InvalidDataError, match="SettingsFrame"):
        Frame.parse_frame_header(bytes.fromhex("000000040000000001"))


# RFC 9113 §5.5: unknown frame types are kept, not rejected.
def test_unknown_type_gives_extension_frame() -> None:
    frame, length = Frame.parse_frame_header(bytes.fromhex("00000320ab00000007"))
    assert isinstance(frame, ExtensionFrame)
    assert (frame.type, frame.flag_byte, frame.stream_id, length) == (0x20, 0xAB, 7, 3)


def test_unknown_type_strict_raises_unknown_frame_error() -> None:
    with pytest.raises(UnknownFrameError) as info:
        Frame.parse_frame_header(bytes.fromhex("00000320ab00000007"), strict=True)
    assert (info.value.frame_type, info.value.length) == (0x20, 3)
    assert str(info.value) == "UnknownFrameError: Unknown frame type 0x20 received, length 3 bytes"


@pytest.mark.parametrize(("type_hex", "cls"), [("0c", OriginFrame), ("10", PriorityUpdateFrame)])
def test_extension_types_need_opt_in(type_hex: str, cls: type[Frame]) -> None:
    header = bytes.fromhex(f"000000{type_hex}00 00000000".replace(" ", ""))
    frame, _ = Frame.parse_frame_header(header)
    assert type(frame) is ExtensionFrame
    with pytest.raises(UnknownFrameError):
        Frame.parse_frame_header(header, strict=True)
    frame, _ = Frame.parse_frame_header(header, extensions=True)
    assert type(frame) is cls
    frame, _ = Frame.parse_frame_header(header, True, extensions=True)
    assert type(frame) is cls


def test_extensions_flag_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Frame.parse_frame_header(b"\x00" * 9, False, True)  # type: ignore[call-arg]


def test_extensions_still_falls_back_for_other_unknown_types() -> None:
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000000fe0000000000"), extensions=True)
    assert type(frame) is ExtensionFrame
    with pytest.raises(UnknownFrameError):
        Frame.parse_frame_header(bytes.fromhex("000000fe0000000000"), True, extensions=True)


def test_parse_flags_adds_and_never_removes() -> None:
    frame = DataFrame(1, flags=["END_STREAM"])
    result = frame.parse_flags(0x08)
    assert result is frame.flags
    assert frame.flags == {"END_STREAM", "PADDED"}
    frame.parse_flags(0x00)
    assert frame.flags == {"END_STREAM", "PADDED"}


def test_parse_flags_works_on_a_replaced_plain_set() -> None:
    frame = HeadersFrame(1)
    frame.flags = set()
    assert frame.parse_flags(0x05) == {"END_STREAM", "END_HEADERS"}


def test_serialize_uses_flags_replaced_by_plain_set() -> None:
    frame = DataFrame(1, b"x")
    frame.flags = {"END_STREAM", "SOMETHING_ELSE"}
    assert frame.serialize() == bytes.fromhex("000001000100000001") + b"x"


def test_serialize_uses_a_foreign_flags_object() -> None:
    frame = HeadersFrame(1)
    frame.flags = Flags([Flag("END_HEADERS", 0x10)])
    frame.flags.add("END_HEADERS")
    assert frame.serialize()[4] == 0x04


# RFC 9113 §4.1: the reserved bit MUST remain unset when sending.
def test_serialize_masks_stream_id_to_31_bits() -> None:
    frame = DataFrame(1)
    frame.stream_id = 0x80000003
    assert frame.serialize() == bytes.fromhex("000000000000000003")


def test_serialize_sets_body_len() -> None:
    frame = ContinuationFrame(1, b"abc")
    frame.serialize()
    assert frame.body_len == 3


def test_serialize_bad_stream_id_type_is_invalid_data() -> None:
    frame = ContinuationFrame(1, b"abc")
    frame.stream_id = "one"  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="CONTINUATION"):
        frame.serialize()


def test_default_repr_is_hex_of_body() -> None:
    frame = DataFrame(1, b"\x01\x02")
    assert repr(frame) == "DataFrame(stream_id=1, flags=[]): <hex:0102>"
    frame.data = b""
    assert repr(frame) == "DataFrame(stream_id=1, flags=[]): None"
    frame.data = bytes(range(11))
    assert repr(frame) == "DataFrame(stream_id=1, flags=[]): <hex:00010203040506070809...>"
    frame.data = bytes(range(10))
    assert repr(frame) == "DataFrame(stream_id=1, flags=[]): <hex:00010203040506070809>"


def test_explain_prints_and_returns(capsys: pytest.CaptureFixture[str]) -> None:
    frame, length = Frame.explain(memoryview(bytes.fromhex("000003090400000001616263")))
    assert isinstance(frame, ContinuationFrame) and length == 3 and frame.data == b"abc"
    assert capsys.readouterr().out == (
        "ContinuationFrame(stream_id=1, flags=['END_HEADERS']): data=<hex:616263>\n"
    )


def test_explain_rejects_truncated_frame() -> None:
    with pytest.raises(InvalidFrameError, match="truncated CONTINUATION"):
        Frame.explain(bytes.fromhex("00000309040000000161"))


def test_parse_frame_returns_frame_and_ignores_trailing_bytes() -> None:
    frame, length = parse_frame(bytes.fromhex("000004080000000001000003e8ffff"))
    assert isinstance(frame, WindowUpdateFrame) and frame.window_increment == 1000
    assert length == 4


# RFC 9113 §4.2: a frame over the receiver's SETTINGS_MAX_FRAME_SIZE is an error.
def test_parse_frame_enforces_max_length() -> None:
    wire = DataFrame(1, b"x" * (FRAME_MAX_LEN + 1)).serialize()
    assert parse_frame(wire)[1] == FRAME_MAX_LEN + 1
    with pytest.raises(InvalidFrameError, match="exceeds the maximum frame size 16384"):
        parse_frame(wire, max_length=FRAME_MAX_LEN)


def test_parse_frame_strict_and_extensions() -> None:
    wire = bytes.fromhex("0000000c0000000000")
    assert type(parse_frame(wire)[0]) is ExtensionFrame
    assert type(parse_frame(wire, extensions=True)[0]) is OriginFrame
    with pytest.raises(UnknownFrameError):
        parse_frame(wire, strict=True)


class CustomData(DataFrame):
    """A user subclass with its own constructor logic."""

    __slots__ = ("note",)

    def __init__(self, stream_id: int, **kwargs: Any) -> None:
        super().__init__(stream_id, **kwargs)
        self.note = "built by __init__"


class PlainSubclass(DataFrame):
    __slots__ = ()


class CustomFlagsFrame(Frame):
    """A user frame type registered into FRAMES."""

    defined_flags: ClassVar[list[Flag]] = [Flag("DONE", 0x80)]
    type = 0xEE
    stream_association: ClassVar[str | None] = "has-stream"

    def serialize_body(self) -> bytes:
        return b""

    def parse_body(self, data: memoryview) -> None:
        self.body_len = len(data)


def test_user_subclass_with_own_init_is_built_through_init(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(FRAMES, 0x0, CustomData)
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000000000100000001"))
    assert isinstance(frame, CustomData) and frame.note == "built by __init__"
    assert frame.flags == {"END_STREAM"}


def test_user_subclass_without_init_keeps_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FRAMES, 0x0, PlainSubclass)
    frame, _ = Frame.parse_frame_header(bytes.fromhex("000000000900000001"))
    assert type(frame) is PlainSubclass and frame.flags == {"END_STREAM", "PADDED"}


def test_user_frame_type_registered_in_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FRAMES, 0xEE, CustomFlagsFrame)
    frame, length = Frame.parse_frame_header(bytes.fromhex("000002ee8000000005"))
    assert isinstance(frame, CustomFlagsFrame) and frame.flags == {"DONE"} and length == 2
    assert frame.serialize() == bytes.fromhex("000000ee8000000005")
    with pytest.raises(InvalidDataError, match="CustomFlagsFrame"):
        CustomFlagsFrame(0)


def test_base_class_registered_as_a_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FRAMES, 0xEF, Frame)
    frame, length = Frame.parse_frame_header(bytes.fromhex("000001efff00000002"))
    assert type(frame) is Frame and frame.stream_id == 2 and length == 1
    assert frame.flags == set()


@pytest.mark.parametrize("frame", [DataFrame(1, b"x"), WindowUpdateFrame(1, 5)])
def test_fast_serialize_paths_report_bad_stream_id(frame: Frame) -> None:
    frame.stream_id = "one"  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="stream_id='one'"):
        frame.serialize()


class QuietData(DataFrame):
    __slots__ = ()

    def serialize_body(self) -> bytes:
        return b"override"


class QuietUpdate(WindowUpdateFrame):
    __slots__ = ()

    def serialize_body(self) -> bytes:
        return b"\x00\x00\x00\x09"


def test_subclass_serialize_body_overrides_are_honoured() -> None:
    assert QuietData(1, b"x").serialize()[9:] == b"override"
    assert QuietUpdate(1, 5).serialize()[9:] == b"\x00\x00\x00\x09"


ALL_TYPES = {**FRAMES, **EXTENSION_FRAMES}


# RFC 9113 §6.1-§6.10, RFC 8336 §2.1, RFC 9218 §7.1: stream association of every type.
@pytest.mark.parametrize("frame_type", sorted(ALL_TYPES), ids=lambda t: ALL_TYPES[t].__name__)
def test_header_stream_association_for_every_type(frame_type: int) -> None:
    cls = ALL_TYPES[frame_type]
    zero = bytes([0, 0, 0, frame_type, 0, 0, 0, 0, 0])
    one = bytes([0, 0, 0, frame_type, 0, 0, 0, 0, 1])
    if cls.stream_association == "has-stream":
        with pytest.raises(InvalidDataError, match=cls.__name__):
            Frame.parse_frame_header(zero, extensions=True)
        assert type(Frame.parse_frame_header(one, extensions=True)[0]) is cls
    elif cls.stream_association == "no-stream":
        with pytest.raises(InvalidDataError, match=cls.__name__):
            Frame.parse_frame_header(one, extensions=True)
        assert type(Frame.parse_frame_header(zero, extensions=True)[0]) is cls
    else:
        assert cls.stream_association == "either"
        for header in (zero, one):
            assert type(Frame.parse_frame_header(header, extensions=True)[0]) is cls
