"""asyncio glue around one sans-I/O ``H2Connection``.

:class:`H2Protocol` owns the transport and the connection object and does
the work both roles share:

* feeds received bytes to ``receive_data`` and dispatches the events through
  a table of handlers (``event type -> method``) that subclasses fill in;
* writes whatever the connection queued, either at once (``flush``) or
  coalesced once per loop iteration (``schedule_flush``), so many small
  responses go out in one ``write`` call;
* honours transport backpressure: while ``pause_writing`` is in force no
  DATA is produced, and only small control replies can accumulate, bounded
  by :attr:`Limits.max_write_backlog`;
* sends bodies within the peer's flow-control windows, parking the sender of
  each stream on a future until WINDOW_UPDATE or SETTINGS give credit
  (RFC 9113 §6.9);
* counts RST_STREAM, PING and SETTINGS frames per second and closes the
  connection with ENHANCE_YOUR_CALM when a peer floods them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    Event,
    PingAckReceived,
    PingReceived,
    RemoteSettingsChanged,
    WindowUpdated,
)
from h2.exceptions import ProtocolError
from h2.settings import SettingCodes
from h2tools._body import BodyStream
from h2tools.config import Limits
from h2tools.errors import (
    ConnectionClosedError,
    H2ToolsError,
    ProtocolFailure,
    StreamResetError,
)
from h2tools.trace import FrameTracer
from hyperframe.frame import GoAwayFrame

log = logging.getLogger("h2tools")

#: Transport write-buffer high-water mark: DATA production pauses above it.
WRITE_HIGH_WATER = 256 * 1024
#: Bytes of DATA frames queued in h2 before they are written in one call.
FLUSH_BATCH = 64 * 1024
#: Seconds a half-closed connection waits for the peer to close (see ``fail``).
LINGER_SECONDS = 2.0

EventHandler = Callable[[Any], None]


class StreamIO:
    """What the protocol tracks for one stream besides h2's own state."""

    __slots__ = ("body", "reset_code", "stream_id")

    def __init__(self, stream_id: int, body: BodyStream) -> None:
        self.stream_id = stream_id
        self.body = body
        #: Error code of a RST_STREAM received (or sent) on this stream.
        self.reset_code: int | None = None


StreamT = TypeVar("StreamT", bound=StreamIO)


