"""``python -m h2tools demo``: a server and a client talking in one process.

The server runs on a loopback ephemeral port; the client makes a GET, a POST
with a body, a few concurrent downloads and a PING, while a frame trace of
the client's side of the connection is printed, followed by a summary.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from h2tools.client import Client
from h2tools.models import Request, Response
from h2tools.server import start_server
from h2tools.trace import FrameTracer

DOWNLOAD_SIZE = 48 * 1024
DOWNLOADS = 3
MAX_DOWNLOAD = 64 * 1024 * 1024


async def demo_handler(request: Request) -> Response:
    """``/`` greets, ``/echo`` returns the request body, ``/download?size=N`` streams N bytes."""
    target = urlsplit(request.path)
    if target.path == "/echo":
        body = await request.read(limit=1024 * 1024)
        digest = hashlib.sha256(body).hexdigest()
        return Response(
            200, [("content-type", "application/octet-stream"), ("x-sha256", digest)], body
        )
    if target.path == "/download":
        size_text = parse_qs(target.query).get("size", [str(DOWNLOAD_SIZE)])[0]
        if not size_text.isdigit() or int(size_text) > MAX_DOWNLOAD:
            return Response.text(f"size must be an integer up to {MAX_DOWNLOAD}\n", status=400)
        size = int(size_text)
        return Response(
            200,
            [("content-type", "application/octet-stream"), ("content-length", str(size))],
            _pattern(size),
            trailers=[("x-bytes-sent", str(size))],
        )
    if target.path == "/":
        return Response.text("Hello from h2tools over HTTP/2!\n")
    return Response.text("not found\n", status=404)


async def _pattern(size: int, chunk: int = 16 * 1024) -> AsyncIterator[bytes]:
    block = bytes(range(256)) * (chunk // 256)
    remaining = size
    while remaining > 0:
        piece = block[: min(chunk, remaining)]
        remaining -= len(piece)
        yield piece


@dataclass
class _Outcome:
    label: str
    status: int
    size: int
    elapsed: float
    note: str = ""


async def run_demo(write: Callable[[str], None] = print) -> int:
    """Run the demo, writing the trace and summary through ``write``; returns an exit code."""
    server = await start_server(demo_handler, "127.0.0.1", 0)
    write(f"# server listening on {server.url} (h2c, prior knowledge)")
    tracer = FrameTracer(client_side=True, write=write)
    outcomes: list[_Outcome] = []
    started = time.perf_counter()
    try:
        async with Client(server.url, http2_prior_knowledge=True, tracer=tracer) as client:
            write("\n# 1. GET /")
            t0 = time.perf_counter()
            response = await client.get("/")
            outcomes.append(
                _Outcome(
                    "GET /",
                    response.status,
                    len(response.content),
                    time.perf_counter() - t0,
                    response.text.strip(),
                )
            )
            write("\n# 2. POST /echo with a 20000-byte body")
            payload = b"h2tools " * 2500
            t0 = time.perf_counter()
            response = await client.post("/echo", content=payload)
            intact = response.content == payload
            outcomes.append(
                _Outcome(
                    "POST /echo",
                    response.status,
                    len(response.content),
                    time.perf_counter() - t0,
                    "echo intact" if intact else "ECHO MISMATCH",
                )
            )
            write(f"\n# 3. {DOWNLOADS} concurrent downloads of {DOWNLOAD_SIZE} bytes")
            t0 = time.perf_counter()
            responses = await asyncio.gather(
                *(client.get(f"/download?size={DOWNLOAD_SIZE}") for _ in range(DOWNLOADS))
            )
            elapsed = time.perf_counter() - t0
            for response in responses:
                trailer = response.trailers.get("x-bytes-sent") if response.trailers else None
                outcomes.append(
                    _Outcome(
                        f"GET /download (stream {response.stream_id})",
                        response.status,
                        len(response.content),
                        elapsed,
                        f"trailer x-bytes-sent={trailer}",
                    )
                )
            write("\n# 4. PING")
            rtt = await client.ping()
            outcomes.append(_Outcome("PING", 0, 8, rtt, f"round trip {rtt * 1000:.2f} ms"))
            write("\n# 5. closing (GOAWAY)")
    finally:
        await server.shutdown(grace=1.0)
    total = time.perf_counter() - started
    write("")
    write(_summary(outcomes, tracer, total))
    ok = all(o.status in (0, 200) for o in outcomes) and "MISMATCH" not in "".join(
        o.note for o in outcomes
    )
    return 0 if ok else 1


def _summary(outcomes: list[_Outcome], tracer: FrameTracer, total: float) -> str:
    lines = ["=" * 72, "Summary", "=" * 72]
    lines.append(f"{'request':<32} {'status':>6} {'bytes':>8} {'ms':>8}  note")
    for outcome in outcomes:
        status = str(outcome.status) if outcome.status else "-"
        lines.append(
            f"{outcome.label:<32} {status:>6} {outcome.size:>8} "
            f"{outcome.elapsed * 1000:>8.2f}  {outcome.note}"
        )
    sent = {name: count for (side, name), count in tracer.counts.items() if side == "send"}
    received = {name: count for (side, name), count in tracer.counts.items() if side == "recv"}
    lines.append("")
    lines.append("frames sent:     " + ", ".join(f"{k} {v}" for k, v in sorted(sent.items())))
    lines.append("frames received: " + ", ".join(f"{k} {v}" for k, v in sorted(received.items())))
    lines.append(
        f"total time: {total * 1000:.1f} ms, one TCP connection, {len(outcomes) - 1} requests"
    )
    return "\n".join(lines)
