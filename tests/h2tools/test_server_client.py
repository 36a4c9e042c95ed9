"""Our client against our server, in process, over loopback with ephemeral ports."""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from h2tools.client import Client
from h2tools.config import Limits
from h2tools.errors import (
    ConnectError,
    ConnectionClosedError,
    H2ToolsError,
    ProtocolFailure,
    RequestTimeout,
    StreamResetError,
)
from h2tools.models import Request, Response
from h2tools.server import start_server
from tests.h2tools.conftest import run


async def app(request: Request) -> Response:
    """A small application exercising every response shape."""
    path = request.path
    if path == "/echo":
        body = await request.read()
        return Response(200, [("x-sha256", hashlib.sha256(body).hexdigest())], body)
    if path.startswith("/stream"):
        count = int(path.rsplit("=", 1)[1]) if "=" in path else 4

        async def chunks() -> AsyncIterator[bytes]:
            for index in range(count):
                yield f"chunk {index}\n".encode()

        return Response(
            200, [("content-type", "text/plain")], chunks(), trailers=[("x-count", str(count))]
        )
    if path.startswith("/bytes"):
        size = int(path.rsplit("=", 1)[1])
        return Response(200, [], b"z" * size)
    if path == "/boom":
        raise RuntimeError("handler bug")
    if path == "/no-content":
        return Response(204)
    if path == "/headers":
        return Response.json({name: value for name, value in request.headers})
    if path == "/info":
        return Response.json(
            {"method": request.method, "scheme": request.scheme, "authority": request.authority}
        )
    return Response.text("hello\n")


def test_get_with_prior_knowledge() -> None:
    # RFC 9113 §3.3: h2c by prior knowledge starts with the connection preface.
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.get("/")
            assert response.status == 200
            assert response.content == b"hello\n"
            assert response.headers["content-length"] == "6"
            assert response.http_version == "HTTP/2"
            info = (await client.get("/info")).json()
            assert info == {
                "method": "GET",
                "scheme": "http",
                "authority": f"127.0.0.1:{server.port}",
            }

    run(scenario())


def test_get_with_h2c_upgrade() -> None:
    # RFC 7540 §3.2: HTTP/1.1 Upgrade: h2c, answered with 101 then HTTP/2 frames.
    async def scenario() -> None:
        async with await start_server(app) as server, Client(server.url) as client:
            first = await client.get("/")
            second = await client.post("/echo", content=b"after upgrade")
            assert (first.status, first.content) == (200, b"hello\n")
            assert second.content == b"after upgrade"
            # Stream 1 was the upgrade request, so ours start at 3.
            assert first.stream_id == 3

    run(scenario())


def test_upgrade_request_is_served_as_stream_one() -> None:
    async def scenario() -> None:
        seen: list[tuple[str, str, int]] = []

        async def recorder(request: Request) -> Response:
            seen.append((request.method, request.path, request.stream_id))
            return Response.text("ok")

        async with await start_server(recorder) as server, Client(server.url) as client:
            await client.get("/x")
        assert seen[0] == ("OPTIONS", "*", 1)
        assert seen[1] == ("GET", "/x", 3)

    run(scenario())


def test_tls_with_alpn(server_tls: ssl.SSLContext, certificate: tuple[Path, Path]) -> None:
    # RFC 9113 §3.2: "h2" is negotiated with ALPN over TLS.
    async def scenario() -> None:
        async with await start_server(app, ssl=server_tls) as server:
            assert server.url.startswith("https://")
            async with Client(server.url, verify=str(certificate[0])) as client:
                response = await client.get("/info")
                assert response.json()["scheme"] == "https"
            async with Client(server.url, verify=False) as client:
                assert (await client.get("/")).status == 200

    run(scenario())


