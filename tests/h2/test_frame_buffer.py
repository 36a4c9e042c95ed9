"""h2.frame_buffer: preface, frame cutting, header blocks (contract §6.2, RFC 9113 §4, §6.10)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from h2._frame_reader import StreamFrameError
from h2.errors import ErrorCodes
from h2.exceptions import (
    DenialOfServiceError,
    FrameDataMissingError,
    FrameTooLargeError,
    ProtocolError,
)
from h2.frame_buffer import CONTINUATION_BACKLOG, FrameBuffer
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
    Frame,
    HeadersFrame,
    PingFrame,
    PushPromiseFrame,
    SettingsFrame,
    WindowUpdateFrame,
)
from tests.conftest import shared_path

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def make_buffer(server: bool = False, **limits: int) -> FrameBuffer:
    buffer = FrameBuffer(server=server, **limits)
    buffer.max_frame_size = 16384
    return buffer


def header(length: int, frame_type: int, flags: int = 0, stream_id: int = 0) -> bytes:
    return length.to_bytes(3, "big") + bytes([frame_type, flags]) + stream_id.to_bytes(4, "big")


def ping(payload: bytes = b"12345678") -> bytes:
    return PingFrame(0, opaque_data=payload).serialize()


def test_initial_state() -> None:
    buffer = FrameBuffer()
    assert buffer.max_frame_size == 0
    assert isinstance(buffer._data, bytearray) and not buffer._data
    assert buffer._headers_buffer == []
    assert iter(buffer) is buffer
    assert CONTINUATION_BACKLOG == 64
    assert buffer.max_continuation_frames == 64
    assert buffer.max_header_block_size == 262144
    assert buffer.max_empty_frames == 1000


# -- preface (RFC 9113 §3.4) ------------------------------------------------------------


def test_rfc9113_3_4_server_accepts_preface_byte_by_byte() -> None:
    buffer = make_buffer(server=True)
    data = PREFACE + ping()
    frames: list[Frame] = []
    for i in range(len(data)):
        buffer.add_data(data[i : i + 1])
        frames.extend(buffer)
    assert len(frames) == 1 and isinstance(frames[0], PingFrame)


def test_rfc9113_3_4_preface_and_frames_in_one_chunk() -> None:
    buffer = make_buffer(server=True)
    buffer.add_data(memoryview(PREFACE + ping()))
    assert [type(f) for f in buffer] == [PingFrame]


@pytest.mark.parametrize("split", [0, 5, 23])
def test_rfc9113_3_4_invalid_preface_rejected(split: int) -> None:
    buffer = make_buffer(server=True)
    buffer.add_data(PREFACE[:split])
    with pytest.raises(ProtocolError, match=r"^Invalid HTTP/2 preamble\.$"):
        buffer.add_data(b"X" + PREFACE[split + 1 :])


def test_client_does_not_expect_preface() -> None:
    buffer = make_buffer(server=False)
    buffer.add_data(bytearray(ping()))
    assert [type(f) for f in buffer] == [PingFrame]


# -- cutting frames (RFC 9113 §4.1) ------------------------------------------------------


def test_data_consumed_in_place() -> None:
    buffer = make_buffer()
    data = buffer._data
    buffer.add_data(ping() + ping()[:5])
    assert len(list(buffer)) == 1
    assert buffer._data is data
    assert bytes(buffer._data) == ping()[:5]


def test_incomplete_body_waits() -> None:
    buffer = make_buffer()
    frame = DataFrame(1, data=b"hello").serialize()
    buffer.add_data(frame[:-1])
    assert list(buffer) == []
    assert list(buffer) == []
    buffer.add_data(frame[-1:])
    (parsed,) = list(buffer)
    assert isinstance(parsed, DataFrame) and parsed.data == b"hello"


@pytest.mark.parametrize(
    "raw",
    [
        header(0, 0x0, 0, 0),  # RFC 9113 §6.1: DATA on stream 0
        header(0, 0x4, 0, 1),  # RFC 9113 §6.5: SETTINGS on a stream
        header(8, 0x6, 0, 3),  # RFC 9113 §6.7: PING on a stream
    ],
)
def test_rfc9113_6_invalid_stream_association_is_protocol_error(raw: bytes) -> None:
    buffer = make_buffer()
    buffer.add_data(raw)
    with pytest.raises(ProtocolError, match="Received frame with invalid header"):
        next(buffer)


def test_rfc9113_4_2_oversized_frame_rejected_at_header() -> None:
    # Appendix B item 24: refused as soon as the 9-byte header is seen.
    buffer = make_buffer()
    buffer.add_data(header(16385, 0x0, 0, 1))
    with pytest.raises(FrameTooLargeError, match="16385"):
        next(buffer)


def test_rfc9113_4_2_frame_at_limit_accepted() -> None:
    buffer = make_buffer()
    buffer.add_data(DataFrame(1, data=b"x" * 16384).serialize())
    assert len(next(buffer).data) == 16384  # type: ignore[attr-defined]


def test_max_frame_size_zero_rejects_any_payload() -> None:
    buffer = FrameBuffer()
    buffer.add_data(ping())
    with pytest.raises(FrameTooLargeError):
        next(buffer)


def test_rfc9113_6_9_non_compliant_data() -> None:
    buffer = make_buffer()
    buffer.add_data(header(4, 0x8, 0, 0) + b"\x00\x00\x00\x00")  # increment 0
    with pytest.raises(ProtocolError, match="Received frame with non-compliant data"):
        next(buffer)


def test_rfc9113_6_7_wrong_body_size_is_frame_data_missing() -> None:
    buffer = make_buffer()
    buffer.add_data(header(7, 0x6, 0, 0) + b"1234567")
    with pytest.raises(FrameDataMissingError):
        next(buffer)


def test_rfc9113_6_1_invalid_padding() -> None:
    buffer = make_buffer()
    buffer.add_data(header(3, 0x0, 0x08, 1) + b"\x05ab")
    with pytest.raises(ProtocolError, match=r"^Received frame with invalid padding\.$"):
        next(buffer)


def test_unknown_frame_type_becomes_extension_frame() -> None:
    buffer = make_buffer()
    buffer.add_data(header(3, 0xEE, 0x5, 7) + b"abc")
    (frame,) = list(buffer)
    assert isinstance(frame, ExtensionFrame)
    assert (frame.type, frame.body, frame.stream_id) == (0xEE, b"abc", 7)


def test_buffer_usable_after_body_error() -> None:
    buffer = make_buffer()
    buffer.add_data(header(7, 0x6, 0, 0) + b"1234567")
    with pytest.raises(FrameDataMissingError):
        next(buffer)
    buffer.add_data(ping())
    assert [type(f) for f in buffer] == [PingFrame]


# -- header blocks (RFC 9113 §4.3, §6.10) -------------------------------------------------


def headers_block(fragments: list[bytes], stream_id: int = 1, **first_kwargs: Any) -> bytes:
    flags = list(first_kwargs.pop("flags", []))
    if len(fragments) == 1:
        flags.append("END_HEADERS")
    out = HeadersFrame(stream_id, data=fragments[0], flags=flags, **first_kwargs).serialize()
    for index, fragment in enumerate(fragments[1:], start=2):
        end = ["END_HEADERS"] if index == len(fragments) else []
        out += ContinuationFrame(stream_id, data=fragment, flags=end).serialize()
    return out


def test_rfc9113_6_10_continuation_assembly() -> None:
    buffer = make_buffer()
    raw = headers_block(
        [b"ab", b"cd", b"ef"],
        flags=["END_STREAM", "PRIORITY", "PADDED"],
        pad_length=2,
        depends_on=3,
        stream_weight=15,
    )
    buffer.add_data(raw[:-1])
    assert list(buffer) == []
    assert len(buffer._headers_buffer) == 2
    buffer.add_data(raw[-1:])
    (frame,) = list(buffer)
    assert isinstance(frame, HeadersFrame)
    assert frame.data == b"abcdef"
    assert set(frame.flags) == {"END_STREAM", "PRIORITY", "PADDED", "END_HEADERS"}
    assert (frame.depends_on, frame.stream_weight, frame.pad_length) == (3, 15, 2)
    assert buffer._headers_buffer == []


def test_rfc9113_6_10_push_promise_assembly() -> None:
    buffer = make_buffer()
    raw = PushPromiseFrame(1, promised_stream_id=2, data=b"ab").serialize()
    raw += ContinuationFrame(1, data=b"cd", flags=["END_HEADERS"]).serialize()
    buffer.add_data(raw)
    (frame,) = list(buffer)
    assert isinstance(frame, PushPromiseFrame)
    assert (frame.data, frame.promised_stream_id) == (b"abcd", 2)
    assert "END_HEADERS" in frame.flags


@pytest.mark.parametrize(
    "intruder",
    [
        ping(),
        DataFrame(1, data=b"x").serialize(),
        HeadersFrame(1, data=b"x", flags=["END_HEADERS"]).serialize(),
        ContinuationFrame(3, data=b"x", flags=["END_HEADERS"]).serialize(),
        header(0, 0xEE, 0, 1),
    ],
)
def test_rfc9113_6_10_interleaved_frame_is_protocol_error(intruder: bytes) -> None:
    buffer = make_buffer()
    buffer.add_data(HeadersFrame(1, data=b"a").serialize() + intruder)
    with pytest.raises(ProtocolError, match=r"^Invalid frame during header block\.$"):
        list(buffer)
    assert "invalid frame" in str(ProtocolError("Invalid frame during header block.")).lower()


def test_frames_before_a_block_are_delivered_first() -> None:
    buffer = make_buffer()
    buffer.add_data(ping() + HeadersFrame(1, data=b"a").serialize() + ping())
    assert isinstance(next(buffer), PingFrame)
    with pytest.raises(ProtocolError):
        next(buffer)


def test_continuation_backlog_maximum_accepted() -> None:
    # The first frame plus 63 CONTINUATIONs is the largest accepted block.
    buffer = make_buffer()
    buffer.add_data(headers_block([b"x"] * CONTINUATION_BACKLOG))
    (frame,) = list(buffer)
    assert frame.data == b"x" * CONTINUATION_BACKLOG  # type: ignore[attr-defined]


def test_too_many_continuation_frames() -> None:
    buffer = make_buffer()
    buffer.add_data(headers_block([b"x"] * (CONTINUATION_BACKLOG + 1)))
    with pytest.raises(ProtocolError, match=r"^Too many continuation frames received\.$"):
        list(buffer)


def test_continuation_limit_is_configurable() -> None:
    buffer = make_buffer(max_continuation_frames=2)
    buffer.add_data(headers_block([b"x", b"y"]))
    assert len(list(buffer)) == 1
    buffer.add_data(headers_block([b"x", b"y", b"z"]))
    with pytest.raises(ProtocolError, match="Too many continuation"):
        list(buffer)


def test_header_block_size_limit_on_first_frame() -> None:
    buffer = make_buffer(max_header_block_size=4)
    buffer.add_data(HeadersFrame(1, data=b"12345").serialize())
    with pytest.raises(DenialOfServiceError):
        list(buffer)


def test_header_block_size_limit_on_complete_frame() -> None:
    buffer = make_buffer(max_header_block_size=4)
    buffer.add_data(headers_block([b"1234"]))
    assert len(list(buffer)) == 1
    buffer.add_data(headers_block([b"12345"]))
    with pytest.raises(DenialOfServiceError):
        list(buffer)


def test_header_block_size_limit_across_continuations() -> None:
    # CVE-2024-27316 family: an endless header block is cut off early.
    buffer = make_buffer(max_header_block_size=10)
    buffer.add_data(headers_block([b"1234", b"5678", b"90"]))
    assert len(list(buffer)) == 1
    buffer.add_data(headers_block([b"1234", b"5678", b"901"]))
    with pytest.raises(DenialOfServiceError) as info:
        list(buffer)
    assert info.value.error_code == 0xB


# -- empty frames (CVE-2019-9518) ---------------------------------------------------------


def test_empty_data_flood_rejected() -> None:
    buffer = make_buffer(max_empty_frames=3)
    buffer.add_data(DataFrame(1).serialize() * 3)
    assert len(list(buffer)) == 3
    buffer.add_data(DataFrame(1).serialize())
    with pytest.raises(DenialOfServiceError, match="empty frames"):
        list(buffer)


@pytest.mark.parametrize(
    "progress",
    [
        DataFrame(1, data=b"x").serialize(),
        DataFrame(1, flags=["END_STREAM"]).serialize(),
        SettingsFrame(0, flags=["ACK"]).serialize(),
        ping(),
    ],
)
def test_progress_resets_empty_frame_count(progress: bytes) -> None:
    buffer = make_buffer(max_empty_frames=2)
    empty = DataFrame(1).serialize()
    buffer.add_data((empty * 2 + progress) * 3)
    assert len(list(buffer)) == 9


def test_empty_header_fragments_count_as_empty() -> None:
    buffer = make_buffer(max_empty_frames=2)
    buffer.add_data(HeadersFrame(1).serialize() + ContinuationFrame(1).serialize())
    assert list(buffer) == []
    buffer.add_data(ContinuationFrame(1).serialize())
    with pytest.raises(DenialOfServiceError):
        list(buffer)


def test_empty_block_end_is_progress() -> None:
    buffer = make_buffer(max_empty_frames=1)
    block = HeadersFrame(1).serialize() + ContinuationFrame(1, flags=["END_HEADERS"]).serialize()
    buffer.add_data(block * 3)
    assert len(list(buffer)) == 3


# -- properties ---------------------------------------------------------------------------


def _frames_strategy() -> st.SearchStrategy[list[bytes]]:
    data = st.binary(max_size=40).map(lambda d: DataFrame(1, data=d).serialize())
    pings = st.binary(min_size=8, max_size=8).map(ping)
    updates = st.integers(1, 2**31 - 1).map(lambda i: WindowUpdateFrame(0, i).serialize())
    blocks = st.lists(st.binary(min_size=1, max_size=10), min_size=1, max_size=4).map(
        headers_block
    )
    return st.lists(st.one_of(data, pings, updates, blocks), max_size=12)


@settings(deadline=None)
@given(_frames_strategy(), st.lists(st.integers(1, 50), max_size=30), st.booleans())
def test_any_chunking_yields_the_same_frames(
    frames: list[bytes], cuts: list[int], server: bool
) -> None:
    stream = (PREFACE if server else b"") + b"".join(frames)
    whole = make_buffer(server=server)
    whole.add_data(stream)
    expected = [repr(f) for f in whole]
    assert len(expected) == len(frames)
    chunked = make_buffer(server=server)
    got: list[str] = []
    position = 0
    for cut in [*cuts, len(stream)]:
        chunked.add_data(stream[position : position + cut])
        position += cut
        got.extend(repr(f) for f in chunked)
    chunked.add_data(stream[position:])
    got.extend(repr(f) for f in chunked)
    assert got == expected
    assert not chunked._data


# -- errors confined to a stream, and RFC-mandated error codes ------------------------------


def test_rfc9113_6_9_zero_increment_on_stream_is_stream_error() -> None:
    buffer = make_buffer()
    buffer.add_data(header(4, 0x8, 0, 3) + b"\x00\x00\x00\x00" + ping())
    with pytest.raises(StreamFrameError) as info:
        next(buffer)
    assert (info.value.stream_id, info.value.error_code) == (3, ErrorCodes.PROTOCOL_ERROR)
    assert isinstance(info.value, ProtocolError)
    # The bad frame was consumed: iteration resumes with the next frame.
    assert [type(f) for f in buffer] == [PingFrame]


def test_rfc9113_6_9_zero_increment_on_connection_is_connection_error() -> None:
    buffer = make_buffer()
    buffer.add_data(header(4, 0x8, 0, 0) + b"\x00\x00\x00\x00")
    with pytest.raises(ProtocolError) as info:
        next(buffer)
    assert not isinstance(info.value, StreamFrameError)
    assert info.value.error_code == ErrorCodes.PROTOCOL_ERROR


@pytest.mark.parametrize("length", [4, 6])
def test_rfc9113_6_3_priority_of_wrong_length_is_stream_frame_size_error(length: int) -> None:
    buffer = make_buffer()
    buffer.add_data(header(length, 0x2, 0, 5) + b"\x00" * length + ping())
    with pytest.raises(StreamFrameError) as info:
        next(buffer)
    assert (info.value.stream_id, info.value.error_code) == (5, ErrorCodes.FRAME_SIZE_ERROR)
    assert [type(f) for f in buffer] == [PingFrame]


def test_rfc9113_6_10_malformed_frame_inside_header_block_is_connection_error() -> None:
    buffer = make_buffer()
    buffer.add_data(HeadersFrame(1, data=b"a").serialize() + header(4, 0x2, 0, 1) + b"\x00" * 4)
    with pytest.raises(ProtocolError, match=r"^Invalid frame during header block\.$"):
        next(buffer)


def test_rfc9113_6_5_settings_ack_with_payload_is_frame_size_error() -> None:
    buffer = make_buffer()
    buffer.add_data(header(6, 0x4, 0x1, 0) + b"\x00\x01\x00\x00\x10\x00")
    with pytest.raises(FrameDataMissingError) as info:
        next(buffer)
    assert info.value.error_code == ErrorCodes.FRAME_SIZE_ERROR


def test_rfc9113_6_6_bad_promised_stream_id_is_protocol_error() -> None:
    buffer = make_buffer()
    buffer.add_data(header(4, 0x5, 0x4, 1) + b"\x00\x00\x00\x03")
    with pytest.raises(ProtocolError, match="non-compliant data") as info:
        next(buffer)
    assert info.value.error_code == ErrorCodes.PROTOCOL_ERROR


@settings(deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8), st.booleans(), st.integers(0, 40))
def test_random_input_raises_only_protocol_errors(
    chunks: list[bytes], server: bool, max_frame_size: int
) -> None:
    buffer = FrameBuffer(server=server, max_continuation_frames=3, max_empty_frames=3)
    buffer.max_frame_size = max_frame_size
    try:
        for chunk in chunks:
            buffer.add_data(chunk)
            for _ in range(100):
                try:
                    next(buffer)
                except StopIteration:
                    break
                except StreamFrameError:
                    continue
    except ProtocolError:
        return


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 255), st.integers(0, 3),
                          st.binary(max_size=12)), max_size=10))
def test_random_frames_raise_only_protocol_errors(
    frames: list[tuple[int, int, int, bytes]]
) -> None:
    buffer = make_buffer(max_continuation_frames=3, max_empty_frames=3)
    buffer.add_data(b"".join(header(len(b), t, f, s) + b for t, f, s, b in frames))
    try:
        while True:
            try:
                next(buffer)
            except StopIteration:
                break
            except StreamFrameError:
                continue
    except ProtocolError:
        return


# -- http2-frame-test-case vectors --------------------------------------------------------


def _frame_vectors(kind: str) -> list[Any]:
    import json

    root = shared_path("vectors", "frames")
    found = []
    for path in sorted(root.glob("*/*.json")):
        vector = json.loads(path.read_text())
        if (vector["error"] is not None) == (kind == "error"):
            found.append(pytest.param(vector, id=f"{path.parent.name}/{path.stem}"))
    return found


@pytest.mark.parametrize("kind", ["error", "normal"])
def test_frame_vectors(kind: str) -> None:
    # RFC 9113 §4-§6: every error vector fails with one of the error codes the
    # vector allows; every normal vector yields one frame of its type.
    vectors = _frame_vectors(kind)
    assert vectors
    for param in vectors:
        vector = param.values[0]
        buffer = make_buffer()
        buffer.add_data(bytes.fromhex(vector["wire"]))
        if kind == "error":
            with pytest.raises(ProtocolError) as info:
                list(buffer)
            assert int(info.value.error_code) in vector["error"], param.id
        else:
            frames = list(buffer)
            assert [frame.type for frame in frames] == [vector["frame"]["type"]], param.id
            assert frames[0].stream_id == vector["frame"]["stream_identifier"]
