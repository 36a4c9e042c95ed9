"""A small HTTP/2 server built with h2tools.

Run it, then talk to it with curl or with examples/hello_client.py::

    python examples/hello_server.py --port 8080
    curl --http2-prior-knowledge http://127.0.0.1:8080/
    curl --http2-prior-knowledge --data-binary @README.md http://127.0.0.1:8080/upload

``/`` greets, ``/upload`` streams the request body and reports its size,
``/count`` streams a counting response with a trailer. Ctrl-C (SIGINT) or
SIGTERM shut it down gracefully.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator

from h2tools import Request, Response, serve


async def handler(request: Request) -> Response:
    if request.path == "/upload" and request.method == "POST":
        size = 0
        async for chunk in request.body:  # bounded by flow control, never buffered whole
            size += len(chunk)
        return Response.json({"received": size})
    if request.path == "/count":

        async def numbers() -> AsyncIterator[bytes]:
            for number in range(1, 11):
                yield f"{number}\n".encode()
                await asyncio.sleep(0.05)

        return Response(
            200, [("content-type", "text/plain")], numbers(), trailers=[("x-done", "1")]
        )
    return Response.text(f"Hello, {request.headers.get('user-agent', 'stranger')}!\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    asyncio.run(
        serve(handler, args.host, args.port, on_ready=lambda s: print(f"listening on {s.url}"))
    )


if __name__ == "__main__":
    main()
