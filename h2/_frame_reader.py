"""Cutting received bytes into HTTP/2 frames (RFC 9113 §3.4, §4, §6.10; API contract §6.2).

:class:`FrameBuffer` does steps 1-4 of the receive pipeline:

1. a server checks the client connection preface, piece by piece;
2. (the connection sets ``max_frame_size`` before each batch);
3. complete frames are cut from the buffer and parsed with hyperframe, with
   errors mapped onto the h2 exception hierarchy.  A frame longer than
   ``max_frame_size`` is refused as soon as its 9-byte header is seen, so
   an oversized body is never buffered (RFC 9113 §4.2);
4. a header block split over HEADERS/PUSH_PROMISE + CONTINUATION frames is
   reassembled and delivered as its first frame (RFC 9113 §4.3, §6.10).

It also enforces the limits against floods of CONTINUATION frames
(CVE-2024-27316 family) and of frames that make no progress (CVE-2019-9518).
"""

from __future__ import annotations

from typing import Final

from h2.errors import ErrorCodes
from h2.exceptions import (
    DenialOfServiceError,
    FrameDataMissingError,
    FrameTooLargeError,
    ProtocolError,
)
from hyperframe.exceptions import (
    HyperframeError,
    InvalidDataError,
    InvalidFrameError,
    InvalidPaddingError,
)
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    Frame,
    HeadersFrame,
    PriorityFrame,
    PushPromiseFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

__all__ = ["CONTINUATION_BACKLOG", "FrameBuffer", "StreamFrameError"]

#: Default maximum number of frames (first frame included) in one header block.
CONTINUATION_BACKLOG: Final = 64
#: Default maximum number of compressed bytes in one header block.
DEFAULT_MAX_HEADER_BLOCK_SIZE: Final = 262144
#: Default maximum number of consecutive frames that make no progress.
DEFAULT_MAX_EMPTY_FRAMES: Final = 1000

#: RFC 9113 §3.4: the client connection preface.
PREAMBLE: Final = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

# Frames that start a header block (RFC 9113 §4.3).
_BLOCK_STARTERS: Final = (HeadersFrame, PushPromiseFrame)


class StreamFrameError(ProtocolError):
    """A malformed frame whose error the RFC confines to its stream.

    The frame has been consumed and iteration may continue; the connection
    should reset ``stream_id`` with ``error_code`` (RFC 9113 §5.4.2) instead
    of closing.  Raised for a stream WINDOW_UPDATE with a zero increment
    (RFC 9113 §6.9) and a stream PRIORITY frame that is not 5 octets long
    (RFC 9113 §6.3).
    """

    def __init__(self, msg: str, stream_id: int, error_code: ErrorCodes) -> None:
        super().__init__(msg)
        self.stream_id = stream_id
        self.error_code = error_code


_parse_frame_header = Frame.parse_frame_header


