"""An asyncio HTTP/2 client: one connection, many concurrent requests.

::

    async with Client("https://127.0.0.1:8443", verify=False) as client:
        response = await client.get("/")
        async with client.stream("GET", "/big") as streaming:
            async for chunk in streaming.aiter_bytes():
                ...

``http://`` URLs use an h2c upgrade (RFC 7540 §3.2) unless
``http2_prior_knowledge=True``; ``https://`` URLs negotiate ``h2`` with ALPN.
Failures raise the exceptions of :mod:`h2tools.errors`.
"""

from __future__ import annotations

import asyncio
import os
import ssl as ssl_module
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from h2.errors import ErrorCodes
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    RemoteSettingsChanged,
    ResponseReceived,
    StreamEnded,
    StreamReset,
    TrailersReceived,
)
from h2.exceptions import H2Error
from h2tools import __version__
from h2tools._body import BodyStream
from h2tools._http1 import HEAD_END, parse_head, upgrade_request
from h2tools._protocol import LINGER_SECONDS, H2Protocol, StreamIO
from h2tools.config import Limits
from h2tools.errors import (
    ConnectError,
    ConnectionClosedError,
    H2ToolsError,
    ProtocolFailure,
    RequestTimeout,
    StreamResetError,
)
from h2tools.models import ClientResponse, Headers, to_bytes
from h2tools.tls import client_context
from h2tools.trace import FrameTracer

Content = bytes | str | AsyncIterable[bytes] | None
HeaderInput = Iterable[tuple[str | bytes, str | bytes]] | dict[str, str] | None


