"""Property tests: chunking never changes what the tracer or a body stream yields."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2tools._body import BodyStream
from h2tools.trace import FrameTracer


def _client_bytes() -> bytes:
    conn = H2Connection(H2Configuration(client_side=True))
    conn.initiate_connection()
    for index in range(3):
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(
            stream_id,
            [(":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", f"/{index}")],
        )
        conn.send_data(stream_id, b"x" * (100 * index + 1), end_stream=True)
    conn.ping(b"pingpong")
    return conn.data_to_send()


CLIENT_BYTES = _client_bytes()


def _trace(pieces: list[bytes]) -> list[str]:
    lines: list[str] = []
    tracer = FrameTracer(client_side=True, write=lines.append, clock=lambda: 0.0)
    for piece in pieces:
        tracer.sent(piece)
    return lines


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(CLIENT_BYTES)), max_size=12))
def test_trace_does_not_depend_on_how_bytes_are_split(cuts: list[int]) -> None:
    points = sorted({0, len(CLIENT_BYTES), *cuts})
    pieces = [CLIENT_BYTES[a:b] for a, b in pairwise(points)]
    assert _trace(pieces) == _trace([CLIENT_BYTES])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.binary(min_size=0, max_size=50), st.integers(min_value=0, max_value=20)),
        max_size=20,
    )
)
def test_body_stream_returns_every_byte_and_all_credit(frames: list[tuple[bytes, int]]) -> None:
    # RFC 9113 §6.9: every flow-controlled byte (data and padding) is credited
    # back once consumed; the reader sees exactly the data, in order.
    acked: list[int] = []
    body = BodyStream(acked.append)
    expected = b""
    credit = 0
    for data, padding in frames:
        body.feed(data, len(data) + padding)
        expected += data
        credit += len(data) + padding
        assert body.buffered <= len(expected)
    body.end()
    received = asyncio.run(body.read())
    assert received == expected
    assert sum(acked) == credit
    assert body.buffered == 0


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.binary(min_size=0, max_size=70_000), min_size=0, max_size=6),
    st.integers(min_value=1, max_value=4),
)
def test_echo_round_trip_of_chunked_uploads(chunks: list[bytes], parallel: int) -> None:
    from collections.abc import AsyncIterator

    from h2tools.client import Client
    from h2tools.config import Limits
    from h2tools.models import Request, Response
    from h2tools.server import start_server

    async def echo(request: Request) -> Response:
        return Response(200, [], await request.read())

    async def upload() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    async def scenario() -> list[bytes]:
        small = Limits(stream_window=16_384, connection_window=65_535)
        async with (
            await start_server(echo, limits=small) as server,
            Client(server.url, http2_prior_knowledge=True, limits=small) as client,
        ):
            responses = await asyncio.gather(
                *(client.post("/", content=upload()) for _ in range(parallel))
            )
            return [r.content for r in responses]

    assert asyncio.run(scenario()) == [b"".join(chunks)] * parallel
