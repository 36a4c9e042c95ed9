"""Helpers for the interop tests: a server thread, a reference app, skip rules."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from h2tools.models import Request, Response
from h2tools.server import Server, start_server

REPO = Path(__file__).resolve().parents[2]
INSTALL_HINT = "install it with .ci/install-interop.sh"


def require_binary(name: str) -> str:
    """Path of a peer program, or skip the test with a clear reason."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if found is None:
        hint = "expected on the machine" if name in ("node", "curl") else INSTALL_HINT
        pytest.skip(f"{name} is not installed ({hint})")
    return found


def require_module(name: str) -> Any:
    """Import a Python peer, or skip with a clear reason."""
    return pytest.importorskip(name, reason=f"{name} is not installed ({INSTALL_HINT})")


def pattern(size: int) -> bytes:
    """The deterministic body served by ``/big``: byte ``i`` is ``i % 251``."""
    block = bytes(i % 251 for i in range(251 * 64))
    repeats, rest = divmod(size, len(block))
    return block * repeats + block[:rest]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def reference_app(request: Request) -> Response:
    """``/`` text, ``/big?size=N`` N pattern bytes (streamed), ``/echo`` digest of the upload."""
    target = urlsplit(request.path)
    if target.path == "/echo":
        body = await request.read()
        return Response.json({"length": len(body), "sha256": sha256(body)})
    if target.path == "/big":
        size = int(parse_qs(target.query).get("size", ["1048576"])[0])
        data = pattern(size)

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, size, 65536):
                yield data[start : start + 65536]

        return Response(
            200,
            [("content-type", "application/octet-stream"), ("content-length", str(size))],
            chunks(),
        )
    return Response.text("hello interop\n")


class ServerThread:
    """Our server on its own event loop in a thread, for driving synchronous peers."""

    def __init__(self, handler: Any = reference_app, context: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.context = context
        self.loop = asyncio.new_event_loop()
        self.server: Server | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            start_server(self.handler, "127.0.0.1", 0, self.context)
        )
        self._ready.set()
        self.loop.run_forever()

    def __enter__(self) -> ServerThread:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("server thread did not start")
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def __exit__(self, *exc_info: object) -> None:
        assert self.server is not None
        future = asyncio.run_coroutine_threadsafe(self.server.shutdown(grace=2), self.loop)
        future.result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[Any], timeout: float = 15.0) -> None:
    """Wait until something accepts connections on ``port`` (or the process died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"peer exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listening on port {port} after {timeout}s")


def run_peer(*args: str, timeout: float = 60.0, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def python_env() -> dict[str, str]:
    """Environment for a Python subprocess that must import our packages."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


class ServeProcess:
    """``python -m h2tools serve DIR`` in a subprocess (the real command line)."""

    def __init__(self, directory: Path, *extra: str) -> None:
        import re
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-m", "h2tools", "serve", str(directory), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=python_env(),
        )
        assert self.process.stdout is not None
        self.url = ""
        for _ in range(5):
            match = re.search(r"on (https?://\S+) ", self.process.stdout.readline())
            if match:
                self.url = match.group(1)
                break
        if not self.url:
            self.process.kill()
            raise AssertionError("h2tools serve did not start")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.communicate(timeout=20)
        return self.process.returncode