def test_tls_without_h2_alpn_is_a_protocol_failure(certificate: tuple[Path, Path]) -> None:
    async def scenario() -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*certificate)
        context.set_alpn_protocols(["http/1.1"])
        async with await start_server(app, ssl=context) as server:
            with pytest.raises(ProtocolFailure, match="ALPN"):
                async with Client(server.url, verify=False):
                    pass

    run(scenario())


def test_untrusted_certificate_is_a_connect_error(server_tls: ssl.SSLContext) -> None:
    async def scenario() -> None:
        async with await start_server(app, ssl=server_tls) as server:
            with pytest.raises(ConnectError, match="TLS"):
                async with Client(server.url, verify=True):
                    pass

    run(scenario())


@pytest.mark.parametrize("eager", [False, True], ids=["task", "eager"])
def test_large_bodies_both_ways(eager: bool) -> None:
    async def scenario() -> None:
        payload = bytes(range(256)) * 8192  # 2 MiB, far above every window
        async with (
            await start_server(app, eager=eager) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.post("/echo", content=payload)
            assert response.content == payload
            assert response.headers["x-sha256"] == hashlib.sha256(payload).hexdigest()

    run(scenario())


def test_streaming_upload_from_async_iterator() -> None:
    async def scenario() -> None:
        async def parts() -> AsyncIterator[bytes]:
            for index in range(50):
                yield bytes([index]) * 10_000

        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.post("/echo", content=parts())
            assert len(response.content) == 500_000
            assert response.content[:10_000] == b"\x00" * 10_000

    run(scenario())


def test_concurrent_requests_share_one_connection() -> None:
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            responses = await asyncio.gather(
                *(client.get(f"/bytes?n={1000 * i}") for i in range(1, 41))
            )
            assert [len(r.content) for r in responses] == [1000 * i for i in range(1, 41)]
            assert len({r.stream_id for r in responses}) == 40
            assert len(server.connections) == 1

    run(scenario())


def test_concurrency_respects_peer_max_concurrent_streams() -> None:
    # RFC 9113 §5.1.2: never exceed the peer's SETTINGS_MAX_CONCURRENT_STREAMS.
    async def scenario() -> None:
        active = 0
        peak = 0

        async def slow(request: Request) -> Response:
            nonlocal active, peak
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            return Response.text("ok")

        async with (
            await start_server(slow, limits=Limits(max_concurrent_streams=3)) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            await client.get("/")  # receive the server's SETTINGS first
            responses = await asyncio.gather(*(client.get("/") for _ in range(12)))
        assert all(r.status == 200 for r in responses)
        assert peak <= 3

    run(scenario())


def test_streaming_response_with_trailers() -> None:
    # RFC 9113 §8.1: trailers are a HEADERS frame with END_STREAM after the DATA.
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.get("/stream?n=5")
            assert response.content.decode().splitlines() == [f"chunk {i}" for i in range(5)]
            assert response.trailers is not None
            assert response.trailers["x-count"] == "5"
            async with client.stream("GET", "/stream?n=3") as streaming:
                chunks = [chunk async for chunk in streaming.aiter_bytes()]
            assert b"".join(chunks) == b"chunk 0\nchunk 1\nchunk 2\n"
            assert streaming.trailers is not None and streaming.trailers["x-count"] == "3"

    run(scenario())


def test_head_and_no_content_responses_have_no_body() -> None:
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            head = await client.head("/")
            assert head.status == 200 and head.content == b""
            empty = await client.get("/no-content")
            assert empty.status == 204 and empty.content == b""
            assert "content-length" not in empty.headers

    run(scenario())


def test_handler_exception_becomes_500(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.get("/boom")
            assert response.status == 500
            assert (await client.get("/")).status == 200

    run(scenario())
    assert "handler failed" in caplog.text


def test_failing_body_iterator_resets_the_stream() -> None:
    # RFC 9113 §8.1: a server that cannot finish a response resets the stream.
    async def scenario() -> None:
        async def broken(request: Request) -> Response:
            async def body() -> AsyncIterator[bytes]:
                yield b"partial"
                raise OSError("disk went away")

            return Response(200, [], body())

        async with (
            await start_server(broken) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            with pytest.raises(StreamResetError) as caught:
                await client.get("/")
            assert caught.value.error_code == 0x2  # INTERNAL_ERROR
            assert not caught.value.refused

    run(scenario())


@pytest.mark.parametrize("eager", [False, True], ids=["task", "eager"])
def test_client_cancel_resets_stream_and_cancels_handler(eager: bool) -> None:
    # RFC 9113 §8.1 / §6.4: a client that loses interest sends RST_STREAM(CANCEL).
    async def scenario() -> None:
        cancelled = asyncio.Event()

        async def endless(request: Request) -> Response:
            async def body() -> AsyncIterator[bytes]:
                try:
                    while True:
                        yield b"x" * 16384
                        await asyncio.sleep(0)
                except (asyncio.CancelledError, GeneratorExit):
                    cancelled.set()
                    raise

            return Response(200, [], body())

        async with (
            await start_server(endless, eager=eager) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            async with client.stream("GET", "/") as response:
                first = await response.body.read_chunk()
                assert first
            await asyncio.wait_for(cancelled.wait(), 5)
            # The connection survives the reset of one stream.
            assert await client.ping() >= 0
            assert not client.protocol.closed

    run(scenario())


@pytest.mark.parametrize("eager", [False, True], ids=["task", "eager"])
def test_request_timeout_resets_the_stream(eager: bool) -> None:
    async def scenario() -> None:
        handler_cancelled = asyncio.Event()

        async def stuck(request: Request) -> Response:
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                handler_cancelled.set()
                raise
            return Response.text("late")  # pragma: no cover - never reached

        async with (
            await start_server(stuck, eager=eager) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            with pytest.raises(RequestTimeout):
                await client.get("/", timeout=0.2)
            await asyncio.wait_for(handler_cancelled.wait(), 5)
            assert not client.protocol.closed

    run(scenario())


def test_ping_round_trip() -> None:
    # RFC 9113 §6.7: PING is answered with an ACK carrying the same payload.
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            rtt = await client.ping()
            assert 0 <= rtt < 5

    run(scenario())


def test_connection_refused_is_connect_error() -> None:
    async def scenario() -> None:
        server = await start_server(app)
        url = server.url
        await server.shutdown()
        with pytest.raises(ConnectError, match="cannot connect"):
            async with Client(url, http2_prior_knowledge=True):
                pass

    run(scenario())


def test_http1_request_gets_505() -> None:
    async def scenario() -> None:
        async with await start_server(app) as server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            data = await reader.read()
            writer.close()
            assert data.startswith(b"HTTP/1.1 505 ")
            assert b"HTTP/2 only" in data

    run(scenario())


def test_upgrade_refused_by_http1_only_server_is_protocol_failure() -> None:
    async def scenario() -> None:
        async def http1(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            await writer.drain()
            writer.close()

        plain = await asyncio.start_server(http1, "127.0.0.1", 0)
        port = plain.sockets[0].getsockname()[1]
        with pytest.raises(ProtocolFailure, match="refused the h2c upgrade"):
            async with Client(f"http://127.0.0.1:{port}"):
                pass
        plain.close()
        await plain.wait_closed()

    run(scenario())


def test_graceful_shutdown_lets_in_flight_requests_finish() -> None:
    # RFC 9113 §6.8: GOAWAY first, in-flight streams complete, then the connection closes.
    async def scenario() -> None:
        started = asyncio.Event()
        release = asyncio.Event()

        async def slow(request: Request) -> Response:
            started.set()
            await release.wait()
            return Response.text("finished")

        server = await start_server(slow)
        client = Client(server.url, http2_prior_knowledge=True)
        await client.connect()
        pending = asyncio.ensure_future(client.get("/"))
        await started.wait()
        shutdown = asyncio.ensure_future(server.shutdown(grace=5))
        await asyncio.sleep(0.05)
        release.set()
        response = await pending
        assert response.content == b"finished"
        await shutdown
        with pytest.raises(ConnectionClosedError):
            await client.get("/")
        await client.aclose()
        with pytest.raises(ConnectError):
            await Client(server.url, http2_prior_knowledge=True).connect()

    run(scenario())


def test_shutdown_grace_expiry_fails_stuck_requests() -> None:
    async def scenario() -> None:
        async def stuck(request: Request) -> Response:
            await asyncio.sleep(60)
            return Response.text("late")  # pragma: no cover - never reached

        server = await start_server(stuck)
        async with Client(server.url, http2_prior_knowledge=True) as client:
            pending = asyncio.ensure_future(client.get("/"))
            await asyncio.sleep(0.05)
            await server.shutdown(grace=0.1)
            with pytest.raises(H2ToolsError):
                await pending

    run(scenario())


def test_request_after_goaway_is_refused_safely() -> None:
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow(request: Request) -> Response:
            await release.wait()
            return Response.text("ok")

        server = await start_server(slow)
        async with Client(server.url, http2_prior_knowledge=True) as client:
            first = asyncio.ensure_future(client.get("/"))
            await asyncio.sleep(0.05)
            shutdown = asyncio.ensure_future(server.shutdown(grace=5))
            await asyncio.sleep(0.05)
            with pytest.raises(ConnectionClosedError) as caught:
                await client.get("/")
            assert caught.value.retry_safe
            release.set()
            assert (await first).status == 200
            await shutdown

    run(scenario())


def test_idle_connection_is_closed() -> None:
    async def scenario() -> None:
        async with (
            await start_server(app, limits=Limits(idle_timeout=0.2)) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            assert (await client.get("/")).status == 200
            await asyncio.wait_for(client.protocol.connection_closed, 5)
            with pytest.raises(ConnectionClosedError):
                await client.get("/")

    run(scenario())


def test_silent_connection_hits_handshake_timeout() -> None:
    async def scenario() -> None:
        async with await start_server(app, limits=Limits(handshake_timeout=0.1)) as server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            assert await asyncio.wait_for(reader.read(), 5) == b""
            writer.close()

    run(scenario())


def test_default_and_custom_request_headers() -> None:
    async def scenario() -> None:
        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True, headers={"X-Default": "1"}) as client,
        ):
            seen = (await client.get("/headers", headers=[("X-Extra", "2")])).json()
            assert seen["x-default"] == "1"
            assert seen["x-extra"] == "2"
            assert seen["user-agent"].startswith("h2tools/")

    run(scenario())


def test_client_requires_connection_and_http_url() -> None:
    with pytest.raises(ValueError):
        Client("ftp://example.com")
    with pytest.raises(ConnectionClosedError):
        Client("http://127.0.0.1:1").protocol  # noqa: B018


def test_eager_handlers_that_suspend_and_fail() -> None:
    # Eager start runs the handler inline until it first waits; the rest runs
    # in a task with values and exceptions forwarded unchanged.
    async def scenario() -> None:
        async def waits_then_fails(request: Request) -> Response:
            await asyncio.sleep(0)  # a bare yield first
            body = await request.read()
            await asyncio.sleep(0.01)
            if body == b"fail":
                raise ValueError("bad body")
            return Response.text(f"got {len(body)}")

        async with (
            await start_server(waits_then_fails, eager=True) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            assert server.eager
            ok = await client.post("/", content=b"x" * 100_000)
            assert ok.text == "got 100000"
            failed = await client.post("/", content=b"fail")
            assert failed.status == 500

    run(scenario())


def test_eager_handlers_awaiting_one_shared_future() -> None:
    # Several eagerly started handlers park on the same future; each must be
    # resumed normally once it completes.
    async def scenario() -> None:
        gate: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def gated(request: Request) -> Response:
            return Response.text(await gate)

        async with (
            await start_server(gated, eager=True) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            pending = [asyncio.ensure_future(client.get("/")) for _ in range(5)]
            await asyncio.sleep(0.05)
            gate.set_result("open")
            responses = await asyncio.gather(*pending)
            assert [r.text for r in responses] == ["open"] * 5

    run(scenario())


def test_self_signed_certificate_needs_openssl_or_trustme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    from h2tools import tls

    monkeypatch.setattr(tls.shutil, "which", lambda name: None)
    real_import = builtins.__import__

    def no_trustme(name: str, *args: object, **kwargs: object) -> object:
        if name == "trustme":
            raise ImportError("no trustme here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_trustme)
    with pytest.raises(tls.CertificateError, match="openssl command or the trustme"):
        tls.make_self_signed(tmp_path)


def test_failing_request_body_iterator_fails_the_request() -> None:
    async def scenario() -> None:
        async def broken_upload() -> AsyncIterator[bytes]:
            yield b"start"
            raise OSError("source vanished")

        async with (
            await start_server(app) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            with pytest.raises(ProtocolFailure, match="request body failed"):
                await client.post("/echo", content=broken_upload())
            assert (await client.get("/")).status == 200

    run(scenario())


def test_silent_server_is_a_connect_timeout() -> None:
    async def scenario() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await asyncio.sleep(5)
            writer.close()

        plain = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = plain.sockets[0].getsockname()[1]
        with pytest.raises(ConnectError, match="timed out"):
            await Client(f"http://127.0.0.1:{port}", connect_timeout=0.2).connect()
        plain.close()

    run(scenario())


def test_connect_is_idempotent_and_aclose_twice_is_harmless() -> None:
    async def scenario() -> None:
        async with await start_server(app) as server:
            client = Client(server.url, http2_prior_knowledge=True)
            await client.connect()
            first = client.protocol
            await client.connect()
            assert client.protocol is first
            await client.aclose()
            await client.aclose()

    run(scenario())


def test_serve_until_stopped() -> None:
    from h2tools.server import Server, serve

    async def scenario() -> None:
        stop = asyncio.Event()
        ready: asyncio.Future[Server] = asyncio.get_running_loop().create_future()
        serving = asyncio.ensure_future(
            serve(app, "127.0.0.1", 0, on_ready=ready.set_result, stop=stop)
        )
        server = await ready
        async with Client(server.url, http2_prior_knowledge=True) as client:
            assert (await client.get("/")).status == 200
        stop.set()
        await serving
        with pytest.raises(ConnectError):
            await Client(server.url, http2_prior_knowledge=True).connect()

    run(scenario())


def test_connection_accepted_while_draining_is_closed() -> None:
    async def scenario() -> None:
        server = await start_server(app)
        server.draining = True
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
        await server.shutdown()

    run(scenario())


def test_str_body_is_sent_as_utf8() -> None:
    async def scenario() -> None:
        async def text(request: Request) -> Response:
            return Response(200, [("content-type", "text/plain")], "héllo")  # type: ignore[arg-type]

        async with (
            await start_server(text) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.get("/")
            assert response.content == "héllo".encode()
            assert response.headers["content-length"] == "6"

    run(scenario())


def test_early_response_stops_the_upload_without_error() -> None:
    # RFC 9113 §8.1: the server may answer before the request is complete and
    # then reset the stream with NO_ERROR; the client keeps the response.
    async def scenario() -> None:
        async def refuse(request: Request) -> Response:
            return Response.text("too large\n", status=413)

        async with (
            await start_server(refuse) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            response = await client.post("/", content=b"u" * (5 * 1024 * 1024))
            assert (response.status, response.content) == (413, b"too large\n")
            assert (await client.post("/", content=b"small")).status == 413

    run(scenario())
