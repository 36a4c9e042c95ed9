"""The nghttp-style frame trace."""

from __future__ import annotations

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2tools.trace import FrameTracer, error_code_text, setting_text
from hpack import Encoder
from hyperframe.frame import ContinuationFrame, HeadersFrame


def _tracer(client_side: bool = True) -> tuple[FrameTracer, list[str]]:
    lines: list[str] = []
    return FrameTracer(client_side=client_side, write=lines.append, clock=lambda: 0.0), lines


def test_client_preface_settings_headers_and_goaway() -> None:
    tracer, lines = _tracer()
    conn = H2Connection(H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.send_headers(
        1,
        [(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", "/x")],
        end_stream=True,
    )
    conn.ping(b"\x01" * 8)
    conn.close_connection(ErrorCodes.NO_ERROR, b"done")
    data = conn.data_to_send()
    # Feed in awkward pieces: the tracer must reassemble frames.
    for index in range(0, len(data), 7):
        tracer.sent(data[index : index + 7])
    text = "\n".join(lines)
    assert "send connection preface" in text
    assert "send SETTINGS frame <length=42, flags=0x00, stream_id=0>" in text
    assert "[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]" in text
    assert "send HEADERS frame" in text and "; END_HEADERS | END_STREAM" in text
    assert ":path: /x" in text
    assert "(opaque_data=0101010101010101)" in text
    assert "(last_stream_id=0, error_code=NO_ERROR(0x00), opaque_data(4)=[done])" in text
    assert tracer.counts[("send", "HEADERS")] == 1


def test_continuation_blocks_are_decoded_once_complete() -> None:
    tracer, lines = _tracer(client_side=False)
    block = Encoder().encode([(":status", "200"), ("x-long", "v" * 50)])
    first = HeadersFrame(1)
    first.data = block[:10]
    second = ContinuationFrame(1)
    second.data = block[10:]
    second.flags.add("END_HEADERS")
    tracer.sent(first.serialize())
    assert ":status: 200" not in "\n".join(lines)
    tracer.sent(second.serialize())
    text = "\n".join(lines)
    assert ":status: 200" in text and "x-long: " + "v" * 50 in text
    assert "send CONTINUATION frame" in text


def test_unknown_frames_and_bad_header_blocks() -> None:
    tracer, lines = _tracer(client_side=False)
    tracer.received(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
    # An unknown frame type 0xbb on stream 3 (RFC 9113 §4.1: must be ignored).
    tracer.received(b"\x00\x00\x03\xbb\x00\x00\x00\x00\x03xyz")
    bad = HeadersFrame(1)
    bad.data = b"\xff\xff\xff\xff"
    bad.flags.add("END_HEADERS")
    tracer.received(bad.serialize())
    text = "\n".join(lines)
    assert "recv connection preface" in text
    assert "recv UNKNOWN(0xbb) frame <length=3" in text
    assert "header block could not be decoded" in text


def test_garbage_stops_the_trace_for_that_direction() -> None:
    tracer, lines = _tracer()
    tracer.received(b"\x00\x00\x04\x08\x00\x00\x00\x00\x00\x00\x00")  # WINDOW_UPDATE, short body
    tracer.received(b"\x00\x00")
    assert any("trace stopped" in line for line in lines)
    count = len(lines)
    tracer.received(b"\x00" * 50)
    assert len(lines) == count


def test_data_payload_shown_on_request_and_notes() -> None:
    lines: list[str] = []
    tracer = FrameTracer(client_side=False, write=lines.append, show_data=True)
    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    tracer.sent(conn.data_to_send())
    tracer.note("hello")
    assert lines[-1].endswith("hello")
    assert error_code_text(0xB) == "ENHANCE_YOUR_CALM(0x0b)"
    assert error_code_text(0x99) == "UNKNOWN(0x99)"
    assert setting_text(0x99) == "UNKNOWN_SETTING(0x99)"
