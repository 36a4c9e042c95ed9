"""``python -m hyperframe dump``: print one line per HTTP/2 frame found in a byte stream.

Input comes from hex arguments, ``--file PATH`` or stdin (binary, or hex text
with ``--hex``).  A leading client connection preface (RFC 9113 §3.4) is
skipped.  Extension frames (ORIGIN, PRIORITY_UPDATE) are decoded.  The first
malformed or truncated frame ends the dump with ``error at byte offset N:
...`` on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TextIO

from .exceptions import HyperframeError
from .frame import (
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
)

__all__ = ["describe", "dump", "main"]

CLIENT_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HEADER_LENGTH = 9

# RFC 9113 §7 error codes.
ERROR_CODES = {
    0x0: "NO_ERROR",
    0x1: "PROTOCOL_ERROR",
    0x2: "INTERNAL_ERROR",
    0x3: "FLOW_CONTROL_ERROR",
    0x4: "SETTINGS_TIMEOUT",
    0x5: "STREAM_CLOSED",
    0x6: "FRAME_SIZE_ERROR",
    0x7: "REFUSED_STREAM",
    0x8: "CANCEL",
    0x9: "COMPRESSION_ERROR",
    0xA: "CONNECT_ERROR",
    0xB: "ENHANCE_YOUR_CALM",
    0xC: "INADEQUATE_SECURITY",
    0xD: "HTTP_1_1_REQUIRED",
}

# RFC 9113 §6.5.2, RFC 8441 §3, RFC 9218 §2.1 setting identifiers.
SETTING_NAMES = {
    0x1: "HEADER_TABLE_SIZE",
    0x2: "ENABLE_PUSH",
    0x3: "MAX_CONCURRENT_STREAMS",
    0x4: "INITIAL_WINDOW_SIZE",
    0x5: "MAX_FRAME_SIZE",
    0x6: "MAX_HEADER_LIST_SIZE",
    0x8: "ENABLE_CONNECT_PROTOCOL",
    0x9: "NO_RFC7540_PRIORITIES",
}


def _error_code(code: int) -> str:
    return f"{ERROR_CODES.get(code, 'UNKNOWN')}({code})"


def _padding(frame: DataFrame | HeadersFrame | PushPromiseFrame) -> str:
    return f" pad={frame.pad_length}" if "PADDED" in frame.flags else ""


def _priority(frame: HeadersFrame | PriorityFrame) -> str:
    exclusive = " exclusive" if frame.exclusive else ""
    return f"depends_on={frame.depends_on} weight={frame.stream_weight + 1}{exclusive}"


def _data(frame: Any) -> str:
    return f"data={len(frame.data)}B{_padding(frame)}"


def _headers(frame: Any) -> str:
    text = f"fragment={len(frame.data)}B{_padding(frame)}"
    if "PRIORITY" in frame.flags:
        text += " " + _priority(frame)
    return text


def _settings(frame: Any) -> str:
    entries = [
        f"{SETTING_NAMES.get(identifier, f'0x{identifier:02x}')}={value}"
        for identifier, value in frame.settings.items()
    ]
    return " ".join(entries) if entries else "(empty)"


def _push_promise(frame: Any) -> str:
    return f"promised={frame.promised_stream_id} fragment={len(frame.data)}B{_padding(frame)}"


def _goaway(frame: Any) -> str:
    text = f"last_stream={frame.last_stream_id} error={_error_code(frame.error_code)}"
    if frame.additional_data:
        text += f" debug={frame.additional_data!r}"
    return text


def _extension(frame: Any) -> str:
    return f"body={len(frame.body)}B"


SUMMARIES: dict[type[Frame], Callable[[Any], str]] = {
    DataFrame: _data,
    HeadersFrame: _headers,
    PriorityFrame: _priority,
    RstStreamFrame: lambda frame: f"error={_error_code(frame.error_code)}",
    SettingsFrame: _settings,
    PushPromiseFrame: _push_promise,
    PingFrame: lambda frame: f"opaque={frame.opaque_data.hex()}",
    GoAwayFrame: _goaway,
    WindowUpdateFrame: lambda frame: f"increment={frame.window_increment}",
    ContinuationFrame: lambda frame: f"fragment={len(frame.data)}B",
    AltSvcFrame: lambda frame: f"origin={frame.origin!r} field={frame.field!r}",
    OriginFrame: lambda frame: f"origins={frame.origins!r}",
    PriorityUpdateFrame: lambda frame: (
        f"prioritized={frame.prioritized_stream_id} value={frame.priority_field_value!r}"
    ),
    ExtensionFrame: _extension,
}


def describe(frame: Frame, length: int) -> str:
    """One line: ``NAME stream=N flags=A|B len=L summary``."""
    if isinstance(frame, ExtensionFrame):
        name = f"UNKNOWN(0x{frame.type:02x})"
        flags = f"0x{frame.flag_byte:02x}"
    else:
        name = frame._frame_name
        names = [flag.name for flag in frame.defined_flags if flag.name in frame.flags]
        flags = "|".join(names) or "-"
        if isinstance(frame, OriginFrame) and frame.flag_byte:
            flags = f"0x{frame.flag_byte:02x}"
    summary = SUMMARIES[type(frame)](frame)
    return f"{name} stream={frame.stream_id} flags={flags} len={length} {summary}"


class DumpError(Exception):
    """A frame could not be decoded; ``offset`` is where that frame starts."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(offset, message)
        self.offset = offset
        self.message = message


