"""Property tests: every frame class round-trips; arbitrary bytes only raise HyperframeError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hyperframe.exceptions import HyperframeError
from hyperframe.frame import (
    EXTENSION_FRAMES,
    FRAMES,
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
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

stream_ids = st.integers(min_value=1, max_value=2**31 - 1)
any_stream_ids = st.integers(min_value=0, max_value=2**31 - 1)
uint32 = st.integers(min_value=0, max_value=2**32 - 1)
byte = st.integers(min_value=0, max_value=255)
blobs = st.binary(max_size=300)


def flag_subsets(cls: type[Frame]) -> st.SearchStrategy[set[str]]:
    return st.sets(st.sampled_from([flag.name for flag in cls.defined_flags] or [""])).map(
        lambda names: names - {""}
    )


@st.composite
def data_frames(draw: Callable[..., Any]) -> DataFrame:
    flags = draw(flag_subsets(DataFrame))
    pad = draw(byte) if "PADDED" in flags else 0
    return DataFrame(draw(stream_ids), draw(blobs), pad_length=pad, flags=flags)


@st.composite
def headers_frames(draw: Callable[..., Any]) -> HeadersFrame:
    flags = draw(flag_subsets(HeadersFrame))
    frame = HeadersFrame(draw(stream_ids), draw(blobs), flags=flags)
    if "PADDED" in flags:
        frame.pad_length = draw(byte)
    if "PRIORITY" in flags:
        frame.depends_on = draw(any_stream_ids)
        frame.stream_weight = draw(byte)
        frame.exclusive = draw(st.booleans())
    return frame


@st.composite
def push_promise_frames(draw: Callable[..., Any]) -> PushPromiseFrame:
    flags = draw(flag_subsets(PushPromiseFrame))
    promised = 2 * draw(st.integers(min_value=1, max_value=2**30 - 1))
    pad = draw(byte) if "PADDED" in flags else 0
    return PushPromiseFrame(draw(stream_ids), promised, draw(blobs), pad_length=pad, flags=flags)


@st.composite
def settings_frames(draw: Callable[..., Any]) -> SettingsFrame:
    if draw(st.booleans()):
        return SettingsFrame(flags=["ACK"])
    entries = draw(st.dictionaries(st.integers(0, 0xFFFF), uint32, max_size=10))
    return SettingsFrame(0, entries)


FRAME_STRATEGIES: dict[str, st.SearchStrategy[Frame]] = {
    "DATA": data_frames(),
    "HEADERS": headers_frames(),
    "PRIORITY": st.builds(PriorityFrame, stream_ids, any_stream_ids, byte, st.booleans()),
    "RST_STREAM": st.builds(RstStreamFrame, stream_ids, uint32),
    "SETTINGS": settings_frames(),
    "PUSH_PROMISE": push_promise_frames(),
    "PING": st.builds(
        PingFrame, st.just(0), st.binary(min_size=8, max_size=8), flags=flag_subsets(PingFrame)
    ),
    "GOAWAY": st.builds(GoAwayFrame, st.just(0), any_stream_ids, uint32, blobs),
    "WINDOW_UPDATE": st.builds(
        WindowUpdateFrame, any_stream_ids, st.integers(min_value=1, max_value=2**31 - 1)
    ),
    "CONTINUATION": st.builds(
        ContinuationFrame, stream_ids, blobs, flags=flag_subsets(ContinuationFrame)
    ),
    "ALTSVC": st.builds(AltSvcFrame, any_stream_ids, st.binary(max_size=100), blobs),
    "ORIGIN": st.builds(OriginFrame, st.just(0), st.lists(st.binary(max_size=60), max_size=5)),
    "PRIORITY_UPDATE": st.builds(
        PriorityUpdateFrame, st.just(0), stream_ids, st.binary(max_size=40)
    ),
    "EXTENSION": st.builds(
        ExtensionFrame,
        st.integers(0, 255).filter(lambda t: t not in FRAMES and t not in EXTENSION_FRAMES),
        any_stream_ids, byte, blobs,
    ),
}


def fields(frame: Frame) -> dict[str, Any]:
    """Every slot of the frame (flags as a plain set of names)."""
    names = {name for cls in type(frame).__mro__ for name in getattr(cls, "__slots__", ())}
    values = {name: getattr(frame, name) for name in names}
    values["flags"] = set(frame.flags)
    return values


def round_trip(frame: Frame) -> None:
    wire = frame.serialize()
    assert frame.body_len == len(wire) - 9
    parsed, length = parse_frame(wire, strict=not isinstance(frame, ExtensionFrame),
                                 extensions=True)
    assert type(parsed) is type(frame)
    assert length == len(wire) - 9
    assert fields(parsed) == fields(frame)
    assert parsed.serialize() == wire


for _name, _strategy in FRAME_STRATEGIES.items():

    def _make(strategy: st.SearchStrategy[Frame]) -> Callable[[], None]:
        @settings(max_examples=150, deadline=None)
        @given(strategy)
        def test(frame: Frame) -> None:
            round_trip(frame)

        return test

    globals()[f"test_round_trip_{_name.lower()}"] = _make(_strategy)


def _parse_any(header: bytes, body: bytes, strict: bool, extensions: bool) -> None:
    try:
        frame, _length = Frame.parse_frame_header(header, strict, extensions=extensions)
        frame.parse_body(memoryview(body))
    except HyperframeError:
        return
    repr(frame)


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=64), st.booleans(), st.booleans())
def test_arbitrary_bytes_raise_only_hyperframe_errors(
    data: bytes, strict: bool, extensions: bool
) -> None:
    _parse_any(data[:9], data[9:], strict, extensions)


@settings(max_examples=1000, deadline=None)
@given(
    st.integers(0, 0x11), byte, st.integers(0, 2**32 - 1), st.binary(max_size=40),
    st.booleans(), st.booleans(),
)
def test_well_formed_headers_with_arbitrary_bodies(
    frame_type: int, flag_byte: int, stream_id: int, body: bytes, strict: bool, extensions: bool
) -> None:
    header = len(body).to_bytes(3, "big") + bytes((frame_type, flag_byte)) + stream_id.to_bytes(
        4, "big"
    )
    _parse_any(header, body, strict, extensions)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=80), st.integers(0, 100))
def test_parse_frame_raises_only_hyperframe_errors(data: bytes, max_length: int) -> None:
    with contextlib.suppress(HyperframeError):
        parse_frame(data, extensions=True, max_length=max_length)
