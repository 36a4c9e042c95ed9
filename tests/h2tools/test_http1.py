"""The HTTP/1.1 edges of the server: h2c upgrade requests and refusals."""

from __future__ import annotations

import asyncio
import base64

import pytest

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.events import DataReceived, ResponseReceived, StreamEnded
from h2tools._http1 import parse_head, simple_response
from h2tools.config import Limits
from h2tools.errors import ProtocolFailure
from h2tools.models import Request, Response
from h2tools.server import start_server
from tests.h2tools.conftest import run


async def echo(request: Request) -> Response:
    body = await request.read()
    return Response.text(f"{request.method} {request.path} {request.authority} {body.decode()}")


async def _exchange(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    response = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return response


def _settings_header() -> str:
    client = H2Connection(H2Configuration(client_side=True))
    header = client.initiate_upgrade_connection()
    assert header is not None
    return header.decode()


def test_upgrade_with_a_request_body_is_served_on_stream_one() -> None:
    # RFC 7540 §3.2: the upgrade request (with its body) becomes stream 1.
    async def scenario() -> None:
        async with await start_server(echo) as server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            client = H2Connection(H2Configuration(client_side=True))
            settings = client.initiate_upgrade_connection()
            assert settings is not None
            writer.write(
                b"POST /up HTTP/1.1\r\nHost: example\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                b"Upgrade: h2c\r\nHTTP2-Settings: " + settings + b"\r\n"
                b"Content-Length: 5\r\n\r\nhello"
            )
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 101 Switching Protocols")
            writer.write(client.data_to_send())
            body = b""
            done = False
            while not done:
                data = await asyncio.wait_for(reader.read(65536), 5)
                assert data
                for event in client.receive_data(data):
                    if isinstance(event, ResponseReceived):
                        assert dict(event.headers)[b":status"] == b"200"
                    elif isinstance(event, DataReceived):
                        body += event.data
                    elif isinstance(event, StreamEnded):
                        done = True
                writer.write(client.data_to_send())
            assert body == b"POST /up example hello"
            writer.close()

    run(scenario())


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: %s\r\n"
            b"Content-Length: 999999\r\n\r\n",
            b"413",
        ),
        (b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMA\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nbroken header line\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nX: " + b"a" * 20000, b"431"),
    ],
    ids=["body-too-large", "bad-settings", "malformed", "head-too-large"],
)
def test_bad_http1_requests_are_refused(request_bytes: bytes, status: bytes) -> None:
    async def scenario() -> None:
        limits = Limits(max_upgrade_body=1000)
        async with await start_server(echo, limits=limits) as server:
            data = request_bytes.replace(b"%s", _settings_header().encode())
            response = await _exchange(server.port, data)
            assert response.startswith(b"HTTP/1.1 " + status), response[:80]

    run(scenario())


def test_upgrade_is_refused_over_tls(server_tls: object) -> None:
    async def scenario() -> None:
        import ssl

        assert isinstance(server_tls, ssl.SSLContext)
        async with await start_server(echo, ssl=server_tls) as server:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=context)
            writer.write(
                b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: "
                + _settings_header().encode()
                + b"\r\n\r\n"
            )
            response = await asyncio.wait_for(reader.read(), 5)
            # RFC 9113 §3.3: over TLS only ALPN selects HTTP/2.
            assert response.startswith(b"HTTP/1.1 505")
            writer.close()

    run(scenario())


def test_parse_head_and_simple_response() -> None:
    message = parse_head(b"GET /x HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nA: 1")
    assert message.start_line == ("GET", "/x", "HTTP/1.1")
    assert message.tokens("connection") == {"upgrade", "http2-settings"}
    assert message.header("a") == "1" and message.header("b") is None
    with pytest.raises(ProtocolFailure):
        parse_head(b"NONSENSE")
    with pytest.raises(ProtocolFailure):
        parse_head(b"GET / HTTP/1.1\r\n bad: x")
    response = simple_response(400, "Bad Request", "nope\n")
    assert response.endswith(b"\r\n\r\nnope\n") and b"content-length: 5" in response


def test_settings_header_is_base64url() -> None:
    # RFC 7540 §3.2.1: HTTP2-Settings is the base64url SETTINGS payload.
    header = _settings_header()
    assert len(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))) % 6 == 0


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"HTTP/1.1 101 Switching\r\nbroken\r\n\r\n", "malformed HTTP/1.1 header"),
        (b"HTTP/1.1 200 OK\r\nX: " + b"y" * 20000, "head too large"),
    ],
    ids=["malformed", "too-large"],
)
def test_client_reports_bad_upgrade_answers(answer: bytes, message: str) -> None:
    from h2tools.client import Client

    async def scenario() -> None:
        async def answering(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
            await asyncio.sleep(1)
            writer.close()

        plain = await asyncio.start_server(answering, "127.0.0.1", 0)
        port = plain.sockets[0].getsockname()[1]
        with pytest.raises(ProtocolFailure, match=message):
            await Client(f"http://127.0.0.1:{port}").connect()
        plain.close()

    run(scenario())
