"""hyperframe workloads: parse a realistic receive stream, build + serialise the same mix.

Only public API shared with hyperframe 6.1.0 is used, so the same code runs
against both implementations.
"""

from __future__ import annotations

from typing import Any

from . import Workload

_DATA_SIZES = (64, 512, 1400, 4096, 16384, 100, 8000, 256)
_BLOCK = bytes(range(200))  # stands in for an HPACK field block


def _build_frames() -> list[Any]:
    """The frame objects of one 'connection round': a mix a client really receives."""
    from hyperframe.frame import (
        ContinuationFrame,
        DataFrame,
        GoAwayFrame,
        HeadersFrame,
        PingFrame,
        RstStreamFrame,
        SettingsFrame,
        WindowUpdateFrame,
    )

    frames: list[Any] = []
    frames.append(SettingsFrame(0, settings={1: 4096, 3: 100, 4: 65535, 5: 16384}))
    frames.append(SettingsFrame(0, flags=["ACK"]))
    frames.append(WindowUpdateFrame(0, window_increment=2**20))
    for index in range(8):
        stream_id = 1 + 2 * index
        if index % 2:
            headers = HeadersFrame(
                stream_id, _BLOCK[:120], pad_length=8, depends_on=stream_id - 2,
                stream_weight=15, exclusive=index % 4 == 1,
                flags=["PADDED", "PRIORITY"],
            )
            frames.append(headers)
            frames.append(ContinuationFrame(stream_id, _BLOCK[120:], flags=["END_HEADERS"]))
        else:
            frames.append(HeadersFrame(stream_id, _BLOCK[:90], flags=["END_HEADERS"]))
        for size in _DATA_SIZES[index : index + 3]:
            frames.append(DataFrame(stream_id, b"x" * size))
        last = DataFrame(stream_id, b"y" * 300, flags=["END_STREAM"])
        if index % 3 == 0:
            last.flags.add("PADDED")
            last.pad_length = 20
        frames.append(last)
        frames.append(WindowUpdateFrame(stream_id, window_increment=65535))
        frames.append(WindowUpdateFrame(0, window_increment=30000))
    frames.append(PingFrame(0, b"12345678"))
    frames.append(PingFrame(0, b"87654321", flags=["ACK"]))
    frames.append(RstStreamFrame(7, error_code=8))
    frames.append(GoAwayFrame(0, last_stream_id=15, error_code=0, additional_data=b"bye"))
    return frames


def _parse_setup() -> tuple[Any, bytes, int]:
    from hyperframe.frame import Frame

    frames = _build_frames()
    wire = b"".join(frame.serialize() for frame in frames) * 4
    return Frame.parse_frame_header, wire, len(frames) * 4


def _parse_run(state: tuple[Any, bytes, int]) -> int:
    parse_frame_header, wire, _expected = state
    view = memoryview(wire)
    position = 0
    end = len(wire)
    count = 0
    while position < end:
        frame, length = parse_frame_header(view[position : position + 9])
        position += 9
        frame.parse_body(view[position : position + length])
        position += length
        count += 1
    return count


def _serialize_setup() -> Any:
    import hyperframe.frame as module

    return module


def _serialize_run(module: Any) -> int:
    data_frame = module.DataFrame
    headers_frame = module.HeadersFrame
    count = 0
    for _round in range(4):
        out = []
        settings = module.SettingsFrame(0)
        settings.settings = {1: 4096, 3: 100, 4: 65535, 5: 16384}
        out.append(settings.serialize())
        ack = module.SettingsFrame(0)
        ack.flags.add("ACK")
        out.append(ack.serialize())
        out.append(module.WindowUpdateFrame(0, window_increment=2**20).serialize())
        for index in range(8):
            stream_id = 1 + 2 * index
            if index % 2:
                headers = headers_frame(stream_id)
                headers.data = _BLOCK[:120]
                headers.pad_length = 8
                headers.depends_on = stream_id - 2
                headers.stream_weight = 15
                headers.exclusive = index % 4 == 1
                headers.flags.add("PADDED")
                headers.flags.add("PRIORITY")
                out.append(headers.serialize())
                continuation = module.ContinuationFrame(stream_id, _BLOCK[120:])
                continuation.flags.add("END_HEADERS")
                out.append(continuation.serialize())
            else:
                out.append(
                    headers_frame(stream_id, _BLOCK[:90], flags=["END_HEADERS"]).serialize()
                )
            for size in _DATA_SIZES[index : index + 3]:
                out.append(data_frame(stream_id, _PAYLOADS[size]).serialize())
            last = data_frame(stream_id, _PAYLOADS[300])
            last.flags.add("END_STREAM")
            if index % 3 == 0:
                last.flags.add("PADDED")
                last.pad_length = 20
            out.append(last.serialize())
            out.append(module.WindowUpdateFrame(stream_id, window_increment=65535).serialize())
            out.append(module.WindowUpdateFrame(0, window_increment=30000).serialize())
        out.append(module.PingFrame(0, b"12345678").serialize())
        pong = module.PingFrame(0)
        pong.opaque_data = b"87654321"
        pong.flags.add("ACK")
        out.append(pong.serialize())
        out.append(module.RstStreamFrame(7, error_code=8).serialize())
        goaway = module.GoAwayFrame(0)
        goaway.last_stream_id = 15
        goaway.additional_data = b"bye"
        out.append(goaway.serialize())
        count += len(out)
    return count


_PAYLOADS = {size: b"x" * size for size in (*_DATA_SIZES, 300)}

WORKLOADS = {
    "hyperframe.parse": Workload("hyperframe", "frames", _parse_setup, _parse_run),
    "hyperframe.serialize": Workload("hyperframe", "frames", _serialize_setup, _serialize_run),
}
