"""Exceptions raised by h2 (API contract §5.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from h2.errors import ErrorCodes

if TYPE_CHECKING:
    from h2.events import Event

__all__ = [
    "DenialOfServiceError",
    "FlowControlError",
    "FrameDataMissingError",
    "FrameTooLargeError",
    "H2Error",
    "InvalidBodyLengthError",
    "InvalidSettingsValueError",
    "NoAvailableStreamIDError",
    "NoSuchStreamError",
    "ProtocolError",
    "RFC1122Error",
    "StreamClosedError",
    "StreamIDTooLowError",
    "TooManyStreamsError",
    "UnsupportedFrameError",
]


class H2Error(Exception):
    """Base class for every error h2 raises."""


class ProtocolError(H2Error):
    """The peer or the caller broke the HTTP/2 protocol."""

    #: The error code sent in the GOAWAY this error causes.
    error_code: ErrorCodes | int = ErrorCodes.PROTOCOL_ERROR


class FrameTooLargeError(ProtocolError):
    """A frame exceeded the maximum frame size in force (RFC 9113 §4.2)."""

    error_code = ErrorCodes.FRAME_SIZE_ERROR


class FrameDataMissingError(ProtocolError):
    """A frame body was too short or otherwise had the wrong size (RFC 9113 §4.2)."""

    error_code = ErrorCodes.FRAME_SIZE_ERROR


class TooManyStreamsError(ProtocolError):
    """Opening another stream would exceed SETTINGS_MAX_CONCURRENT_STREAMS."""


class FlowControlError(ProtocolError):
    """A flow-control window was violated (RFC 9113 §5.2, §6.9.1)."""

    error_code = ErrorCodes.FLOW_CONTROL_ERROR


class StreamIDTooLowError(ProtocolError):
    """A new stream id was not larger than every id already used (RFC 9113 §5.1.1)."""

    def __init__(self, stream_id: int, max_stream_id: int) -> None:
        #: The stream id that was rejected.
        self.stream_id = stream_id
        #: The highest stream id seen so far in that direction.
        self.max_stream_id = max_stream_id

    def __str__(self) -> str:
        return f"StreamIDTooLowError: {self.stream_id} is lower than {self.max_stream_id}"


class NoAvailableStreamIDError(ProtocolError):
    """Every stream id of our parity has been used (RFC 9113 §5.1.1)."""


class NoSuchStreamError(ProtocolError):
    """A stream id refers to a stream that does not exist (yet)."""

    def __init__(self, stream_id: int) -> None:
        #: The stream id that was looked up.
        self.stream_id = stream_id

    def __str__(self) -> str:
        return str(self.stream_id)


class StreamClosedError(NoSuchStreamError):
    """A stream id refers to a stream that is closed (or was forgotten)."""

    def __init__(self, stream_id: int) -> None:
        super().__init__(stream_id)
        # Instance attribute on purpose: the contract makes it per instance.
        self.error_code: ErrorCodes | int = ErrorCodes.STREAM_CLOSED
        # Events h2 returns when it turns this error into a stream reset.
        self._events: list[Event] = []


class InvalidSettingsValueError(ProtocolError, ValueError):
    """A SETTINGS value is outside its allowed range (RFC 9113 §6.5.2)."""

    def __init__(self, msg: str, error_code: ErrorCodes | int) -> None:
        super().__init__(msg)
        self.error_code = error_code


class InvalidBodyLengthError(ProtocolError):
    """A body did not match its content-length header (RFC 9113 §8.1.1)."""

    def __init__(self, expected: int, actual: int) -> None:
        #: The length announced by content-length.
        self.expected_length = expected
        #: The number of body bytes actually received.
        self.actual_length = actual

    def __str__(self) -> str:
        return (
            f"InvalidBodyLengthError: Expected {self.expected_length} bytes, "
            f"received {self.actual_length}"
        )


class UnsupportedFrameError(ProtocolError):
    """A frame h2 does not support was received (kept for compatibility)."""


class DenialOfServiceError(ProtocolError):
    """The peer's behaviour looks like an attempt to exhaust our resources."""

    error_code = ErrorCodes.ENHANCE_YOUR_CALM


class RFC1122Error(H2Error):
    """The action is permitted by the RFC but refused by h2 (RFC 1122 robustness)."""
