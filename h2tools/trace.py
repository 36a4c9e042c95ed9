"""A readable frame trace in the style of ``nghttp -v``.

:class:`FrameTracer` is fed the raw bytes a connection sends and receives.
It cuts them into frames with hyperframe, decodes header blocks with its own
HPACK decoders (one per direction, kept in step with the peer's encoder) and
prints one block of lines per frame::

    [  0.003] send HEADERS frame <length=30, flags=0x05, stream_id=1>
              ; END_STREAM | END_HEADERS
              :method: GET

Tracing is only switched on for ``-v`` and the demo; the normal data path
never touches this module.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from h2.errors import ErrorCodes
from h2.settings import SettingCodes
from hpack import Decoder, HPACKError
from hyperframe.exceptions import HyperframeError
from hyperframe.frame import (
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
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
_HEADER_LEN = 9
_INDENT = " " * 10

#: Frame type names as RFC 9113 §6 spells them.
FRAME_NAMES: dict[int, str] = {
    0x0: "DATA",
    0x1: "HEADERS",
    0x2: "PRIORITY",
    0x3: "RST_STREAM",
    0x4: "SETTINGS",
    0x5: "PUSH_PROMISE",
    0x6: "PING",
    0x7: "GOAWAY",
    0x8: "WINDOW_UPDATE",
    0x9: "CONTINUATION",
    0xA: "ALTSVC",
}


def error_code_text(code: int) -> str:
    """``NO_ERROR(0x00)`` for known codes, ``UNKNOWN(0x..)`` for the rest."""
    try:
        return f"{ErrorCodes(code).name}(0x{code:02x})"
    except ValueError:
        return f"UNKNOWN(0x{code:02x})"


def setting_text(code: int) -> str:
    """``SETTINGS_MAX_FRAME_SIZE(0x05)`` for known settings."""
    try:
        return f"SETTINGS_{SettingCodes(code).name}(0x{code:02x})"
    except ValueError:
        return f"UNKNOWN_SETTING(0x{code:02x})"


class _Direction:
    """Reassembly state for one direction of the connection."""

    __slots__ = ("block", "block_frame", "broken", "buffer", "decoder", "expect_preface", "label")

    def __init__(self, label: str, expect_preface: bool) -> None:
        self.label = label
        self.buffer = bytearray()
        self.expect_preface = expect_preface
        self.decoder = Decoder()
        # Our tracer only mirrors the peer's encoder: accept whatever table size it uses.
        self.decoder.max_allowed_table_size = 2**32
        self.decoder.max_header_list_size = 2**32
        self.block = bytearray()
        self.block_frame: Frame | None = None
        self.broken = False


class FrameTracer:
    """Formats every frame of one connection; ``write`` receives finished lines."""

    def __init__(
        self,
        *,
        client_side: bool,
        write: Callable[[str], None] = print,
        clock: Callable[[], float] = time.perf_counter,
        show_data: bool = False,
    ) -> None:
        self._write = write
        self._clock = clock
        self._start = clock()
        self._show_data = show_data
        # The client sends the preface; the server receives it (RFC 9113 §3.4).
        self._send = _Direction("send", expect_preface=client_side)
        self._recv = _Direction("recv", expect_preface=not client_side)
        #: Frames seen per direction and type name, for summaries.
        self.counts: Counter[tuple[str, str]] = Counter()

    def note(self, text: str) -> None:
        """Print a free-form line with a timestamp (connection events)."""
        self._write(f"{self._stamp()} {text}")

    def sent(self, data: bytes) -> None:
        """Feed bytes written to the transport."""
        self._feed(self._send, data)

    def received(self, data: bytes) -> None:
        """Feed bytes read from the transport."""
        self._feed(self._recv, data)

    def _stamp(self) -> str:
        return f"[{self._clock() - self._start:7.3f}]"

    def _feed(self, direction: _Direction, data: bytes) -> None:
        if direction.broken:
            return
        direction.buffer += data
        buffer = direction.buffer
        if direction.expect_preface:
            if len(buffer) < len(PREFACE):
                return
            direction.expect_preface = False
            if buffer.startswith(PREFACE):
                del buffer[: len(PREFACE)]
                self._write(f"{self._stamp()} {direction.label} connection preface")
        while len(buffer) >= _HEADER_LEN:
            try:
                frame, length = Frame.parse_frame_header(memoryview(buffer)[:_HEADER_LEN])
            except HyperframeError as exc:
                self._give_up(direction, f"invalid frame header: {exc}")
                return
            if len(buffer) < _HEADER_LEN + length:
                return
            body = bytes(buffer[_HEADER_LEN : _HEADER_LEN + length])
            del buffer[: _HEADER_LEN + length]
            try:
                frame.parse_body(memoryview(body))
            except HyperframeError as exc:
                kind = FRAME_NAMES.get(_frame_type(frame), "?")
                self._give_up(direction, f"invalid {kind} frame: {exc}")
                return
            self._emit(direction, frame, length)

    def _give_up(self, direction: _Direction, reason: str) -> None:
        direction.broken = True
        direction.buffer.clear()
        self._write(f"{self._stamp()} {direction.label} ({reason}; trace stopped)")

    def _emit(self, direction: _Direction, frame: Frame, length: int) -> None:
        frame_type = _frame_type(frame)
        name = FRAME_NAMES.get(frame_type, f"UNKNOWN(0x{frame_type:02x})")
        if isinstance(frame, ExtensionFrame):
            name = f"UNKNOWN(0x{frame_type:02x})"
        self.counts[(direction.label, name)] += 1
        flags_byte = _flags_byte(frame)
        lines = [
            f"{self._stamp()} {direction.label} {name} frame "
            f"<length={length}, flags=0x{flags_byte:02x}, stream_id={frame.stream_id}>"
        ]
        if frame.flags:
            lines.append(f"{_INDENT}; " + " | ".join(sorted(frame.flags)))
        lines.extend(_INDENT + line for line in self._details(direction, frame))
        self._write("\n".join(lines))

    def _details(self, direction: _Direction, frame: Frame) -> list[str]:
        formatter = _DETAILS.get(type(frame))
        if formatter is not None:
            return formatter(frame)
        if isinstance(frame, (HeadersFrame, PushPromiseFrame, ContinuationFrame)):
            return self._header_block(direction, frame)
        if isinstance(frame, DataFrame) and self._show_data and frame.data:
            return [repr(bytes(frame.data[:64])) + (" ..." if len(frame.data) > 64 else "")]
        return []

    def _header_block(
        self, direction: _Direction, frame: HeadersFrame | PushPromiseFrame | ContinuationFrame
    ) -> list[str]:
        lines: list[str] = []
        if isinstance(frame, HeadersFrame) and "PRIORITY" in frame.flags:
            lines.append(
                f"(dep_stream_id={frame.depends_on}, weight={frame.stream_weight + 1}, "
                f"exclusive={int(frame.exclusive)})"
            )
        if isinstance(frame, PushPromiseFrame):
            lines.append(f"(promised_stream_id={frame.promised_stream_id})")
        if isinstance(frame, ContinuationFrame):
            if direction.block_frame is None:
                return [*lines, "(CONTINUATION outside a header block)"]
        else:
            direction.block_frame = frame
            direction.block.clear()
        direction.block += frame.data
        if "END_HEADERS" not in frame.flags:
            return lines
        direction.block_frame = None
        try:
            headers = direction.decoder.decode(bytes(direction.block), raw=True)
        except HPACKError as exc:
            direction.block.clear()
            return [*lines, f"(header block could not be decoded: {exc})"]
        direction.block.clear()
        for name, value in headers:
            lines.append(f"{bytes(name).decode('latin-1')}: {bytes(value).decode('latin-1')}")
        return lines


def _frame_type(frame: Frame) -> int:
    return frame.type if frame.type is not None else -1


def _flags_byte(frame: Frame) -> int:
    value = 0
    for flag in frame.defined_flags:
        if flag.name in frame.flags:
            value |= flag.bit
    return value


def _settings(frame: Frame) -> list[str]:
    assert isinstance(frame, SettingsFrame)
    if "ACK" in frame.flags:
        return ["(niv=0)"]
    lines = [f"(niv={len(frame.settings)})"]
    lines.extend(f"[{setting_text(code)}:{value}]" for code, value in frame.settings.items())
    return lines


def _window_update(frame: Frame) -> list[str]:
    assert isinstance(frame, WindowUpdateFrame)
    return [f"(window_size_increment={frame.window_increment})"]


def _rst_stream(frame: Frame) -> list[str]:
    assert isinstance(frame, RstStreamFrame)
    return [f"(error_code={error_code_text(frame.error_code)})"]


def _goaway(frame: Frame) -> list[str]:
    assert isinstance(frame, GoAwayFrame)
    data = bytes(frame.additional_data)
    return [
        f"(last_stream_id={frame.last_stream_id}, error_code={error_code_text(frame.error_code)}, "
        f"opaque_data({len(data)})=[{data.decode('latin-1')}])"
    ]


def _ping(frame: Frame) -> list[str]:
    assert isinstance(frame, PingFrame)
    return [f"(opaque_data={bytes(frame.opaque_data).hex()})"]


def _priority(frame: Frame) -> list[str]:
    assert isinstance(frame, PriorityFrame)
    return [
        f"(dep_stream_id={frame.depends_on}, weight={frame.stream_weight + 1}, "
        f"exclusive={int(frame.exclusive)})"
    ]


def _altsvc(frame: Frame) -> list[str]:
    assert isinstance(frame, AltSvcFrame)
    return [f"(origin={frame.origin!r}, field={frame.field!r})"]


_DETAILS: dict[type[Frame], Callable[[Frame], list[str]]] = {
    SettingsFrame: _settings,
    WindowUpdateFrame: _window_update,
    RstStreamFrame: _rst_stream,
    GoAwayFrame: _goaway,
    PingFrame: _ping,
    PriorityFrame: _priority,
    AltSvcFrame: _altsvc,
}
