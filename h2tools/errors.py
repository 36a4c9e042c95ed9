"""Exceptions raised by the h2tools client and server.

Every failure a caller can see is an :class:`H2ToolsError`, so one
``except H2ToolsError`` covers connection failures, protocol failures,
refused or reset streams and timeouts.
"""

from __future__ import annotations


class H2ToolsError(Exception):
    """Base class of every h2tools exception."""


class ConnectError(H2ToolsError):
    """The TCP or TLS connection could not be established."""


class ProtocolFailure(H2ToolsError):
    """The peer broke HTTP/2 (or did not speak it); the connection is unusable."""


class ConnectionClosedError(H2ToolsError):
    """The connection ended (GOAWAY or transport loss) before the stream finished.

    ``last_stream_id`` is the peer's GOAWAY value when one was received: a
    request on a stream above it was never processed and is safe to retry
    (RFC 9113 §6.8).
    """

    def __init__(
        self,
        message: str,
        *,
        error_code: int | None = None,
        last_stream_id: int | None = None,
        retry_safe: bool = False,
    ) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.last_stream_id = last_stream_id
        self.retry_safe = retry_safe


class StreamResetError(H2ToolsError):
    """The peer reset the stream with RST_STREAM (RFC 9113 §6.4)."""

    def __init__(self, stream_id: int, error_code: int) -> None:
        self.stream_id = stream_id
        self.error_code = error_code
        super().__init__(f"stream {stream_id} was reset by the peer: {_code_name(error_code)}")

    @property
    def refused(self) -> bool:
        """True for REFUSED_STREAM: the peer did no work, a retry is safe (RFC 9113 §8.7)."""
        return self.error_code == 0x7


class RequestTimeout(H2ToolsError, TimeoutError):
    """A request did not complete within its timeout."""


class BodyTooLarge(H2ToolsError):
    """A body exceeded a configured size limit."""


def _code_name(error_code: int) -> str:
    from h2.errors import ErrorCodes

    try:
        return f"{ErrorCodes(error_code).name} (0x{error_code:x})"
    except ValueError:
        return f"unknown error code 0x{error_code:x}"
