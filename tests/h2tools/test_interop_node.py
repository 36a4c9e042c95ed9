"""Interop with Node.js's built-in http2 module, both directions."""

from __future__ import annotations

import asyncio
import json
import re
import ssl
import subprocess
from pathlib import Path

import pytest

from h2tools.client import Client
from tests.h2tools.conftest import run
from tests.h2tools.interop_support import (
    ServerThread,
    pattern,
    require_binary,
    run_peer,
    sha256,
)

pytestmark = pytest.mark.interop

NODE_DIR = Path(__file__).parent / "node"


@pytest.mark.parametrize("tls", [False, True], ids=["h2c", "tls"])
def test_node_client_against_our_server(tls: bool, request: pytest.FixtureRequest) -> None:
    node = require_binary("node")
    context: ssl.SSLContext | None = None
    ca: list[str] = []
    if tls:
        context = request.getfixturevalue("server_tls")
        ca = [str(request.getfixturevalue("certificate")[0])]
    with ServerThread(context=context) as server:
        result = run_peer(node, str(NODE_DIR / "client.js"), server.url, *ca, timeout=90)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(summary["downloads"]) == 8
    for status, length, digest in summary["downloads"]:
        assert (status, length, digest) == (200, 3 * 1024 * 1024, summary["expectedDownload"])
    assert summary["echo"] == {
        "length": summary["uploadLength"],
        "sha256": summary["uploadSha256"],
    }


@pytest.mark.parametrize("tls", [False, True], ids=["h2c", "tls"])
def test_our_client_against_node_server(tls: bool, request: pytest.FixtureRequest) -> None:
    node = require_binary("node")
    args = [node, str(NODE_DIR / "server.js")]
    if tls:
        cert, key = request.getfixturevalue("certificate")
        args += [str(key), str(cert)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        match = re.match(r"listening (\d+)", process.stdout.readline())
        assert match, process.stderr.read() if process.stderr else ""
        port = int(match.group(1))
        scheme = "https" if tls else "http"
        size = 3 * 1024 * 1024
        upload = pattern(5 * 1024 * 1024 + 11)

        async def scenario() -> None:
            async with Client(
                f"{scheme}://127.0.0.1:{port}",
                verify=str(request.getfixturevalue("certificate")[0]) if tls else True,
                http2_prior_knowledge=True,
            ) as client:
                hello = await client.get("/")
                assert hello.content == b"hello from node\n"
                downloads = await asyncio.gather(
                    *(client.get(f"/big?size={size}") for _ in range(8))
                )
                expected = sha256(pattern(size))
                assert all(sha256(d.content) == expected for d in downloads)
                echo = (await client.post("/echo", content=upload)).json()
                assert echo == {"length": len(upload), "sha256": sha256(upload)}

        run(scenario(), timeout=90)
    finally:
        process.terminate()
        process.wait(10)
