"""A small HTTP/2 client built with h2tools.

Against examples/hello_server.py (or any HTTP/2 server)::

    python examples/hello_client.py http://127.0.0.1:8080

It sends a GET, an upload, five concurrent requests on the one connection,
streams a response chunk by chunk, and shows how failures are reported.
"""

from __future__ import annotations

import asyncio
import sys

from h2tools import Client, H2ToolsError


async def main(url: str) -> int:
    try:
        async with Client(url, http2_prior_knowledge=True, timeout=10) as client:
            hello = await client.get("/")
            print(hello.status, hello.text.strip())

            upload = await client.post("/upload", content=b"x" * 1_000_000)
            print("upload:", upload.json())

            many = await asyncio.gather(*(client.get("/") for _ in range(5)))
            print("concurrent streams:", [r.stream_id for r in many])

            async with client.stream("GET", "/count") as response:
                async for chunk in response.aiter_bytes():
                    print("chunk:", chunk.decode().strip())
            print("trailers:", dict(response.trailers or []))

            print(f"ping: {await client.ping() * 1000:.2f} ms")
    except H2ToolsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")))