class FrameBuffer:
    """Accumulates received bytes and yields complete frames when iterated.

    ``server=True`` expects the client connection preface first.  Iterating
    yields every complete frame currently buffered (a split header block
    comes out once, as its first frame with all fragments joined) and stops
    when more data is needed; errors raise from the iteration.

    The limits can be passed as keyword arguments or assigned afterwards:
    ``max_frame_size`` (payload bytes; 0 until the connection sets it),
    ``max_continuation_frames``, ``max_header_block_size`` and
    ``max_empty_frames``.
    """

    __slots__ = (
        "_data",
        "_empty_frames",
        "_header_block_size",
        "_headers_buffer",
        "_preamble",
        "max_continuation_frames",
        "max_empty_frames",
        "max_frame_size",
        "max_header_block_size",
    )

    def __init__(
        self,
        server: bool = False,
        *,
        max_continuation_frames: int = CONTINUATION_BACKLOG,
        max_header_block_size: int = DEFAULT_MAX_HEADER_BLOCK_SIZE,
        max_empty_frames: int = DEFAULT_MAX_EMPTY_FRAMES,
    ) -> None:
        self._data = bytearray()
        self.max_frame_size = 0
        # The part of the connection preface still expected (empty for a client).
        self._preamble = PREAMBLE if server else b""
        # Frames of the header block being assembled (the first one leads).
        self._headers_buffer: list[HeadersFrame | PushPromiseFrame | ContinuationFrame] = []
        self._header_block_size = 0
        self._empty_frames = 0
        self.max_continuation_frames = max_continuation_frames
        self.max_header_block_size = max_header_block_size
        self.max_empty_frames = max_empty_frames

    def add_data(self, data: bytes | bytearray | memoryview) -> None:
        """Buffer received bytes.

        While the client preface is still expected (server side), the bytes
        are compared with it first; a mismatch raises
        ``ProtocolError("Invalid HTTP/2 preamble.")`` (RFC 9113 §3.4).
        """
        expected = self._preamble
        if expected:
            chunk = bytes(data)
            compared = min(len(expected), len(chunk))
            if chunk[:compared] != expected[:compared]:
                raise ProtocolError("Invalid HTTP/2 preamble.")
            self._preamble = expected[compared:]
            data = chunk[compared:]
        self._data += data

    def __iter__(self) -> FrameBuffer:
        return self

    def __next__(self) -> Frame:
        data = self._data
        while True:
            available = len(data)
            if available < 9:  # RFC 9113 §4.1: the frame header is 9 octets
                raise StopIteration
            try:
                frame, length = _parse_frame_header(data[:9])
            except (InvalidDataError, InvalidFrameError) as exc:
                raise ProtocolError(f"Received frame with invalid header: {exc}") from None
            if length > self.max_frame_size:
                # RFC 9113 §4.2: refuse at once instead of buffering the body.
                raise FrameTooLargeError(
                    f"Received overlong frame: length {length}, max {self.max_frame_size}"
                )
            end = 9 + length
            if available < end:
                raise StopIteration
            # Copy the body out and drop the frame from the buffer before
            # parsing, so no view into ``_data`` ever outlives this call.
            body = data[9:end]
            del data[:end]
            try:
                frame.parse_body(memoryview(body))
            except HyperframeError as exc:
                raise self._body_error(frame, exc) from None
            if length:
                self._empty_frames = 0
            else:
                self._count_empty_frame(frame)
            if self._headers_buffer:
                complete = self._continue_header_block(frame)
                if complete is not None:
                    return complete
                continue
            if isinstance(frame, _BLOCK_STARTERS):
                if "END_HEADERS" not in frame.flags:
                    self._start_header_block(frame)
                    continue
                self._check_header_block_size(len(frame.data))
            return frame

    def _body_error(self, frame: Frame, exc: HyperframeError) -> ProtocolError:
        """Map a payload parsing failure onto the error the RFC asks for."""
        frame_type = type(frame)
        if self._headers_buffer and frame_type is not ContinuationFrame:
            # RFC 9113 §6.10: nothing but CONTINUATION may interrupt a block.
            return ProtocolError("Invalid frame during header block.")
        if isinstance(exc, InvalidPaddingError):
            # RFC 9113 §6.1, §6.2, §6.6: padding too long -> PROTOCOL_ERROR.
            return ProtocolError("Received frame with invalid padding.")
        if frame.stream_id:
            if frame_type is WindowUpdateFrame and isinstance(exc, InvalidDataError):
                # RFC 9113 §6.9: a zero increment on a stream is a stream error.
                return StreamFrameError(
                    f"Received WINDOW_UPDATE with a zero increment: {exc}",
                    frame.stream_id,
                    ErrorCodes.PROTOCOL_ERROR,
                )
            if frame_type is PriorityFrame:
                # RFC 9113 §6.3: a PRIORITY frame of the wrong length is a
                # stream error of type FRAME_SIZE_ERROR.
                return StreamFrameError(
                    f"Received PRIORITY frame of the wrong length: {exc}",
                    frame.stream_id,
                    ErrorCodes.FRAME_SIZE_ERROR,
                )
        if frame_type is SettingsFrame and isinstance(exc, InvalidDataError):
            # RFC 9113 §6.5: an ACK with a payload is a FRAME_SIZE_ERROR.
            return FrameDataMissingError(f"Received SETTINGS ACK with a payload: {exc}")
        if isinstance(exc, InvalidFrameError):
            return FrameDataMissingError(f"Frame data missing or invalid: {exc}")
        return ProtocolError(f"Received frame with non-compliant data: {exc}")

    def _count_empty_frame(self, frame: Frame) -> None:
        # CVE-2019-9518: empty DATA without END_STREAM and empty header-block
        # fragments without END_HEADERS cost us work but move nothing forward.
        if type(frame) is DataFrame:
            no_progress = "END_STREAM" not in frame.flags
        elif type(frame) in (HeadersFrame, ContinuationFrame):
            no_progress = "END_HEADERS" not in frame.flags
        else:
            no_progress = False
        if not no_progress:
            self._empty_frames = 0
            return
        self._empty_frames += 1
        if self._empty_frames > self.max_empty_frames:
            raise DenialOfServiceError(
                f"Received more than {self.max_empty_frames} consecutive empty frames"
            )

    def _check_header_block_size(self, size: int) -> None:
        if size > self.max_header_block_size:
            raise DenialOfServiceError(
                f"Header block exceeds the limit of {self.max_header_block_size} bytes"
            )

    def _start_header_block(self, frame: HeadersFrame | PushPromiseFrame) -> None:
        size = len(frame.data)
        self._check_header_block_size(size)
        self._header_block_size = size
        self._headers_buffer.append(frame)

    def _continue_header_block(self, frame: Frame) -> Frame | None:
        """Add a frame to the pending header block; return the block's frame when complete."""
        buffered = self._headers_buffer
        first = buffered[0]
        # RFC 9113 §6.10: a header block must continue with CONTINUATION frames
        # on the same stream and nothing else in between.
        if type(frame) is not ContinuationFrame or frame.stream_id != first.stream_id:
            raise ProtocolError("Invalid frame during header block.")
        buffered.append(frame)
        if len(buffered) > self.max_continuation_frames:
            raise ProtocolError("Too many continuation frames received.")
        self._header_block_size += len(frame.data)
        self._check_header_block_size(self._header_block_size)
        if "END_HEADERS" not in frame.flags:
            return None
        first.flags.add("END_HEADERS")
        first.data = b"".join([part.data for part in buffered])
        buffered.clear()
        self._header_block_size = 0
        return first
