"""Backpressure, flow control and abuse limits of the server and client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import ConnectionTerminated, DataReceived
from h2tools._protocol import FLUSH_BATCH, WRITE_HIGH_WATER, H2Protocol
from h2tools.client import Client
from h2tools.config import Limits
from h2tools.errors import ConnectionClosedError, H2ToolsError, ProtocolFailure
from h2tools.models import Request, Response
from h2tools.server import start_server
from tests.h2tools.conftest import run

REQUEST = [
    (":method", "GET"),
    (":scheme", "http"),
    (":authority", "localhost"),
    (":path", "/"),
]


async def hello(request: Request) -> Response:
    return Response.text("hello")


async def _raw_client(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, H2Connection]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    conn = H2Connection(H2Configuration(client_side=True))
    conn.initiate_connection()
    writer.write(conn.data_to_send())
    return reader, writer, conn


async def _wait_for_goaway(
    reader: asyncio.StreamReader, conn: H2Connection
) -> ConnectionTerminated:
    while True:
        data = await reader.read(65536)
        assert data, "connection closed without GOAWAY"
        for event in conn.receive_data(data):
            if isinstance(event, ConnectionTerminated):
                return event


def test_slow_handler_stalls_upload_within_the_stream_window() -> None:
    # RFC 9113 §5.2: credit is returned only as the handler consumes data,
    # so a slow consumer never makes the server buffer more than the window.
    limits = Limits(stream_window=32 * 1024, connection_window=128 * 1024)

    async def scenario() -> None:
        peaks: list[int] = []

        async def slow_reader(request: Request) -> Response:
            total = 0
            async for chunk in request.body:
                total += len(chunk)
                await asyncio.sleep(0.001)
            peaks.append(request.body.max_buffered)
            return Response.text(str(total))

        payload = b"u" * (2 * 1024 * 1024)
        async with (
            await start_server(slow_reader, limits=limits) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.post("/", content=payload)
        assert response.text == str(len(payload))
        assert 0 < peaks[0] <= limits.stream_window

    run(scenario())


@pytest.mark.parametrize(
    ("chunk", "window"),
    [(32768, 64 * 1024), (8192, 64 * 1024), (8192, 16 * 1024 * 1024)],
    ids=["32k-chunks", "8k-chunks", "8k-chunks-huge-window"],
)
def test_slow_client_bounds_server_write_buffer_and_client_buffer(chunk: int, window: int) -> None:
    # A client that reads slowly stalls the server through flow control, or,
    # when its windows are huge, through the socket: the server's transport
    # buffer stays near its high-water mark and nothing piles up inside h2.
    client_limits = Limits(stream_window=window, connection_window=max(window, 256 * 1024))
    total = 8 * 1024 * 1024

    async def scenario() -> None:
        transport_samples: list[int] = []
        queued_samples: list[int] = []
        holder: dict[str, Any] = {}

        async def big(request: Request) -> Response:
            async def body() -> AsyncIterator[bytes]:
                protocol = next(iter(holder["server"].connections))
                transport = protocol.transport
                assert transport is not None
                write = transport.write
                unwritten = [0]

                def counting_write(data: Any) -> None:
                    unwritten[0] = 0
                    write(data)

                transport.write = counting_write  # type: ignore[method-assign]
                for _ in range(total // chunk):
                    transport_samples.append(transport.get_write_buffer_size())
                    # Body bytes handed to h2 since the last socket write.
                    queued_samples.append(unwritten[0])
                    unwritten[0] += chunk
                    yield b"d" * chunk

            return Response(200, [], body())

        async with await start_server(big) as server:
            holder["server"] = server
            async with Client(
                server.url, http2_prior_knowledge=True, limits=client_limits
            ) as client:
                received = 0
                async with client.stream("GET", "/") as response:
                    async for piece in response.aiter_bytes():
                        received += len(piece)
                        if received < 1024 * 1024:
                            await asyncio.sleep(0.001)
                    peak = response.body.max_buffered
        assert received == total
        assert peak <= client_limits.stream_window
        assert max(transport_samples) <= WRITE_HIGH_WATER + FLUSH_BATCH + 16_393
        assert max(queued_samples) <= FLUSH_BATCH + chunk

    run(scenario())


def test_rapid_reset_flood_gets_enhance_your_calm() -> None:
    # CVE-2023-44487: many streams opened and reset at once (RFC 9113 §10.5).
    async def scenario() -> None:
        async with await start_server(hello, limits=Limits(max_resets_per_second=20)) as server:
            reader, writer, conn = await _raw_client(server.port)
            for _ in range(40):
                stream_id = conn.get_next_available_stream_id()
                conn.send_headers(stream_id, REQUEST, end_stream=True)
                conn.reset_stream(stream_id, ErrorCodes.CANCEL)
            writer.write(conn.data_to_send())
            event = await asyncio.wait_for(_wait_for_goaway(reader, conn), 5)
            assert event.error_code == ErrorCodes.ENHANCE_YOUR_CALM
            writer.close()

    run(scenario())


def test_ping_flood_gets_enhance_your_calm() -> None:
    # RFC 9113 §10.5: excessive control frames may be treated as abuse.
    async def scenario() -> None:
        limits = Limits(max_control_frames_per_second=20)
        async with await start_server(hello, limits=limits) as server:
            reader, writer, conn = await _raw_client(server.port)
            for index in range(60):
                conn.ping(index.to_bytes(8, "big"))
            writer.write(conn.data_to_send())
            event = await asyncio.wait_for(_wait_for_goaway(reader, conn), 5)
            assert event.error_code == ErrorCodes.ENHANCE_YOUR_CALM
            writer.close()

    run(scenario())


def test_oversized_header_list_closes_the_connection() -> None:
    # RFC 9113 §6.5.2: SETTINGS_MAX_HEADER_LIST_SIZE is advertised and enforced.
    async def scenario() -> None:
        async with (
            await start_server(hello, limits=Limits(max_header_list_size=4096)) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            with pytest.raises(ConnectionClosedError) as caught:
                await client.get("/", headers=[("x-big", "a" * 8000)])
            assert caught.value.error_code == ErrorCodes.ENHANCE_YOUR_CALM

    run(scenario())


def test_protocol_violation_is_reported_as_protocol_failure() -> None:
    # RFC 9113 §5.4.1: a connection error ends with GOAWAY; we surface it clearly.
    async def scenario() -> None:
        async def rogue(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(65536)
            # A DATA frame on stream 0 is a connection error (RFC 9113 §6.1).
            writer.write(b"\x00\x00\x04\x00\x00\x00\x00\x00\x00abcd")
            await writer.drain()
            await asyncio.sleep(0.5)
            writer.close()

        plain = await asyncio.start_server(rogue, "127.0.0.1", 0)
        port = plain.sockets[0].getsockname()[1]
        async with Client(f"http://127.0.0.1:{port}", http2_prior_knowledge=True) as client:
            with pytest.raises(ProtocolFailure, match="violated HTTP/2"):
                await client.get("/")
        plain.close()
        await plain.wait_closed()

    run(scenario())


def test_goaway_with_error_code_fails_pending_requests() -> None:
    async def scenario() -> None:
        async def goaway_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = H2Connection(H2Configuration(client_side=False))
            conn.initiate_connection()
            writer.write(conn.data_to_send())
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                conn.receive_data(data)
                if conn.highest_inbound_stream_id:
                    conn.close_connection(ErrorCodes.INTERNAL_ERROR, b"bye")
                    writer.write(conn.data_to_send())
                    await writer.drain()
                    await asyncio.sleep(0.2)
                    writer.close()
                    return
                writer.write(conn.data_to_send())

        plain = await asyncio.start_server(goaway_server, "127.0.0.1", 0)
        port = plain.sockets[0].getsockname()[1]
        async with Client(f"http://127.0.0.1:{port}", http2_prior_knowledge=True) as client:
            with pytest.raises(ConnectionClosedError) as caught:
                await client.get("/")
            assert caught.value.error_code == ErrorCodes.INTERNAL_ERROR
            assert "INTERNAL_ERROR" in str(caught.value)
        plain.close()
        await plain.wait_closed()

    run(scenario())


class _FakeTransport(asyncio.Transport):
    """A transport whose buffer never drains, as with a peer that stopped reading."""

    def __init__(self) -> None:
        super().__init__()
        self.buffered = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.buffered += len(data)

    def get_write_buffer_size(self) -> int:
        return self.buffered

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        return None

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_peer_that_never_reads_hits_the_write_backlog_limit() -> None:
    async def scenario() -> None:
        limits = Limits(max_write_backlog=4096, max_control_frames_per_second=10**6)
        protocol = H2Protocol(client_side=False, limits=limits)
        transport = _FakeTransport()
        protocol.connection_made(transport)
        protocol.prepare_settings()
        protocol.conn.initiate_connection()
        protocol.flush()
        peer = H2Connection(H2Configuration(client_side=True))
        peer.initiate_connection()
        protocol.feed_h2(peer.data_to_send())
        transport.buffered = WRITE_HIGH_WATER
        protocol.pause_writing()
        for index in range(2000):
            peer.ping(index.to_bytes(8, "big"))
            protocol.feed_h2(peer.data_to_send())
            if protocol.closed:
                break
        assert protocol.closed and transport.closed
        assert isinstance(protocol.close_error, ProtocolFailure)
        assert "write backlog" in str(protocol.close_error)
        with pytest.raises(H2ToolsError):
            await protocol.ping(b"12345678")

    run(scenario())


def test_limits_validate_their_values() -> None:
    with pytest.raises(ValueError, match="stream_window"):
        Limits(stream_window=0)
    with pytest.raises(ValueError, match="connection_window"):
        Limits(connection_window=1000)
    with pytest.raises(ValueError, match="max_concurrent_streams"):
        Limits(max_concurrent_streams=0)
    with pytest.raises(ValueError, match="max_connections"):
        Limits(max_connections=0)
    with pytest.raises(ValueError, match="max_upgrade_body"):
        Limits(max_upgrade_body=-1)


def test_cancelling_one_writer_does_not_cancel_the_others() -> None:
    async def scenario() -> None:
        protocol = H2Protocol(client_side=False, limits=Limits())
        protocol.connection_made(_FakeTransport())
        protocol.pause_writing()
        waiters = [asyncio.ensure_future(protocol.wait_writable()) for _ in range(3)]
        await asyncio.sleep(0)
        waiters[0].cancel()
        await asyncio.sleep(0)
        protocol.resume_writing()
        await asyncio.gather(*waiters[1:])
        assert waiters[0].cancelled()

    run(scenario())


def test_client_goaway_lets_in_flight_responses_finish() -> None:
    # RFC 9113 §6.8: a GOAWAY(NO_ERROR) from the client does not cancel the
    # streams it already opened.
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow(request: Request) -> Response:
            await release.wait()
            return Response.text("late but complete")

        async with await start_server(slow) as server:
            reader, writer, conn = await _raw_client(server.port)
            conn.send_headers(1, REQUEST, end_stream=True)
            writer.write(conn.data_to_send())
            await asyncio.sleep(0.05)
            conn.close_connection()
            writer.write(conn.data_to_send())
            await asyncio.sleep(0.05)
            release.set()
            body = b""
            while body != b"late but complete":
                data = await asyncio.wait_for(reader.read(65536), 5)
                if not data:
                    break
                try:
                    events = conn.receive_data(data)
                except Exception:  # pragma: no cover - depends on h2's GOAWAY semantics
                    break
                for event in events:
                    if hasattr(event, "data") and getattr(event, "stream_id", 0) == 1:
                        body += event.data
            writer.close()
            assert body == b"late but complete"

    run(scenario())


def test_connections_beyond_the_limit_are_closed() -> None:
    async def scenario() -> None:
        async with (
            await start_server(hello, limits=Limits(max_connections=1)) as server,
            Client(server.url, http2_prior_knowledge=True) as first,
        ):
            assert (await first.get("/")).status == 200
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            assert await asyncio.wait_for(reader.read(), 5) == b""
            writer.close()
            assert (await first.get("/")).status == 200

    run(scenario())


def test_request_trailers_reach_the_handler() -> None:
    # RFC 9113 §8.1: a request may end with a trailer section.
    async def scenario() -> None:
        async def with_trailers(request: Request) -> Response:
            body = await request.read()
            assert request.trailers is not None
            return Response.text(f"{body.decode()} {request.trailers.get('x-checksum')}")

        async with await start_server(with_trailers) as server:
            reader, writer, conn = await _raw_client(server.port)
            conn.send_headers(1, [(":method", "POST"), *REQUEST[1:]])
            conn.send_data(1, b"payload")
            conn.send_headers(1, [("x-checksum", "abc")], end_stream=True)
            writer.write(conn.data_to_send())
            body = b""
            while b"abc" not in body:
                data = await asyncio.wait_for(reader.read(65536), 5)
                assert data
                for event in conn.receive_data(data):
                    if isinstance(event, DataReceived):
                        body += event.data
                writer.write(conn.data_to_send())
            assert body == b"payload abc"
            writer.close()

    run(scenario())


@pytest.mark.parametrize("tls", [False, True], ids=["h2c", "tls"])
def test_many_streamed_downloads_stay_within_the_backlog_limit(
    tls: bool, request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    # Chunked bodies reach the transport every FLUSH_BATCH bytes, so pauses
    # are noticed and concurrent large responses never look like a peer that
    # stopped reading.
    from h2tools.static import StaticFiles

    (tmp_path / "big.bin").write_bytes(b"b" * (2 * 1024 * 1024))
    context = request.getfixturevalue("server_tls") if tls else None

    async def scenario() -> None:
        async with (
            await start_server(StaticFiles(tmp_path), ssl=context) as server,
            Client(server.url, verify=False, http2_prior_knowledge=True) as client,
        ):
            responses = await asyncio.gather(*(client.get("/big.bin") for _ in range(12)))
            assert [len(r.content) for r in responses] == [2 * 1024 * 1024] * 12
            assert not client.protocol.closed

    run(scenario())


def test_closing_when_the_peer_already_vanished() -> None:
    # shutdown(SHUT_WR) fails with ENOTCONN once the peer has reset the TCP
    # connection; closing must still complete and mark the protocol closed.
    class VanishedPeer(_FakeTransport):
        def can_write_eof(self) -> bool:
            return True

        def write_eof(self) -> None:
            raise OSError(107, "Transport endpoint is not connected")

    async def scenario() -> None:
        protocol = H2Protocol(client_side=False, limits=Limits())
        transport = VanishedPeer()
        protocol.connection_made(transport)
        protocol.fail(ProtocolFailure("bye"))
        assert protocol.closed and transport.closed

    run(scenario())
