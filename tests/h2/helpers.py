"""Black-box helpers for the h2 conformance tests.

Everything here goes through the public API only: ``H2Connection`` and
``H2Configuration``, events and exceptions, frames built with our
``hyperframe.frame`` classes and header blocks built with ``hpack.Encoder``.

The central piece is :class:`Peer`, a hand-driven remote endpoint.  It owns
the HPACK encoder for the blocks it sends and the HPACK decoder for the
blocks the connection under test emits, so compression state stays in step
with the connection exactly as a real peer's would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import Event
from h2.exceptions import ProtocolError
from hpack import Decoder, Encoder
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    PriorityFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

Headers = list[tuple[bytes, bytes]]

REQUEST: Headers = [
    (b":method", b"GET"),
    (b":scheme", b"https"),
    (b":path", b"/"),
    (b":authority", b"example.com"),
]
POST_REQUEST: Headers = [
    (b":method", b"POST"),
    (b":scheme", b"https"),
    (b":path", b"/upload"),
    (b":authority", b"example.com"),
]
RESPONSE: Headers = [(b":status", b"200")]
TRAILERS: Headers = [(b"grpc-status", b"0")]


def request(extra: Iterable[tuple[bytes, bytes]] = (), path: bytes = b"/") -> Headers:
    """A valid GET request block with ``extra`` regular fields appended."""
    base = [(n, path if n == b":path" else v) for n, v in REQUEST]
    return base + list(extra)


# --------------------------------------------------------------------------
# Parsing what the connection under test emits
# --------------------------------------------------------------------------


def parse_frames(data: bytes) -> list[Any]:
    """Cut ``data`` (optionally starting with the client preface) into frames."""
    if data.startswith(PREFACE):
        data = data[len(PREFACE):]
    view = memoryview(data)
    frames: list[Any] = []
    offset = 0
    while offset < len(view):
        assert len(view) - offset >= 9, f"truncated frame header in {bytes(view[offset:])!r}"
        frame, length = Frame.parse_frame_header(view[offset:offset + 9])
        body = view[offset + 9:offset + 9 + length]
        assert len(body) == length, "truncated frame body in output"
        frame.parse_body(body)
        frames.append(frame)
        offset += 9 + length
    return frames


def sent_frames(conn: H2Connection) -> list[Any]:
    """Drain ``conn``'s outbound buffer and parse it into frames."""
    return parse_frames(conn.data_to_send())


def frame_kinds(frames: Sequence[Frame]) -> list[str]:
    return [type(f).__name__ for f in frames]


def describe(frame: Frame) -> tuple[Any, ...]:
    """A comparable summary of one frame: class, stream, flags and key fields."""
    name = type(frame).__name__
    flags = tuple(sorted(frame.flags))
    if isinstance(frame, RstStreamFrame):
        return (name, frame.stream_id, frame.error_code)
    if isinstance(frame, GoAwayFrame):
        return (name, frame.last_stream_id, frame.error_code)
    if isinstance(frame, WindowUpdateFrame):
        return (name, frame.stream_id, frame.window_increment)
    if isinstance(frame, PingFrame):
        return (name, flags, frame.opaque_data)
    if isinstance(frame, SettingsFrame):
        return (name, flags, dict(frame.settings))
    if isinstance(frame, DataFrame):
        return (name, frame.stream_id, flags, frame.data)
    return (name, frame.stream_id, flags)


def rst(stream_id: int, code: int) -> tuple[Any, ...]:
    return ("RstStreamFrame", stream_id, code)


def goaway(last_stream_id: int, code: int) -> tuple[Any, ...]:
    return ("GoAwayFrame", last_stream_id, code)


def window_update(stream_id: int, increment: int) -> tuple[Any, ...]:
    return ("WindowUpdateFrame", stream_id, increment)


def summary(conn: H2Connection) -> list[tuple[Any, ...]]:
    """Drain ``conn`` and describe every queued frame."""
    return [describe(f) for f in sent_frames(conn)]


def outbound_header_bits_ok(data: bytes) -> None:
    """RFC 9113 §4.1: the reserved bit is clear and only defined flags are set."""
    for frame in parse_frames(data):
        raw = frame.serialize()
        assert raw[5] & 0x80 == 0, f"reserved bit set on {frame!r}"
        defined = 0
        for _, bit in frame.defined_flags:
            defined |= bit
        assert raw[4] & ~defined == 0, f"undefined flag bits on {frame!r}"


def recv(conn: H2Connection, data: bytes) -> list[Any]:
    """``conn.receive_data(data)``, typed loosely so tests can read event fields."""
    return list(conn.receive_data(data))