class ClientStream(StreamIO):
    """One request in flight."""

    __slots__ = ("response", "trailers", "upload")

    def __init__(self, stream_id: int, body: BodyStream, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(stream_id, body)
        self.response: asyncio.Future[ClientResponse] = loop.create_future()
        self.trailers: Headers | None = None
        self.upload: asyncio.Task[None] | None = None


class ClientProtocol(H2Protocol[ClientStream]):
    """The client side of one connection."""

    def __init__(
        self,
        *,
        limits: Limits,
        tracer: FrameTracer | None,
        upgrade_authority: str | None = None,
    ) -> None:
        super().__init__(client_side=True, limits=limits, tracer=tracer)
        self.ready: asyncio.Future[None] = self.loop.create_future()
        # Failures are reported by Client.connect; never warn about them.
        self.ready.add_done_callback(_consume_exception)
        self.goaway: ConnectionTerminated | None = None
        self._upgrade_authority = upgrade_authority
        self._upgrade_buffer = bytearray()
        self._h2_started = False
        self._slot_waiters: deque[asyncio.Future[None]] = deque()
        self.event_handlers.update(
            {
                ResponseReceived: self._on_response,
                DataReceived: self._on_data,
                StreamEnded: self._on_stream_ended,
                TrailersReceived: self._on_trailers,
                StreamReset: self._on_stream_reset,
                ConnectionTerminated: self._on_terminated,
                RemoteSettingsChanged: self._on_settings,
            }
        )

    # -- connection start ------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        if self.tracer is not None:
            peer = transport.get_extra_info("peername")
            where = f"{peer[0]}:{peer[1]}" if peer else "peer"
            mode = "TLS, ALPN " + str(ssl_object.selected_alpn_protocol()) if ssl_object else "h2c"
            self.tracer.note(f"Connected to {where} ({mode})")
        if ssl_object is not None and ssl_object.selected_alpn_protocol() != "h2":
            chosen = ssl_object.selected_alpn_protocol()
            # mark_closed (via fail) also fails ``ready`` with this error.
            self.fail(ProtocolFailure(f"server did not negotiate h2 with ALPN (got {chosen!r})"))
            return
        self.prepare_settings()
        if self._upgrade_authority is None:
            self.conn.initiate_connection()
            self.open_connection_window()
            self._h2_started = True
            self.flush()
            self.ready.set_result(None)
            return
        # h2c upgrade: h2 queues preface + SETTINGS now; they go out after the 101.
        settings_header = self.conn.initiate_upgrade_connection()
        assert settings_header is not None
        self.open_connection_window()
        request = upgrade_request("OPTIONS", "*", self._upgrade_authority, settings_header)
        if self.tracer is not None:
            self.tracer.note("send HTTP Upgrade request (OPTIONS *, Upgrade: h2c)")
        self.write_raw(request)
        # Stream 1 carries the response to the upgrade request; nobody reads it.
        stream = ClientStream(1, BodyStream(lambda size: self.acknowledge(1, size)), self.loop)
        stream.body.discard()
        stream.response.add_done_callback(_consume_exception)
        self.streams[1] = stream

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return  # lingering after our close: discard (see H2Protocol.fail)
        self.last_activity = self.loop.time()
        if self._h2_started:
            self.feed_h2(data)
            return
        buffer = self._upgrade_buffer
        buffer += data
        if not b"HTTP/".startswith(bytes(buffer[:5])):
            self._upgrade_failed(
                "server did not answer the h2c upgrade request with HTTP/1.1 "
                "(try --http2-prior-knowledge)"
            )
            return
        end = buffer.find(HEAD_END)
        if end < 0:
            if len(buffer) > self.limits.max_http1_head:
                self._upgrade_failed("HTTP/1.1 response head too large")
            return
        try:
            head = parse_head(bytes(buffer[:end]))
        except ProtocolFailure as exc:
            self._upgrade_failed(str(exc))
            return
        status = head.start_line[1]
        if status != "101" or "h2c" not in head.tokens("upgrade"):
            self._upgrade_failed(f"server refused the h2c upgrade: {' '.join(head.start_line)}")
            return
        if self.tracer is not None:
            self.tracer.note("recv HTTP/1.1 101 Switching Protocols")
        self._h2_started = True
        rest = bytes(buffer[end + len(HEAD_END) :])
        self._upgrade_buffer = bytearray()
        self.flush()
        self.ready.set_result(None)
        if rest:
            self.feed_h2(rest)

    def _upgrade_failed(self, reason: str) -> None:
        self.conn.clear_outbound_data_buffer()
        self.fail(ProtocolFailure(reason))

    # -- events ----------------------------------------------------------------

    def _on_response(self, event: ResponseReceived) -> None:
        stream = self.streams.get(event.stream_id)
        if stream is None:
            return
        status = 0
        fields: list[tuple[bytes, bytes]] = []
        for name, value in event.headers:
            if name == b":status":
                status = int(value)
            elif name[:1] != b":":
                fields.append((name, value))
        if event.stream_ended is not None:
            stream.body.end()
        if not stream.response.done():
            stream.response.set_result(
                ClientResponse(status, Headers.from_raw(fields), event.stream_id, stream.body)
            )

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
            self._forget_if_done(stream)
        self._wake_slot_waiter()

    def _on_trailers(self, event: TrailersReceived) -> None:
        stream = self.streams.get(event.stream_id)
        if stream is not None:
            stream.trailers = Headers.from_raw(list(event.headers))

    def _on_stream_reset(self, event: StreamReset) -> None:
        stream = self.streams.pop(event.stream_id, None)
        self._wake_slot_waiter()
        if stream is None:
            return
        stream.reset_code = event.error_code
        self.fail_stream(stream, StreamResetError(event.stream_id, event.error_code))

    def _on_settings(self, event: RemoteSettingsChanged) -> None:
        self._on_remote_settings(event)
        self._wake_slot_waiter(all_waiters=True)

    def _on_terminated(self, event: ConnectionTerminated) -> None:
        self.goaway = event
        code = int(event.error_code or 0)
        last = event.last_stream_id or 0
        if code != ErrorCodes.NO_ERROR:
            self.fail(
                ConnectionClosedError(
                    f"server closed the connection with GOAWAY {_code_text(code)}",
                    error_code=code,
                    last_stream_id=last,
                )
            )
            return
        for stream in list(self.streams.values()):
            if stream.stream_id > last:
                # RFC 9113 §6.8: streams above last_stream_id were never processed.
                self.streams.pop(stream.stream_id)
                self.fail_stream(
                    stream,
                    ConnectionClosedError(
                        f"stream {stream.stream_id} refused by GOAWAY (last_stream_id={last}); "
                        "safe to retry",
                        error_code=code,
                        last_stream_id=last,
                        retry_safe=True,
                    ),
                )
        self._wake_slot_waiter(all_waiters=True)
        if not self.streams:
            self.fail(ConnectionClosedError("server closed the connection (GOAWAY)", error_code=0))

    def fail_stream(self, stream: ClientStream, error: H2ToolsError) -> None:
        if not stream.response.done():
            stream.response.set_exception(error)
        stream.body.fail(error)
        self.wake_sender(stream.stream_id)

    def _forget_if_done(self, stream: ClientStream) -> None:
        if stream.body.ended and (stream.upload is None or stream.upload.done()):
            self.streams.pop(stream.stream_id, None)
            if self.goaway is not None and not self.streams and not self.closed:
                # The server is going away and our last stream is done.
                self.fail(ConnectionClosedError("server closed the connection (GOAWAY)"))

    def mark_closed(self) -> None:
        if self.closed:
            return
        streams = list(self.streams.values())
        super().mark_closed()
        error = self.closed_error()
        if self.goaway is not None and isinstance(error, ProtocolFailure):
            error = ConnectionClosedError(
                f"connection closed after GOAWAY: {error}",
                error_code=int(self.goaway.error_code or 0),
                last_stream_id=self.goaway.last_stream_id,
            )
        for stream in streams:
            self.fail_stream(stream, error)
        self.streams.clear()
        self._wake_slot_waiter(all_waiters=True)
        if not self.ready.done():
            self.ready.set_exception(error)

    # -- concurrency -----------------------------------------------------------

    def _wake_slot_waiter(self, *, all_waiters: bool = False) -> None:
        while self._slot_waiters:
            waiter = self._slot_waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                if not all_waiters:
                    return

    async def acquire_slot(self) -> None:
        """Wait until the peer's SETTINGS_MAX_CONCURRENT_STREAMS allows one more stream."""
        conn = self.conn
        while True:
            if self.closed:
                raise self.closed_error()
            if self.goaway is not None:
                raise ConnectionClosedError(
                    "the server sent GOAWAY; open a new connection", retry_safe=True
                )
            if conn.open_outbound_streams < conn.remote_settings.max_concurrent_streams:
                return
            waiter = self.loop.create_future()
            self._slot_waiters.append(waiter)
            await waiter

    # -- requests --------------------------------------------------------------

    def start_request(
        self, headers: list[tuple[bytes, bytes]], content: bytes | AsyncIterable[bytes] | None
    ) -> ClientStream:
        """Send HEADERS (and start the upload); the caller awaits ``stream.response``."""
        conn = self.conn
        stream_id = conn.get_next_available_stream_id()
        body = BodyStream(lambda size: self.acknowledge(stream_id, size))
        stream = ClientStream(stream_id, body, self.loop)
        end_stream = content is None or content == b""
        try:
            conn.send_headers(stream_id, headers, end_stream=end_stream)
        except H2Error as exc:
            raise ProtocolFailure(f"cannot send request headers: {exc}") from exc
        self.streams[stream_id] = stream
        if end_stream:
            self.schedule_flush()
        else:
            self.flush()
            assert content is not None
            stream.upload = self.loop.create_task(self._upload(stream, content))
        return stream

    async def _upload(self, stream: ClientStream, content: bytes | AsyncIterable[bytes]) -> None:
        try:
            if isinstance(content, (bytes, bytearray, memoryview)):
                await self.send_data(stream, bytes(content), end_stream=True)
            else:
                async for chunk in content:
                    if chunk:
                        await self.send_data(stream, chunk, end_stream=False)
                await self.send_data(stream, b"", end_stream=True)
        except H2ToolsError:
            # A reset or a lost connection is reported through the response.
            return
        except Exception as exc:
            self.reset_stream(stream, ErrorCodes.CANCEL)
            self.fail_stream(stream, ProtocolFailure(f"request body failed: {exc!r}"))
        finally:
            self._forget_if_done(stream)

    def cancel(self, stream: ClientStream) -> None:
        """Abandon a request: RST_STREAM(CANCEL) unless it already finished (RFC 9113 §8.1)."""
        if stream.upload is not None and not stream.upload.done():
            stream.upload.cancel()
        if not stream.body.ended and stream.reset_code is None:
            self.reset_stream(stream, ErrorCodes.CANCEL)
            stream.body.discard()
        self.streams.pop(stream.stream_id, None)
        self._wake_slot_waiter()


def _consume_exception(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def _code_text(code: int) -> str:
    try:
        return f"{ErrorCodes(code).name} (0x{code:x})"
    except ValueError:
        return f"0x{code:x}"


class Client:
    """An HTTP/2 client bound to one origin, multiplexing requests on one connection."""

    def __init__(
        self,
        base_url: str,
        *,
        verify: bool | str | ssl_module.SSLContext = True,
        http2_prior_knowledge: bool = False,
        timeout: float | None = 30.0,
        connect_timeout: float = 10.0,
        limits: Limits | None = None,
        headers: HeaderInput = None,
        tracer: FrameTracer | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"expected an http:// or https:// URL, got {base_url!r}")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        default_port = self.port == (443 if parts.scheme == "https" else 80)
        host_text = f"[{self.host}]" if ":" in self.host else self.host
        self.authority = host_text if default_port else f"{host_text}:{self.port}"
        self.base_path = parts.path.rstrip("/")
        self.verify = verify
        self.http2_prior_knowledge = http2_prior_knowledge
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.limits = limits or Limits()
        self.default_headers = _header_list(headers)
        self.tracer = tracer
        self._protocol: ClientProtocol | None = None

    # -- connection ------------------------------------------------------------

    async def connect(self) -> None:
        """Open the connection (done by ``async with`` too)."""
        if self._protocol is not None and not self._protocol.closed:
            return
        loop = asyncio.get_running_loop()
        tls = self.scheme == "https"
        context = client_context(self.verify) if tls else None
        upgrade = None if tls or self.http2_prior_knowledge else self.authority
        protocol_factory = lambda: ClientProtocol(  # noqa: E731
            limits=self.limits, tracer=self.tracer, upgrade_authority=upgrade
        )
        try:
            _, protocol = await asyncio.wait_for(
                loop.create_connection(
                    protocol_factory,
                    self.host,
                    self.port,
                    ssl=context,
                    server_hostname=self.host if tls else None,
                ),
                self.connect_timeout,
            )
        except asyncio.TimeoutError as exc:
            raise ConnectError(
                f"timed out connecting to {self.authority} after {self.connect_timeout}s"
            ) from exc
        except ssl_module.SSLError as exc:
            raise ConnectError(f"TLS handshake with {self.authority} failed: {exc}") from exc
        except ConnectionRefusedError as exc:
            raise ConnectError(f"cannot connect to {self.authority}: connection refused") from exc
        except OSError as exc:
            raise ConnectError(
                f"cannot connect to {self.authority}: {exc.strerror or exc}"
            ) from exc
        try:
            await asyncio.wait_for(asyncio.shield(protocol.ready), self.connect_timeout)
        except asyncio.TimeoutError as exc:
            protocol.fail(ConnectError("timed out waiting for the HTTP/2 connection"))
            raise ConnectError(f"timed out setting up HTTP/2 with {self.authority}") from exc
        self._protocol = protocol

    async def aclose(self) -> None:
        """Send GOAWAY(NO_ERROR) and close the connection."""
        protocol = self._protocol
        if protocol is None:
            return
        self._protocol = None
        if not protocol.closed:
            try:
                protocol.conn.close_connection(ErrorCodes.NO_ERROR)
            except H2Error:
                protocol.conn.clear_outbound_data_buffer()
            protocol.fail(ConnectionClosedError("client closed the connection"))
        await protocol.connection_closed
        # Our side is half-closed; give the server a moment to read our GOAWAY
        # and close its side (see H2Protocol.fail).
        await asyncio.wait([protocol.transport_closed], timeout=LINGER_SECONDS + 0.5)

    async def __aenter__(self) -> Client:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def protocol(self) -> ClientProtocol:
        if self._protocol is None:
            raise ConnectionClosedError("client is not connected (use 'async with Client(...)')")
        return self._protocol

    # -- requests --------------------------------------------------------------

    def _build_headers(
        self, method: str, path: str, headers: HeaderInput, content: Content
    ) -> tuple[list[tuple[bytes, bytes]], bytes | AsyncIterable[bytes] | None]:
        if not path.startswith("/") and path != "*":
            path = "/" + path
        fields: list[tuple[bytes, bytes]] = [
            (b":method", method.upper().encode()),
            (b":scheme", self.scheme.encode()),
            (b":authority", self.authority.encode()),
            (b":path", (self.base_path + path).encode()),
        ]
        user = _header_list(headers)
        names = {name for name, _ in user}
        fields.extend(field for field in self.default_headers if field[0] not in names)
        if b"user-agent" not in names and not any(n == b"user-agent" for n, _ in fields):
            fields.append((b"user-agent", f"h2tools/{__version__}".encode()))
        fields.extend(user)
        body: bytes | AsyncIterable[bytes] | None
        body = content.encode() if isinstance(content, str) else content
        if isinstance(body, (bytes, bytearray)) and b"content-length" not in names:
            fields.append((b"content-length", str(len(body)).encode()))
        return fields, body

    async def _open(
        self, method: str, path: str, headers: HeaderInput, content: Content
    ) -> tuple[ClientStream, ClientResponse]:
        protocol = self.protocol
        fields, body = self._build_headers(method, path, headers, content)
        await protocol.acquire_slot()
        stream = protocol.start_request(fields, body)
        try:
            response = await stream.response
        except BaseException:
            protocol.cancel(stream)
            raise
        return stream, response

    async def request(
        self,
        method: str,
        path: str = "/",
        *,
        headers: HeaderInput = None,
        content: Content = None,
        timeout: float | object | None = ...,
    ) -> ClientResponse:
        """Send a request and read the whole response body."""

        async def run() -> ClientResponse:
            stream, response = await self._open(method, path, headers, content)
            try:
                response.content = await response.body.read()
            except BaseException:
                self.protocol_or_none_cancel(stream)
                raise
            response.trailers = stream.trailers
            return response

        return await self._with_timeout(run(), timeout, f"{method} {path}")

    def protocol_or_none_cancel(self, stream: ClientStream) -> None:
        if self._protocol is not None:
            self._protocol.cancel(stream)

    async def _with_timeout(
        self, coro: asyncio.Future[ClientResponse] | object, timeout: object, what: str
    ) -> ClientResponse:
        limit = self.timeout if timeout is ... else timeout
        assert limit is None or isinstance(limit, (int, float))
        try:
            return await asyncio.wait_for(coro, limit)  # type: ignore[arg-type]
        except asyncio.TimeoutError as exc:
            raise RequestTimeout(f"{what} timed out after {limit}s") from exc

    async def get(self, path: str = "/", **kwargs: object) -> ClientResponse:
        return await self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    async def head(self, path: str = "/", **kwargs: object) -> ClientResponse:
        return await self.request("HEAD", path, **kwargs)  # type: ignore[arg-type]

    async def post(self, path: str = "/", **kwargs: object) -> ClientResponse:
        return await self.request("POST", path, **kwargs)  # type: ignore[arg-type]

    async def put(self, path: str = "/", **kwargs: object) -> ClientResponse:
        return await self.request("PUT", path, **kwargs)  # type: ignore[arg-type]

    async def delete(self, path: str = "/", **kwargs: object) -> ClientResponse:
        return await self.request("DELETE", path, **kwargs)  # type: ignore[arg-type]

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str = "/",
        *,
        headers: HeaderInput = None,
        content: Content = None,
        timeout: float | object | None = ...,
    ) -> AsyncIterator[ClientResponse]:
        """Send a request; yield the response as soon as its headers arrive.

        Leaving the block early resets the stream with CANCEL.
        """

        async def open_stream() -> tuple[ClientStream, ClientResponse]:
            return await self._open(method, path, headers, content)

        limit = self.timeout if timeout is ... else timeout
        assert limit is None or isinstance(limit, (int, float))
        try:
            stream, response = await asyncio.wait_for(open_stream(), limit)
        except asyncio.TimeoutError as exc:
            raise RequestTimeout(f"{method} {path} timed out after {limit}s") from exc
        try:
            yield response
            response.trailers = stream.trailers
        finally:
            if not response.body.complete:
                self.protocol_or_none_cancel(stream)

    async def ping(self) -> float:
        """Round-trip time of a PING (RFC 9113 §6.7), in seconds."""
        return await self.protocol.ping(os.urandom(8))


def _header_list(headers: HeaderInput) -> list[tuple[bytes, bytes]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, dict) else headers
    return [(to_bytes(name).lower(), to_bytes(value)) for name, value in items]
