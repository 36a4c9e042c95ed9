"""Serialisation of the frames h2 sends, appended straight to a bytearray.

Byte for byte what ``hyperframe`` produces for the same frames (tests pin
that), without building frame objects on the hot paths (RFC 9113 §4.1,
§6).
"""

from __future__ import annotations

import struct

__all__ = [
    "write_altsvc",
    "write_data",
    "write_goaway",
    "write_header_block",
    "write_ping",
    "write_priority",
    "write_rst_stream",
    "write_settings",
    "write_window_update",
]

# Frame types (RFC 9113 §6, RFC 7838 §4).
DATA = 0x0
HEADERS = 0x1
PRIORITY = 0x2
RST_STREAM = 0x3
SETTINGS = 0x4
PUSH_PROMISE = 0x5
PING = 0x6
GOAWAY = 0x7
WINDOW_UPDATE = 0x8
CONTINUATION = 0x9
ALTSVC = 0xA

# Flags.
END_STREAM = 0x01
ACK = 0x01
END_HEADERS = 0x04
PADDED = 0x08
PRIORITY_FLAG = 0x20

# length (24 bits, as 16 + 8), type, flags, stream id.
_HEADER = struct.Struct(">HBBBL")
_pack_header = _HEADER.pack
_U32 = struct.Struct(">L")
_TWO_U32 = struct.Struct(">LL")
_PRIORITY = struct.Struct(">LB")
_SETTING = struct.Struct(">HL")
_U16 = struct.Struct(">H")
_STREAM_ID_MASK = 0x7FFFFFFF


def frame_header(length: int, frame_type: int, flags: int, stream_id: int) -> bytes:
    return _pack_header(length >> 8, length & 0xFF, frame_type, flags, stream_id & _STREAM_ID_MASK)


def priority_bytes(depends_on: int, weight: int, exclusive: bool) -> bytes:
    """The 5 priority bytes; ``weight`` is the real weight (1-256)."""
    return _PRIORITY.pack((depends_on & _STREAM_ID_MASK) | (0x80000000 if exclusive else 0),
                          weight - 1)


def write_header_block(
    out: bytearray,
    frame_type: int,
    stream_id: int,
    flags: int,
    prefix: bytes,
    block: bytes,
    max_frame_size: int,
) -> None:
    """HEADERS or PUSH_PROMISE plus CONTINUATIONs (RFC 9113 §4.3, §6.10).

    ``prefix`` (priority fields or the promised stream id) goes in the first
    frame and counts against its size, so every frame fits ``max_frame_size``.
    """
    room = max_frame_size - len(prefix)
    if len(block) <= room:
        length = len(prefix) + len(block)
        out += _pack_header(length >> 8, length & 0xFF, frame_type, flags | END_HEADERS, stream_id)
        out += prefix
        out += block
        return
    view = memoryview(block)
    length = max_frame_size
    out += _pack_header(length >> 8, length & 0xFF, frame_type, flags, stream_id)
    out += prefix
    out += view[:room]
    position = room
    total = len(block)
    while position < total:
        chunk = view[position:position + max_frame_size]
        position += len(chunk)
        length = len(chunk)
        last = END_HEADERS if position >= total else 0
        out += _pack_header(length >> 8, length & 0xFF, CONTINUATION, last, stream_id)
        out += chunk


def write_data(
    out: bytearray, stream_id: int, data: bytes | memoryview, end_stream: bool,
    pad_length: int | None,
) -> None:
    flags = END_STREAM if end_stream else 0
    if pad_length is None:
        length = len(data)
        out += _pack_header(length >> 8, length & 0xFF, DATA, flags, stream_id)
        out += data
        return
    length = len(data) + pad_length + 1
    out += _pack_header(length >> 8, length & 0xFF, DATA, flags | PADDED, stream_id)
    out.append(pad_length)
    out += data
    out += bytes(pad_length)


def write_rst_stream(out: bytearray, stream_id: int, error_code: int) -> None:
    out += _pack_header(0, 4, RST_STREAM, 0, stream_id)
    out += _U32.pack(error_code)


def write_window_update(out: bytearray, stream_id: int, increment: int) -> None:
    out += _pack_header(0, 4, WINDOW_UPDATE, 0, stream_id)
    out += _U32.pack(increment & _STREAM_ID_MASK)


def write_settings(out: bytearray, settings: dict[int, int], ack: bool = False) -> None:
    payload = settings_payload(settings)
    length = len(payload)
    out += _pack_header(length >> 8, length & 0xFF, SETTINGS, ACK if ack else 0, 0)
    out += payload


def settings_payload(settings: dict[int, int]) -> bytes:
    pack = _SETTING.pack
    return b"".join([pack(key, value) for key, value in settings.items()])


def write_ping(out: bytearray, opaque_data: bytes, ack: bool) -> None:
    out += _pack_header(0, 8, PING, ACK if ack else 0, 0)
    out += opaque_data


def write_goaway(
    out: bytearray, last_stream_id: int, error_code: int, additional_data: bytes
) -> None:
    length = 8 + len(additional_data)
    out += _pack_header(length >> 8, length & 0xFF, GOAWAY, 0, 0)
    out += _TWO_U32.pack(last_stream_id & _STREAM_ID_MASK, error_code)
    out += additional_data


def write_priority(
    out: bytearray, stream_id: int, depends_on: int, weight: int, exclusive: bool
) -> None:
    out += _pack_header(0, 5, PRIORITY, 0, stream_id)
    out += priority_bytes(depends_on, weight, exclusive)


def write_altsvc(out: bytearray, stream_id: int, origin: bytes, field_value: bytes) -> None:
    length = 2 + len(origin) + len(field_value)
    out += _pack_header(length >> 8, length & 0xFF, ALTSVC, 0, stream_id)
    out += _U16.pack(len(origin))
    out += origin
    out += field_value
