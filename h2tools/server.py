"""An asyncio HTTP/2 server: h2c with prior knowledge, h2c upgrade and TLS/ALPN.

A handler is ``async def handler(request: Request) -> Response``. Each
request runs in its own task; its body arrives through a bounded
:class:`BodyStream`; the response body (bytes or an async iterator) is sent
within the client's flow-control windows and the socket's backpressure.

Graceful shutdown (RFC 9113 §6.8): the listener closes, every connection
gets GOAWAY with the highest stream id it has seen, newer streams are
refused with REFUSED_STREAM, and in-flight streams get
``Limits.shutdown_grace`` seconds to finish before the connections close.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import ssl as ssl_module
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any

from h2.errors import ErrorCodes
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    RequestReceived,
    StreamEnded,
    StreamReset,
    TrailersReceived,
)
from h2.exceptions import H2Error, ProtocolError
from h2tools._body import BodyStream
from h2tools._http1 import (
    HEAD_END,
    SWITCHING_PROTOCOLS,
    Http1Message,
    parse_head,
    simple_response,
)
from h2tools._protocol import FLUSH_BATCH, LINGER_SECONDS, H2Protocol, StreamIO
from h2tools.config import Limits
from h2tools.errors import H2ToolsError, ProtocolFailure
from h2tools.models import Headers, Request, Response
from h2tools.trace import PREFACE, FrameTracer
from hpack import Encoder
from hyperframe.exceptions import HyperframeError

log = logging.getLogger("h2tools.server")

Handler = Callable[[Request], Awaitable[Response]]
TracerFactory = Callable[[], FrameTracer]

#: Statuses whose responses never carry content (RFC 9110 §6.4.1).
_NO_CONTENT = frozenset({204, 304})
#: Pre-built ``:status`` fields for the common codes.
_STATUS_FIELDS = {code: (b":status", str(code).encode()) for code in range(100, 600)}
_CONTENT_LENGTH_NAMES = (b"content-length", "content-length")


class _ResponseEncoder(Encoder):
    """HPACK encoder for responses: also index ``content-length`` and ``etag``.

    The default policy sends those as literals without indexing because
    their values are usually unique; a server answering the same resources
    again and again repeats them, and indexing them (RFC 7541 §6.2.1) turns
    ~25 bytes of Huffman-coded literals per response into two index bytes.
    """

    no_index_names = frozenset({b"content-range", b"age"})


class ServerStream(StreamIO):
    """A request being served."""

    __slots__ = ("head", "request", "task")

    def __init__(self, stream_id: int, body: BodyStream) -> None:
        super().__init__(stream_id, body)
        self.task: asyncio.Task[None] | None = None
        self.head = False
        self.request: Request | None = None


class ServerProtocol(H2Protocol[ServerStream]):
    """One server-side connection."""

    def __init__(self, server: Server) -> None:
        tracer = server.tracer_factory() if server.tracer_factory is not None else None
        super().__init__(client_side=False, limits=server.limits, tracer=tracer)
        self.conn.encoder = _ResponseEncoder()
        self.server = server
        self.h2_started = False
        self.draining = False
        self._goaway_last_stream_id = 2**31 - 1
        self._sniffed = bytearray()
        self._tls = False
        self._timer: asyncio.TimerHandle | None = None
        self.event_handlers.update(
            {
                RequestReceived: self._on_request,
                DataReceived: self._on_data,
                StreamEnded: self._on_stream_ended,
                StreamReset: self._on_stream_reset,
                TrailersReceived: self._on_trailers,
                ConnectionTerminated: self._on_terminated,
            }
        )

    # -- connection start: sniff the preface or an HTTP/1.1 upgrade ----------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._tls = transport.get_extra_info("ssl_object") is not None
        too_many = len(self.server.connections) >= self.limits.max_connections
        self.server.connections.add(self)
        self._timer = self.loop.call_later(self.limits.handshake_timeout, self._handshake_expired)
        if self.server.draining:
            self.fail(ProtocolFailure("server is shutting down"))
        elif too_many:
            log.warning("refusing a connection: max_connections reached")
            self.fail(ProtocolFailure("too many connections"))

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return  # lingering after our close: discard (see H2Protocol.fail)
        self.last_activity = self.loop.time()
        if self.h2_started:
            self.feed_h2(data)
        else:
            self._sniff(data)

    def _sniff(self, data: bytes) -> None:
        buffer = self._sniffed
        buffer += data
        if PREFACE.startswith(bytes(buffer[: len(PREFACE)])):
            if len(buffer) >= len(PREFACE):
                self._start_h2(bytes(buffer))
            return
        end = buffer.find(HEAD_END)
        if end < 0:
            if len(buffer) > self.limits.max_http1_head:
                self._refuse(431, "Request Header Fields Too Large", "request head too large\n")
            return
        try:
            message = parse_head(bytes(buffer[:end]))
        except ProtocolFailure as exc:
            self._refuse(400, "Bad Request", f"{exc}\n")
            return
        upgrade = "h2c" in message.tokens("upgrade") and message.header("http2-settings")
        if self._tls or not upgrade:
            # RFC 9113 §3.3: over TLS only ALPN "h2"; h2c upgrade is cleartext only.
            self._refuse(
                505,
                "HTTP Version Not Supported",
                "This server speaks HTTP/2 only (TLS with ALPN h2, h2c with prior knowledge, "
                "or an h2c upgrade).\n",
            )
            return
        self._upgrade(message, end + len(HEAD_END))

    def _upgrade(self, message: Http1Message, body_start: int) -> None:
        """Answer an h2c upgrade request (RFC 7540 §3.2) and serve it as stream 1."""
        length_text = message.header("content-length") or "0"
        if not length_text.isdigit() or int(length_text) > self.limits.max_upgrade_body:
            self._refuse(413, "Content Too Large", "upgrade request body not accepted\n")
            return
        length = int(length_text)
        buffer = self._sniffed
        if len(buffer) < body_start + length:
            return
        settings_header = (message.header("http2-settings") or "").encode("latin-1")
        body = bytes(buffer[body_start : body_start + length])
        rest = bytes(buffer[body_start + length :])
        self.prepare_settings()
        try:
            self.conn.initiate_upgrade_connection(settings_header)
        except (H2Error, HyperframeError, ValueError) as exc:
            self._refuse(400, "Bad Request", f"invalid HTTP2-Settings header: {exc}\n")
            return
        self.write_raw(SWITCHING_PROTOCOLS)
        if self.tracer is not None:
            self.tracer.note("sent HTTP/1.1 101 Switching Protocols (h2c upgrade)")
        self.open_connection_window()
        self._mark_started()
        self.flush()
        method, target, _ = message.start_line
        stream = ServerStream(1, BodyStream(lambda size: None))
        stream.body.feed(body, 0)
        stream.body.end()
        stream.head = method == "HEAD"
        request = Request(
            method=method,
            path=target,
            scheme="http",
            authority=message.header("host") or "",
            headers=Headers(
                (name, value)
                for name, value in message.headers
                if name not in ("connection", "upgrade", "http2-settings", "host")
            ),
            body=stream.body,
            stream_id=1,
        )
        self._dispatch(stream, request)
        if rest:
            self.feed_h2(rest)

    def _start_h2(self, initial: bytes) -> None:
        self.prepare_settings()
        self.conn.initiate_connection()
        self.open_connection_window()
        self._mark_started()
        self.flush()
        self.feed_h2(initial)

    def _mark_started(self) -> None:
        self.h2_started = True
        self._sniffed = bytearray()
        if self._timer is not None:
            self._timer.cancel()
        self._arm_idle_timer()

    def _refuse(self, status: int, reason: str, text: str) -> None:
        self.write_raw(simple_response(status, reason, text))
        self.fail(ProtocolFailure(f"refused HTTP/1.1 request: {status} {reason}"))

    def _handshake_expired(self) -> None:
        if not self.h2_started and not self.closed:
            self.fail(ProtocolFailure("no HTTP/2 preface within the handshake timeout"))

    def _arm_idle_timer(self) -> None:
        idle = self.limits.idle_timeout
        if idle is not None and not self.closed:
            self._timer = self.loop.call_later(idle / 2, self._check_idle)

    def _check_idle(self) -> None:
        idle = self.limits.idle_timeout
        assert idle is not None
        if not self.streams and self.loop.time() - self.last_activity >= idle:
            self.close_gracefully()
            return
        self._arm_idle_timer()

    # -- events ----------------------------------------------------------------

    def _on_request(self, event: RequestReceived) -> None:
        stream_id = event.stream_id
        if self.draining and stream_id > self._goaway_last_stream_id:
            # Above our GOAWAY's last stream id: never processed, safe to retry.
            self.conn.reset_stream(stream_id, ErrorCodes.REFUSED_STREAM)
            return
        method = path = scheme = authority = ""
        protocol: str | None = None
        fields: list[tuple[bytes, bytes]] = []
        for name, value in event.headers:
            if name[:1] == b":":
                if name == b":method":
                    method = value.decode("latin-1")
                elif name == b":path":
                    path = value.decode("latin-1")
                elif name == b":scheme":
                    scheme = value.decode("latin-1")
                elif name == b":authority":
                    authority = value.decode("latin-1")
                elif name == b":protocol":
                    protocol = value.decode("latin-1")
            else:
                fields.append((name, value))
        if not authority:
            for name, value in fields:
                if name == b"host":
                    authority = value.decode("latin-1")
                    break
        stream = ServerStream(stream_id, BodyStream(lambda size: self.acknowledge(stream_id, size)))
        stream.head = method == "HEAD"
        if event.stream_ended is not None:
            stream.body.end()
        request = Request(
            method=method,
            path=path,
            scheme=scheme,
            authority=authority,
            headers=Headers.from_raw(fields),
            body=stream.body,
            stream_id=stream_id,
            protocol=protocol,
        )
        self._dispatch(stream, request)

    def _dispatch(self, stream: ServerStream, request: Request) -> None:
        self.streams[stream.stream_id] = stream
        stream.request = request
        serving = self._serve(stream, request)
        if not self.server.eager:
            stream.task = self.loop.create_task(serving)
            return
        # Eager start: run the handler up to its first real suspension right
        # here, so a response that needs no waiting goes out with this read's
        # flush, without creating a task or spending a loop iteration.
        try:
            first_wait = serving.send(None)
        except StopIteration:
            return
        if isinstance(first_wait, asyncio.Future):
            # Consume the "being awaited" flag as a task would; otherwise the
            # next coroutine awaiting the same future fails (_Continue sets it
            # again when it hands the future to the task).
            first_wait._asyncio_future_blocking = False
        stream.task = self.loop.create_task(_resume(serving, first_wait))

    def _on_data(self, event: DataReceived) -> None:
        stream = self.streams.get(event.stream_id)
        if stream is None:
            self.acknowledge(event.stream_id, event.flow_controlled_length)
        else:
            stream.body.feed(event.data, event.flow_controlled_length)

    def _on_stream_ended(self, event: StreamEnded) -> None:
        stream = self.streams.get(event.stream_id)
        if stream is not None:
            stream.body.end()

    def _on_trailers(self, event: TrailersReceived) -> None:
        stream = self.streams.get(event.stream_id)
        if stream is not None and stream.request is not None:
            stream.request.trailers = Headers.from_raw(list(event.headers))

    def _on_stream_reset(self, event: StreamReset) -> None:
        if event.remote_reset:
            self.count_reset()
        stream = self.streams.get(event.stream_id)
        if stream is None:
            return
        stream.reset_code = event.error_code
        from h2tools.errors import StreamResetError

        stream.body.fail(StreamResetError(event.stream_id, event.error_code))
        self.wake_sender(event.stream_id)
        if stream.task is not None and not stream.task.done():
            stream.task.cancel()

    def _on_terminated(self, event: ConnectionTerminated) -> None:
        if event.error_code == ErrorCodes.NO_ERROR and self.streams:
            # RFC 9113 §6.8: the client opens no new streams, but the ones in
            # flight may still complete; close once they have.
            self.draining = True
            return
        self.fail(ProtocolFailure(f"client sent GOAWAY ({event.error_code})"))

    # -- serving one request ---------------------------------------------------

    async def _serve(self, stream: ServerStream, request: Request) -> None:
        try:
            try:
                response = await self.server.handler(request)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("handler failed for %s %s", request.method, request.path)
                response = Response.text("Internal Server Error\n", status=500)
            await self._respond(stream, response)
        except asyncio.CancelledError:
            if stream.reset_code is None:
                self.reset_stream(stream, ErrorCodes.CANCEL)
        except H2ToolsError:
            # Reset by the client or connection gone: nothing left to tell anyone.
            return
        except Exception:
            log.exception("failed to send the response on stream %d", stream.stream_id)
            self.reset_stream(stream, ErrorCodes.INTERNAL_ERROR)
        finally:
            self._finish(stream)

    async def _respond(self, stream: ServerStream, response: Response) -> None:
        conn = self.conn
        stream_id = stream.stream_id
        status = response.status
        status_field = _STATUS_FIELDS.get(status) or (b":status", str(status).encode())
        # h2 UTF-8-encodes str and lower-cases names (normalize_outbound_headers).
        headers: list[Any] = [status_field, *response.headers]
        has_length = False
        for name, _ in response.headers:
            if len(name) == 14 and name.lower() in _CONTENT_LENGTH_NAMES:
                has_length = True
                break
        body = response.body
        if isinstance(body, str):
            body = body.encode()
        trailers = response.trailers
        no_content = stream.head or response.status in _NO_CONTENT
        if isinstance(body, (bytes, bytearray, memoryview)):
            if not has_length and not no_content:
                headers.append((b"content-length", str(len(body)).encode()))
            if no_content or not body:
                self._send_headers(stream, headers, end_stream=not trailers)
                if trailers:
                    self._send_trailers(stream, trailers)
                return
            self._send_headers(stream, headers, end_stream=False)
            size = len(body)
            if (
                not trailers
                and size <= conn.max_outbound_frame_size
                and size <= conn.local_flow_control_window(stream_id)
                and not self._write_paused
            ):
                # Fast path: the whole body fits one frame and the window.
                conn.send_data(stream_id, body, end_stream=True)
                self._unflushed += size
                if self._unflushed >= FLUSH_BATCH:
                    self.flush()
                else:
                    self.schedule_flush()
                return
            await self.send_data(stream, bytes(body), end_stream=not trailers)
        else:
            self._send_headers(stream, headers, end_stream=no_content and not trailers)
            if no_content:
                await _close_iterator(body)
            else:
                try:
                    async for chunk in body:
                        if chunk:
                            await self.send_data(stream, chunk, end_stream=False)
                finally:
                    await _close_iterator(body)
                if not trailers:
                    await self.send_data(stream, b"", end_stream=True)
        if trailers:
            self._send_trailers(stream, trailers)

    def _send_headers(self, stream: ServerStream, headers: list[Any], *, end_stream: bool) -> None:
        self.check_sendable(stream)
        self._h2_call(
            stream, self.conn.send_headers, stream.stream_id, headers, end_stream=end_stream
        )
        self.schedule_flush()

    def _send_trailers(self, stream: ServerStream, trailers: Any) -> None:
        self._send_headers(stream, list(trailers), end_stream=True)

    def _finish(self, stream: ServerStream) -> None:
        self.streams.pop(stream.stream_id, None)
        body = stream.body
        if not body.ended:
            body.discard()
            if stream.reset_code is None and not self.closed:
                # The response is complete but the client is still sending:
                # ask it to stop without error (RFC 9113 §8.1).
                self.reset_stream(stream, ErrorCodes.NO_ERROR)
        if self.draining and not self.streams:
            self.close_gracefully()

    # -- shutdown --------------------------------------------------------------

    def start_drain(self) -> None:
        """Begin a graceful shutdown of this connection (RFC 9113 §6.8)."""
        if self.closed or self.draining:
            return
        self.draining = True
        if not self.h2_started:
            self.fail(ProtocolFailure("server is shutting down"))
            return
        self._goaway_last_stream_id = self.conn.highest_inbound_stream_id
        self.send_goaway_frame(self._goaway_last_stream_id)
        if not self.streams:
            self.close_gracefully()

    def close_gracefully(self) -> None:
        """Send the final GOAWAY(NO_ERROR) and close."""
        if self.closed:
            return
        for stream in list(self.streams.values()):
            if stream.task is not None and not stream.task.done():
                stream.task.cancel()
        try:
            self.conn.close_connection(ErrorCodes.NO_ERROR)
        except ProtocolError:
            self.conn.clear_outbound_data_buffer()
        self.fail(ProtocolFailure("connection closed by the server"))

    def mark_closed(self) -> None:
        if self.closed:
            return
        super().mark_closed()
        if self._timer is not None:
            self._timer.cancel()
        for stream in self.streams.values():
            if stream.task is not None and not stream.task.done():
                stream.task.cancel()
        self.server.connections.discard(self)
        if not self.transport_closed.done():
            self.server.lingering.add(self.transport_closed)
            self.transport_closed.add_done_callback(self.server.lingering.discard)


class _Continue:
    """Await a coroutine that was already started by hand (see ``_dispatch``).

    The coroutine's first yielded value (a future it waits on, or None for a
    bare yield) is handed to the task driving us; afterwards every value and
    exception the task sends is forwarded, just as ``await`` would.
    """

    __slots__ = ("coro", "pending")

    def __init__(self, coro: Coroutine[Any, Any, None], pending: Any) -> None:
        self.coro = coro
        self.pending = pending

    def __await__(self) -> Generator[Any, Any, None]:
        coro = self.coro
        pending = self.pending
        while True:
            if isinstance(pending, asyncio.Future):
                # Tell the task this future is being awaited (the flag was
                # cleared when the coroutine was first started by hand).
                pending._asyncio_future_blocking = True
            try:
                sent = yield pending
            except BaseException as exc:  # forwarded, including CancelledError
                try:
                    pending = coro.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    pending = coro.send(sent)
                except StopIteration:
                    return


async def _resume(coro: Coroutine[Any, Any, None], pending: Any) -> None:
    await _Continue(coro, pending)


async def _close_iterator(body: Any) -> None:
    aclose = getattr(body, "aclose", None)
    if aclose is not None:
        await aclose()


class Server:
    """A listening HTTP/2 server; use :func:`start_server` or :func:`serve`."""

    def __init__(
        self,
        handler: Handler,
        *,
        ssl: ssl_module.SSLContext | None = None,
        limits: Limits | None = None,
        tracer_factory: TracerFactory | None = None,
        eager: bool | None = None,
    ) -> None:
        self.handler = handler
        #: Start handlers inside the read callback (see ``eager`` in the docs);
        #: by default only for handlers that declare ``h2tools_eager = True``.
        self.eager = bool(getattr(handler, "h2tools_eager", False)) if eager is None else eager
        self.ssl = ssl
        self.limits = limits or Limits()
        self.tracer_factory = tracer_factory
        self.connections: set[ServerProtocol] = set()
        #: Sockets of closed connections still waiting for the peer to close.
        self.lingering: set[asyncio.Future[None]] = set()
        self.draining = False
        self._server: asyncio.base_events.Server | None = None
        self._address: tuple[str, int] | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0, *, backlog: int = 1024) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: ServerProtocol(self), host, port, ssl=self.ssl, backlog=backlog
        )
        address = self._server.sockets[0].getsockname()
        self._address = (str(address[0]), int(address[1]))

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        assert self._address is not None, "server not started"
        return self._address[1]

    @property
    def host(self) -> str:
        assert self._address is not None, "server not started"
        return self._address[0]

    @property
    def url(self) -> str:
        """``http://host:port`` or ``https://host:port``."""
        scheme = "https" if self.ssl is not None else "http"
        host = self.host
        if ":" in host:
            host = f"[{host}]"
        return f"{scheme}://{host}:{self.port}"

    async def shutdown(self, grace: float | None = None) -> None:
        """Stop listening, drain every connection, close what is left after ``grace``."""
        self.draining = True
        if self._server is not None:
            self._server.close()
        for connection in list(self.connections):
            connection.start_drain()
        grace = self.limits.shutdown_grace if grace is None else grace
        waiting = [c.connection_closed for c in self.connections]
        if waiting:
            await asyncio.wait(waiting, timeout=grace)
        for connection in list(self.connections):
            connection.close_gracefully()
        # Let half-closed sockets finish (the peer reads our last bytes).
        if self.lingering:
            await asyncio.wait(list(self.lingering), timeout=LINGER_SECONDS + 0.5)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> Server:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.shutdown()