# --------------------------------------------------------------------------
# The remote endpoint
# --------------------------------------------------------------------------


class Peer:
    """The other end of the connection, built frame by frame.

    Every ``*_frame`` method returns serialised bytes ready for
    ``receive_data``.  Header blocks are encoded with this peer's own
    ``hpack.Encoder`` (Huffman off, so tests can reason about the bytes).
    """

    def __init__(self) -> None:
        self.encoder = Encoder()
        self.decoder = Decoder()

    # -- header blocks -------------------------------------------------
    def block(self, headers: Iterable[Any]) -> bytes:
        return self.encoder.encode(list(headers), huffman=False)

    def headers_frame(
        self,
        stream_id: int,
        headers: Iterable[Any],
        *,
        end_stream: bool = False,
        end_headers: bool = True,
        priority: tuple[int, int, bool] | None = None,
        pad_length: int | None = None,
    ) -> bytes:
        return self.raw_headers(
            stream_id, self.block(headers), end_stream=end_stream,
            end_headers=end_headers, priority=priority, pad_length=pad_length,
        )

    @staticmethod
    def raw_headers(
        stream_id: int,
        fragment: bytes,
        *,
        end_stream: bool = False,
        end_headers: bool = True,
        priority: tuple[int, int, bool] | None = None,
        pad_length: int | None = None,
    ) -> bytes:
        flags = []
        if end_stream:
            flags.append("END_STREAM")
        if end_headers:
            flags.append("END_HEADERS")
        kwargs: dict[str, Any] = {}
        if priority is not None:
            flags.append("PRIORITY")
            kwargs.update(depends_on=priority[0], stream_weight=priority[1], exclusive=priority[2])
        if pad_length is not None:
            flags.append("PADDED")
            kwargs["pad_length"] = pad_length
        return HeadersFrame(stream_id, data=fragment, flags=flags, **kwargs).serialize()

    @staticmethod
    def continuation_frame(stream_id: int, fragment: bytes, *, end_headers: bool = True) -> bytes:
        flags = ["END_HEADERS"] if end_headers else []
        return ContinuationFrame(stream_id, data=fragment, flags=flags).serialize()

    def push_promise_frame(
        self,
        stream_id: int,
        promised_stream_id: int,
        headers: Iterable[Any],
        *,
        end_headers: bool = True,
    ) -> bytes:
        flags = ["END_HEADERS"] if end_headers else []
        return PushPromiseFrame(
            stream_id, promised_stream_id=promised_stream_id, data=self.block(headers), flags=flags
        ).serialize()

    # -- everything else ---------------------------------------------------
    @staticmethod
    def data_frame(
        stream_id: int,
        data: bytes = b"",
        *,
        end_stream: bool = False,
        pad_length: int | None = None,
    ) -> bytes:
        flags = ["END_STREAM"] if end_stream else []
        kwargs: dict[str, Any] = {}
        if pad_length is not None:
            flags.append("PADDED")
            kwargs["pad_length"] = pad_length
        return DataFrame(stream_id, data=data, flags=flags, **kwargs).serialize()

    @staticmethod
    def settings_frame(settings: dict[int, int] | None = None, *, ack: bool = False) -> bytes:
        if ack:
            return SettingsFrame(0, flags=["ACK"]).serialize()
        return SettingsFrame(0, settings=dict(settings or {})).serialize()

    @staticmethod
    def ping_frame(opaque: bytes = b"12345678", *, ack: bool = False) -> bytes:
        return PingFrame(0, opaque_data=opaque, flags=["ACK"] if ack else []).serialize()

    @staticmethod
    def rst_frame(stream_id: int, code: int = ErrorCodes.CANCEL) -> bytes:
        return RstStreamFrame(stream_id, error_code=code).serialize()

    @staticmethod
    def window_update_frame(stream_id: int, increment: int) -> bytes:
        return WindowUpdateFrame(stream_id, window_increment=increment).serialize()

    @staticmethod
    def priority_frame(
        stream_id: int, depends_on: int = 0, weight: int = 15, exclusive: bool = False
    ) -> bytes:
        return PriorityFrame(
            stream_id, depends_on=depends_on, stream_weight=weight, exclusive=exclusive
        ).serialize()

    @staticmethod
    def goaway_frame(
        last_stream_id: int, code: int = ErrorCodes.NO_ERROR, debug: bytes = b""
    ) -> bytes:
        return GoAwayFrame(0, last_stream_id=last_stream_id, error_code=code,
                           additional_data=debug).serialize()

    # -- reading the connection's output --------------------------------
    def decode(self, frames: Sequence[Frame]) -> list[Headers]:
        """Decode every complete header block found in ``frames`` (in order)."""
        blocks: list[Headers] = []
        pending = b""
        for frame in frames:
            if isinstance(frame, (HeadersFrame, PushPromiseFrame, ContinuationFrame)):
                pending += frame.data
                if "END_HEADERS" in frame.flags:
                    decoded = self.decoder.decode(pending, raw=True)
                    blocks.append([(bytes(n), bytes(v)) for n, v in decoded])
                    pending = b""
        assert pending == b"", "unterminated header block in output"
        return blocks