class H2Protocol(asyncio.Protocol, Generic[StreamT]):
    """Shared machinery of :class:`ServerProtocol` and :class:`ClientProtocol`."""

    def __init__(
        self,
        *,
        client_side: bool,
        limits: Limits,
        tracer: FrameTracer | None = None,
        validate_outbound_headers: bool = True,
    ) -> None:
        self.loop = asyncio.get_running_loop()
        self.limits = limits
        self.tracer = tracer
        config = H2Configuration(
            client_side=client_side,
            header_encoding=None,
            validate_outbound_headers=validate_outbound_headers,
        )
        self.conn = H2Connection(config=config)
        self.transport: asyncio.Transport | None = None
        self.streams: dict[int, StreamT] = {}
        self.closed = False
        #: Why the connection ended, for errors raised to waiting callers.
        self.close_error: H2ToolsError | None = None
        self.connection_closed: asyncio.Future[None] = self.loop.create_future()
        #: Resolved when the socket itself is gone (after any lingering close).
        self.transport_closed: asyncio.Future[None] = self.loop.create_future()
        self.last_activity = self.loop.time()
        self._window_waiters: dict[int, asyncio.Future[None]] = {}
        self._write_paused = False
        self._writable_waiters: list[asyncio.Future[None]] = []
        self._flush_pending = False
        #: DATA bytes queued in h2 since the last write (see ``send_data``).
        self._unflushed = 0
        self._rate_window_start = self.last_activity
        self._resets_seen = 0
        self._controls_seen = 0
        self._ping_waiters: dict[bytes, asyncio.Future[float]] = {}
        self.event_handlers: dict[type[Event], EventHandler] = {
            WindowUpdated: self._on_window_updated,
            RemoteSettingsChanged: self._on_remote_settings,
            PingReceived: self._on_ping,
            PingAckReceived: self._on_ping_ack,
        }

    # -- connection setup ------------------------------------------------------

    def prepare_settings(self) -> None:
        """Make our advertised limits current before ``initiate_connection``.

        Assigning ``local_settings`` wholesale (as httpcore does, API §1.4)
        makes the values current at once, so stream receive windows start at
        ``stream_window``; the peer learns them from our first SETTINGS.
        """
        from h2.settings import Settings

        limits = self.limits
        client_side = self.conn.config.client_side
        values: dict[SettingCodes | int, int] = {
            SettingCodes.MAX_CONCURRENT_STREAMS: limits.max_concurrent_streams,
            SettingCodes.INITIAL_WINDOW_SIZE: limits.stream_window,
            SettingCodes.MAX_HEADER_LIST_SIZE: limits.max_header_list_size,
        }
        if client_side:
            # We never want server push (RFC 9113 §8.4: a client may disable it).
            values[SettingCodes.ENABLE_PUSH] = 0
        self.conn.local_settings = Settings(client=client_side, initial_values=values)
        self.conn.decoder.max_header_list_size = limits.max_header_list_size

    def open_connection_window(self) -> None:
        """Grow the connection receive window to ``connection_window`` (RFC 9113 §6.9.2)."""
        extra = self.limits.connection_window - 65535
        if extra > 0:
            self.conn.increment_flow_control_window(extra)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.set_write_buffer_limits(high=WRITE_HIGH_WATER)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Small frames (ACKs, tiny responses) must not wait for Nagle.
            with contextlib.suppress(OSError):  # a peer that already reset us
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- reading ---------------------------------------------------------------

    def feed_h2(self, data: bytes) -> None:
        """Hand bytes to h2 and dispatch the resulting events."""
        if self.tracer is not None:
            self.tracer.received(data)
        try:
            events = self.conn.receive_data(data)
        except ProtocolError as exc:
            # h2 queued GOAWAY with the right code (RFC 9113 §5.4.1); send it and leave.
            self.fail(ProtocolFailure(f"peer violated HTTP/2: {exc}"))
            return
        handlers = self.event_handlers
        # Replies produced while dispatching go out with the flush below.
        self._flush_pending = True
        try:
            for event in events:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        finally:
            self._flush_pending = False
        self.flush()

    def _on_window_updated(self, event: WindowUpdated) -> None:
        if event.stream_id:
            self.wake_sender(event.stream_id)
        else:
            self.wake_all_senders()

    def _on_remote_settings(self, event: RemoteSettingsChanged) -> None:
        self._count_control()
        # A new INITIAL_WINDOW_SIZE moves every stream's send window (RFC 9113 §6.9.2).
        if SettingCodes.INITIAL_WINDOW_SIZE in event.changed_settings:
            self.wake_all_senders()

    def _on_ping(self, event: PingReceived) -> None:
        self._count_control()

    def _on_ping_ack(self, event: PingAckReceived) -> None:
        waiter = self._ping_waiters.pop(bytes(event.ping_data), None)
        if waiter is not None and not waiter.done():
            waiter.set_result(self.loop.time())

    # -- abuse accounting ------------------------------------------------------

    def _rate_tick(self) -> None:
        now = self.loop.time()
        if now - self._rate_window_start >= 1.0:
            self._rate_window_start = now
            self._resets_seen = 0
            self._controls_seen = 0

    def count_reset(self) -> None:
        """Record one RST_STREAM from the peer; too many per second is an attack."""
        self._rate_tick()
        self._resets_seen += 1
        if self._resets_seen > self.limits.max_resets_per_second:
            self.calm_down("too many stream resets")

    def _count_control(self) -> None:
        self._rate_tick()
        self._controls_seen += 1
        if self._controls_seen > self.limits.max_control_frames_per_second:
            self.calm_down("too many PING/SETTINGS frames")

    def calm_down(self, reason: str) -> None:
        """Close the connection with ENHANCE_YOUR_CALM (RFC 9113 §5.4.1, §7)."""
        if self.closed:
            return
        log.warning("closing connection: %s", reason)
        self.conn.close_connection(ErrorCodes.ENHANCE_YOUR_CALM, additional_data=reason.encode())
        self.fail(ProtocolFailure(f"connection closed: {reason}"))

    # -- writing ---------------------------------------------------------------

    def write_raw(self, data: bytes) -> None:
        """Write bytes as they are (used for HTTP/1.1 upgrade lines)."""
        if self.transport is not None and not self.closed:
            self.transport.write(data)

    def flush(self) -> None:
        """Write everything the connection has queued."""
        self._unflushed = 0
        data = self.conn.data_to_send()
        if not data or self.transport is None or self.closed:
            return
        if self.tracer is not None:
            self.tracer.sent(data)
        was_paused = self._write_paused
        self.transport.write(data)
        if was_paused and (
            self.transport.get_write_buffer_size()
            > WRITE_HIGH_WATER + self.limits.max_write_backlog
        ):
            # Only control replies are produced while paused (DATA waits for
            # resume_writing): the peer sends frames but does not read ours.
            self.conn.clear_outbound_data_buffer()
            self.fail(ProtocolFailure("peer does not read: write backlog limit exceeded"))

    def schedule_flush(self) -> None:
        """Flush once at the end of this loop iteration (coalesces writes)."""
        if not self._flush_pending:
            self._flush_pending = True
            self.loop.call_soon(self._scheduled_flush)

    def _scheduled_flush(self) -> None:
        self._flush_pending = False
        self.flush()

    def send_goaway_frame(self, last_stream_id: int, error_code: int = 0) -> None:
        """Write a GOAWAY without closing h2's state machine.

        Used to start a graceful shutdown (RFC 9113 §6.8): streams up to
        ``last_stream_id`` may still complete, which h2's own
        ``close_connection`` would forbid.
        """
        self.flush()
        frame = GoAwayFrame(0)
        frame.last_stream_id = last_stream_id
        frame.error_code = error_code
        data = frame.serialize()
        if self.tracer is not None:
            self.tracer.sent(data)
        self.write_raw(data)

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        waiters = self._writable_waiters
        self._writable_waiters = []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_writable(self) -> None:
        """Wait until the transport's buffer drained below its low-water mark."""
        while self._write_paused and not self.closed:
            # One future per waiter: cancelling one stream's task must not
            # cancel the others' wait.
            waiter = self.loop.create_future()
            self._writable_waiters.append(waiter)
            await waiter

    # -- flow-controlled sending -----------------------------------------------

    def wake_sender(self, stream_id: int) -> None:
        waiter = self._window_waiters.get(stream_id)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def wake_all_senders(self) -> None:
        for waiter in self._window_waiters.values():
            if not waiter.done():
                waiter.set_result(None)

    def check_sendable(self, stream: StreamIO) -> None:
        """Raise if the stream or the connection can no longer carry data."""
        if stream.reset_code is not None:
            raise StreamResetError(stream.stream_id, stream.reset_code)
        if self.closed:
            raise self.closed_error()

    def closed_error(self) -> H2ToolsError:
        return self.close_error or ConnectionClosedError("connection closed")

    async def send_data(self, stream: StreamIO, data: bytes, *, end_stream: bool) -> None:
        """Send ``data`` on ``stream`` as fast as flow control and the socket allow.

        Frames are handed to the transport in batches of about
        ``FLUSH_BATCH`` bytes (one write call each), and always before waiting
        for window or writability, so the peer sees everything we sent.
        """
        conn = self.conn
        stream_id = stream.stream_id
        view = memoryview(data)
        while True:
            self.check_sendable(stream)
            if self._write_paused:
                await self.wait_writable()
                continue
            if not view:
                if end_stream:
                    self._h2_call(stream, conn.end_stream, stream_id)
                    self.schedule_flush()
                return
            window = self._h2_call(stream, conn.local_flow_control_window, stream_id)
            if window <= 0:
                if self._unflushed:
                    self.flush()
                    continue
                await self._wait_for_window(stream_id)
                continue
            size = min(window, conn.max_outbound_frame_size, len(view))
            last = size == len(view)
            self._h2_call(
                stream, conn.send_data, stream_id, view[:size], end_stream=end_stream and last
            )
            view = view[size:]
            # Counted across calls and streams: a body sent chunk by chunk
            # still reaches the transport (and its backpressure) every batch.
            self._unflushed += size
            if self._unflushed >= FLUSH_BATCH:
                self.flush()
            elif last:
                self.schedule_flush()
            if last:
                return

    def _h2_call(self, stream: StreamIO, method: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Call an h2 method, turning a closed stream into our own exceptions."""
        try:
            return method(*args, **kw)
        except ProtocolError as exc:
            self.check_sendable(stream)
            raise StreamResetError(stream.stream_id, ErrorCodes.STREAM_CLOSED) from exc

    async def _wait_for_window(self, stream_id: int) -> None:
        waiter = self.loop.create_future()
        self._window_waiters[stream_id] = waiter
        try:
            await waiter
        finally:
            self._window_waiters.pop(stream_id, None)

    def reset_stream(self, stream: StreamIO, error_code: int) -> None:
        """Send RST_STREAM unless the stream is already gone."""
        if stream.reset_code is None:
            stream.reset_code = error_code
        if self.closed:
            return
        try:
            self.conn.reset_stream(stream.stream_id, error_code)
        except ProtocolError:
            return
        self.schedule_flush()

    def acknowledge(self, stream_id: int, size: int) -> None:
        """Return receive-window credit for data the application consumed."""
        if self.closed or size <= 0:
            return
        try:
            self.conn.acknowledge_received_data(size, stream_id)
        except ProtocolError:
            return
        self.schedule_flush()

    # -- ping ------------------------------------------------------------------

    async def ping(self, opaque: bytes) -> float:
        """Send PING (RFC 9113 §6.7) and return the round-trip time in seconds."""
        if self.closed:
            raise self.closed_error()
        waiter: asyncio.Future[float] = self.loop.create_future()
        self._ping_waiters[opaque] = waiter
        start = self.loop.time()
        self.conn.ping(opaque)
        self.flush()
        done = await waiter
        return done - start

    # -- teardown --------------------------------------------------------------

    def fail(self, error: H2ToolsError) -> None:
        """Write what is queued (e.g. GOAWAY), then close the transport.

        Closing a socket that still has unread input makes the kernel send a
        TCP reset, which can destroy the last response bytes (and the GOAWAY)
        before the peer reads them. So on TCP we half-close (FIN after our
        last byte), keep discarding input, and close for good when the peer
        closes or after ``LINGER_SECONDS``.
        """
        if self.close_error is None:
            self.close_error = error
        try:
            self.flush()
            transport = self.transport
            if transport is not None and not transport.is_closing():
                if _can_write_eof(transport):
                    try:
                        transport.write_eof()
                    except OSError:
                        # The peer is already gone (shutdown() -> ENOTCONN).
                        transport.close()
                    else:
                        self.loop.call_later(LINGER_SECONDS, transport.close)
                else:
                    transport.close()
        finally:
            self.mark_closed()

    def mark_closed(self) -> None:
        """Fail every waiter; subclasses extend this to fail their streams."""
        if self.closed:
            return
        self.closed = True
        error = self.closed_error()
        self.wake_all_senders()
        self.resume_writing()
        for stream in self.streams.values():
            stream.body.fail(error)
        for waiter in self._ping_waiters.values():
            if not waiter.done():
                waiter.set_exception(error)
        self._ping_waiters.clear()
        if not self.connection_closed.done():
            self.connection_closed.set_result(None)

    def eof_received(self) -> bool | None:
        # The peer finished sending: close our side too (returning None).
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        if self.close_error is None:
            detail = f": {exc}" if exc else ""
            self.close_error = ConnectionClosedError(f"connection lost{detail}")
        self.mark_closed()
        self.transport = None
        if not self.transport_closed.done():
            self.transport_closed.set_result(None)


def _can_write_eof(transport: asyncio.Transport) -> bool:
    try:
        return bool(transport.can_write_eof())
    except NotImplementedError:
        return False
