"""Inbound body streams with buffering bounded by HTTP/2 flow control.

A :class:`BodyStream` holds the DATA a peer sent on one stream until the
application reads it. Receive-window credit is returned (through the ``ack``
callback, which calls ``H2Connection.acknowledge_received_data``) only when a
chunk is handed to the reader, so a slow reader stalls the peer instead of
growing our buffer (RFC 9113 §5.2: flow control protects the receiver).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable

from h2tools.errors import BodyTooLarge


class BodyStream:
    """The body of one request or response, read as an async iterator of chunks."""

    __slots__ = (
        "_ack",
        "_chunks",
        "_discarding",
        "_ended",
        "_error",
        "_waiter",
        "buffered",
        "max_buffered",
        "received",
    )

    def __init__(self, ack: Callable[[int], None]) -> None:
        self._ack = ack
        self._chunks: deque[tuple[bytes, int]] = deque()
        self._ended = False
        self._discarding = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        #: Bytes waiting in the buffer now, and the most ever waiting at once.
        self.buffered = 0
        self.max_buffered = 0
        #: Total body bytes received so far.
        self.received = 0

    # -- producer side (the protocol) ---------------------------------------

    def feed(self, data: bytes, flow_controlled_length: int) -> None:
        """Store one DATA frame's payload; padding credit is returned at once."""
        self.received += len(data)
        if self._discarding or not data:
            if flow_controlled_length:
                self._ack(flow_controlled_length)
            return
        padding = flow_controlled_length - len(data)
        if padding > 0:
            self._ack(padding)
        self._chunks.append((data, len(data)))
        self.buffered += len(data)
        if self.buffered > self.max_buffered:
            self.max_buffered = self.buffered
        self._wake()

    def end(self) -> None:
        """The peer sent END_STREAM."""
        self._ended = True
        self._wake()

    def fail(self, error: BaseException) -> None:
        """The stream or connection broke; pending and future reads raise ``error``."""
        if not self._ended and self._error is None:
            self._error = error
        self._wake()

    def discard(self) -> None:
        """Nobody will read any more: return all credit now and for later frames."""
        self._discarding = True
        credit = sum(length for _, length in self._chunks)
        self._chunks.clear()
        self.buffered = 0
        if credit:
            self._ack(credit)

    @property
    def ended(self) -> bool:
        """True once END_STREAM arrived (buffered chunks may still be unread)."""
        return self._ended

    @property
    def complete(self) -> bool:
        """True once END_STREAM arrived and every chunk was read."""
        return self._ended and not self._chunks

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # -- consumer side (the application) ------------------------------------

    async def read_chunk(self) -> bytes:
        """Return the next chunk, or ``b""`` at the end of the body."""
        while not self._chunks:
            if self._ended:
                return b""
            if self._error is not None:
                raise self._error
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        data, length = self._chunks.popleft()
        self.buffered -= len(data)
        self._ack(length)
        return data

    async def read(self, limit: int | None = None) -> bytes:
        """Read the whole body; raise :class:`BodyTooLarge` beyond ``limit`` bytes."""
        parts: list[bytes] = []
        total = 0
        while True:
            chunk = await self.read_chunk()
            if not chunk:
                return b"".join(parts)
            total += len(chunk)
            if limit is not None and total > limit:
                self.discard()
                raise BodyTooLarge(f"body exceeds the limit of {limit} bytes")
            parts.append(chunk)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self.read_chunk()
            if not chunk:
                return
            yield chunk