def raw_frame(frame_type: int, flags: int, stream_id: int, payload: bytes) -> bytes:
    """A frame assembled by hand (for lengths and bits hyperframe would refuse)."""
    return (
        len(payload).to_bytes(3, "big")
        + bytes([frame_type, flags])
        + stream_id.to_bytes(4, "big")
        + payload
    )


# --------------------------------------------------------------------------
# Connections in a known state
# --------------------------------------------------------------------------


def server(**config: Any) -> tuple[H2Connection, Peer]:
    """A server that has exchanged prefaces with a hand-driven client peer."""
    conn = H2Connection(H2Configuration(client_side=False, **config))
    conn.initiate_connection()
    # The client's preface, its SETTINGS, and its ACK of our preface SETTINGS.
    conn.receive_data(PREFACE + Peer.settings_frame({}) + Peer.settings_frame(ack=True))
    conn.data_to_send()
    return conn, Peer()


def client(**config: Any) -> tuple[H2Connection, Peer]:
    """A client that has exchanged prefaces with a hand-driven server peer."""
    conn = H2Connection(H2Configuration(client_side=True, **config))
    conn.initiate_connection()
    # The server's preface SETTINGS and its ACK of our preface SETTINGS.
    conn.receive_data(Peer.settings_frame({}) + Peer.settings_frame(ack=True))
    conn.data_to_send()
    return conn, Peer()


def server_with_request(
    stream_id: int = 1, *, end_stream: bool = False, headers: Headers | None = None, **config: Any
) -> tuple[H2Connection, Peer]:
    conn, peer = server(**config)
    conn.receive_data(peer.headers_frame(stream_id, headers or REQUEST, end_stream=end_stream))
    conn.data_to_send()
    return conn, peer


def client_with_request(
    stream_id: int = 1, *, end_stream: bool = True, headers: Headers | None = None, **config: Any
) -> tuple[H2Connection, Peer]:
    conn, peer = client(**config)
    conn.send_headers(stream_id, headers or REQUEST, end_stream=end_stream)
    peer.decode(sent_frames(conn))  # keeps the peer's HPACK decoder in step
    return conn, peer


# --------------------------------------------------------------------------
# Error assertions
# --------------------------------------------------------------------------


def expect_connection_error(
    conn: H2Connection,
    data: bytes,
    code: int,
    *,
    exc: type[BaseException] = ProtocolError,
    last_stream_id: int | None = None,
) -> ProtocolError:
    """RFC 9113 §5.4.1: the frame makes ``receive_data`` raise and queue GOAWAY(code)."""
    with pytest.raises(exc) as info:
        conn.receive_data(data)
    frames = sent_frames(conn)
    assert frames, "no GOAWAY queued for a connection error"
    last = frames[-1]
    assert isinstance(last, GoAwayFrame), f"last frame queued is {last!r}, not GOAWAY"
    assert last.error_code == code, f"GOAWAY carries {last.error_code!r}, expected {code!r}"
    if last_stream_id is not None:
        assert last.last_stream_id == last_stream_id
    error = info.value
    assert isinstance(error, ProtocolError)
    assert error.error_code == code
    return error


def expect_stream_error(
    conn: H2Connection,
    data: bytes,
    stream_id: int,
    code: int,
    *,
    before: Sequence[tuple[Any, ...]] = (),
) -> list[Any]:
    """RFC 9113 §5.4.2: exactly RST_STREAM(code) is queued (after ``before``), no exception."""
    events = recv(conn, data)
    queued = summary(conn)
    assert queued == [*before, rst(stream_id, code)], queued
    assert_alive(conn)
    return events


def assert_alive(conn: H2Connection) -> None:
    """The connection still works: a PING is answered with a PING ACK."""
    events = conn.receive_data(Peer.ping_frame(b"alive?!!"))
    assert [type(e).__name__ for e in events] == ["PingReceived"]
    assert summary(conn) == [("PingFrame", ("ACK",), b"alive?!!")]


def events_of(events: Iterable[Event], kind: type[Event]) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]