def dump(data: bytes, out: TextIO) -> int:
    """Write one line per frame of ``data`` to ``out``; return the number of frames.

    Raises ``DumpError`` at the first malformed or truncated frame.
    """
    view = memoryview(data)
    offset = 0
    if data.startswith(CLIENT_PREFACE):
        out.write(f"PREFACE len={len(CLIENT_PREFACE)}\n")
        offset = len(CLIENT_PREFACE)
    count = 0
    end = len(data)
    while offset < end:
        if end - offset < HEADER_LENGTH:
            raise DumpError(
                offset, f"truncated frame header: {end - offset} of {HEADER_LENGTH} bytes present"
            )
        try:
            frame, length = Frame.parse_frame_header(
                view[offset : offset + HEADER_LENGTH], extensions=True
            )
            body_start = offset + HEADER_LENGTH
            available = end - body_start
            if available < length:
                raise DumpError(
                    offset,
                    f"truncated {frame._frame_name} frame: header announces {length} payload "
                    f"bytes, only {available} present",
                )
            frame.parse_body(view[body_start : body_start + length])
        except HyperframeError as exc:
            raise DumpError(offset, str(exc)) from exc
        out.write(describe(frame, length) + "\n")
        count += 1
        offset = body_start + length
    return count


def _parse_hex(text: str) -> bytes:
    cleaned = "".join(text.split())
    if cleaned[:2].lower() == "0x":
        cleaned = cleaned[2:]
    return bytes.fromhex(cleaned)


def _read_input(args: argparse.Namespace, stdin: BinaryIO) -> bytes:
    if args.hex_bytes:
        return _parse_hex("".join(args.hex_bytes))
    if args.file is not None:
        with open(args.file, "rb") as handle:
            raw = handle.read()
    else:
        raw = stdin.read()
    if args.hex:
        return _parse_hex(raw.decode("ascii"))
    return raw


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hyperframe", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump", help="print one line per frame")
    dump_parser.add_argument("hex_bytes", nargs="*", metavar="HEX",
                             help="frame bytes as hex (whitespace ignored)")
    dump_parser.add_argument("--file", metavar="PATH", help="read the bytes from PATH")
    dump_parser.add_argument("--hex", action="store_true",
                             help="the file/stdin holds hex text rather than raw bytes")
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Entry point of ``python -m hyperframe``; returns the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    args = build_parser().parse_args(argv)
    if args.hex_bytes and args.file is not None:
        err.write("error: give hex bytes or --file, not both\n")
        return 2
    try:
        data = _read_input(args, stdin if stdin is not None else sys.stdin.buffer)
    except (ValueError, UnicodeDecodeError) as exc:
        err.write(f"error: input is not valid hex: {exc}\n")
        return 2
    except OSError as exc:
        err.write(f"error: cannot read input: {exc}\n")
        return 2
    try:
        dump(data, out)
    except DumpError as exc:
        err.write(f"error at byte offset {exc.offset}: {exc.message}\n")
        return 1
    return 0
