"""A tiny ASGI app served by hypercorn in the interop tests.

``/modules`` reports where h2, hpack, hyperframe and priority were imported
from, so the test can prove hypercorn runs on this repository's packages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]


async def app(
    scope: Scope,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    assert scope["type"] == "http"
    digest = hashlib.sha256()
    length = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        digest.update(chunk)
        length += len(chunk)
        if not message.get("more_body"):
            break
    if scope["path"] == "/modules":
        import h2
        import hpack
        import hyperframe
        import priority

        body = json.dumps(
            {m.__name__: m.__file__ for m in (h2, hpack, hyperframe, priority)}
        ).encode()
    elif scope["path"] == "/echo":
        body = json.dumps({"length": length, "sha256": digest.hexdigest()}).encode()
    else:
        body = f"hello from hypercorn over HTTP/{scope['http_version']}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
