"""Our direct frame serialisers emit exactly what hyperframe emits (RFC 9113 §4.1, §6)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from h2 import _wire
from hyperframe.frame import (
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    PriorityFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

stream_ids = st.integers(1, 2**31 - 1)


@given(stream_ids, st.binary(max_size=64), st.booleans(), st.one_of(st.none(), st.integers(0, 255)))
def test_data(stream_id: int, data: bytes, end: bool, pad: int | None) -> None:
    out = bytearray()
    _wire.write_data(out, stream_id, data, end, pad)
    flags = (["END_STREAM"] if end else []) + (["PADDED"] if pad is not None else [])
    expected = DataFrame(stream_id, data=data, flags=flags, pad_length=pad or 0).serialize()
    assert bytes(out) == expected


@given(stream_ids, st.integers(0, 2**32 - 1))
def test_rst_and_window_update(stream_id: int, value: int) -> None:
    out = bytearray()
    _wire.write_rst_stream(out, stream_id, value)
    assert bytes(out) == RstStreamFrame(stream_id, error_code=value).serialize()
    out = bytearray()
    increment = value & 0x7FFFFFFF or 1
    _wire.write_window_update(out, stream_id, increment)
    assert bytes(out) == WindowUpdateFrame(stream_id, window_increment=increment).serialize()


def test_settings_ping_goaway_priority_altsvc() -> None:
    out = bytearray()
    _wire.write_settings(out, {1: 4096, 4: 65535})
    assert bytes(out) == SettingsFrame(0, settings={1: 4096, 4: 65535}).serialize()
    out = bytearray()
    _wire.write_settings(out, {}, ack=True)
    assert bytes(out) == SettingsFrame(0, flags=["ACK"]).serialize()
    out = bytearray()
    _wire.write_ping(out, b"abcdefgh", ack=True)
    assert bytes(out) == PingFrame(0, opaque_data=b"abcdefgh", flags=["ACK"]).serialize()
    out = bytearray()
    _wire.write_goaway(out, 7, 2, b"dbg")
    assert bytes(out) == GoAwayFrame(0, last_stream_id=7, error_code=2,
                                     additional_data=b"dbg").serialize()
    out = bytearray()
    _wire.write_priority(out, 3, 1, 256, True)
    assert bytes(out) == PriorityFrame(3, depends_on=1, stream_weight=255,
                                       exclusive=True).serialize()
    out = bytearray()
    _wire.write_altsvc(out, 0, b"origin", b"field")
    assert bytes(out) == AltSvcFrame(0, origin=b"origin", field=b"field").serialize()


@given(st.binary(max_size=100), st.integers(16, 40), st.booleans(), st.booleans())
def test_header_blocks_split_like_hyperframe(block: bytes, max_size: int, end: bool,
                                             priority: bool) -> None:
    out = bytearray()
    flags = (_wire.END_STREAM if end else 0) | (_wire.PRIORITY_FLAG if priority else 0)
    prefix = _wire.priority_bytes(0, 16, False) if priority else b""
    _wire.write_header_block(out, _wire.HEADERS, 1, flags, prefix, block, max_size)
    room = max_size - len(prefix)
    chunks = [block[:room]]
    rest = block[room:]
    while rest:
        chunks.append(rest[:max_size])
        rest = rest[max_size:]
    names = (["END_STREAM"] if end else []) + (["PRIORITY"] if priority else [])
    if len(chunks) == 1:
        names.append("END_HEADERS")
    kwargs = {"depends_on": 0, "stream_weight": 15} if priority else {}
    expected = HeadersFrame(1, data=chunks[0], flags=names, **kwargs).serialize()
    for index, chunk in enumerate(chunks[1:], start=2):
        last = ["END_HEADERS"] if index == len(chunks) else []
        expected += ContinuationFrame(1, data=chunk, flags=last).serialize()
    assert bytes(out) == expected


def test_push_promise_block() -> None:
    out = bytearray()
    _wire.write_header_block(out, _wire.PUSH_PROMISE, 1, 0, (2).to_bytes(4, "big"), b"abc",
                             16384)
    assert bytes(out) == PushPromiseFrame(1, promised_stream_id=2, data=b"abc",
                                          flags=["END_HEADERS"]).serialize()


def test_frame_header_helper() -> None:
    assert _wire.frame_header(5, 0, 1, 2**31 + 3) == bytes.fromhex("000005000100000003")