async def start_server(
    handler: Handler,
    host: str = "127.0.0.1",
    port: int = 0,
    ssl: ssl_module.SSLContext | None = None,
    *,
    limits: Limits | None = None,
    tracer_factory: TracerFactory | None = None,
    eager: bool | None = None,
) -> Server:
    """Create and start a :class:`Server`; ``async with`` it to shut it down."""
    server = Server(handler, ssl=ssl, limits=limits, tracer_factory=tracer_factory, eager=eager)
    await server.start(host, port)
    return server


async def serve(
    handler: Handler,
    host: str = "127.0.0.1",
    port: int = 8443,
    ssl: ssl_module.SSLContext | None = None,
    *,
    limits: Limits | None = None,
    tracer_factory: TracerFactory | None = None,
    on_ready: Callable[[Server], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM (or ``stop`` is set), then shut down gracefully."""
    server = await start_server(
        handler, host, port, ssl, limits=limits, tracer_factory=tracer_factory
    )
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - non-main thread
            continue
    try:
        if on_ready is not None:
            on_ready(server)
        await stop.wait()
    finally:
        # The handlers stay installed while draining, so a repeated signal
        # does not kill the process mid-shutdown.
        try:
            await server.shutdown()
        finally:
            for signum in installed:
                loop.remove_signal_handler(signum)
