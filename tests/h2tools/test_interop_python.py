"""The Python ecosystem, unmodified, on our packages: httpx (client) and hypercorn (server)."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from h2tools.client import Client
from h2tools.server import start_server
from tests.h2tools.conftest import run
from tests.h2tools.interop_support import (
    REPO,
    ServeProcess,
    free_port,
    pattern,
    python_env,
    reference_app,
    require_binary,
    require_module,
    run_peer,
    sha256,
    wait_for_port,
)

pytestmark = pytest.mark.interop


def _is_ours(module_file: str | None) -> bool:
    """True for a module file of this repository's own packages (not a venv's copy)."""
    if module_file is None:
        return False
    path = Path(module_file).resolve()
    if not path.is_relative_to(REPO):
        return False
    return path.relative_to(REPO).parts[0] in {"h2", "hpack", "hyperframe", "priority"}


def test_httpx_runs_on_our_packages() -> None:
    require_module("httpx")
    import httpcore

    import h2
    import hpack
    import hyperframe

    for module in (h2, hpack, hyperframe):
        assert _is_ours(module.__file__), f"{module.__name__} comes from {module.__file__}"
    assert httpcore.__file__ is not None


def test_httpx_http2_against_our_server_tls_and_h2c(
    server_tls: ssl.SSLContext, certificate: tuple[Path, Path]
) -> None:
    httpx = require_module("httpx")
    upload = pattern(2 * 1024 * 1024 + 5)

    async def scenario() -> None:
        async with (
            await start_server(reference_app, ssl=server_tls) as server,
            httpx.AsyncClient(
                http2=True, verify=ssl.create_default_context(cafile=str(certificate[0]))
            ) as client,
        ):
            responses = await asyncio.gather(
                *(client.get(f"{server.url}/big?size=1048576") for _ in range(6))
            )
            assert {r.http_version for r in responses} == {"HTTP/2"}
            assert all(sha256(r.content) == sha256(pattern(1048576)) for r in responses)
            echo = await client.post(f"{server.url}/echo", content=upload)
            assert echo.json() == {"length": len(upload), "sha256": sha256(upload)}
        # http1=False: HTTP/2 with prior knowledge on http:// URLs.
        async with (
            await start_server(reference_app) as server,
            httpx.AsyncClient(http1=False, http2=True) as client,
        ):
            response = await client.get(server.url + "/")
            assert response.http_version == "HTTP/2"
            assert response.text == "hello interop\n"

    run(scenario(), timeout=60)


@pytest.fixture
def hypercorn_server(request: pytest.FixtureRequest) -> tuple[str, subprocess.Popen[str]]:
    require_module("hypercorn")
    port = free_port()
    tls = getattr(request, "param", False)
    args = [
        sys.executable,
        "-m",
        "hypercorn",
        "tests.h2tools.asgi_app:app",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if tls:
        cert, key = request.getfixturevalue("certificate")
        args += ["--certfile", str(cert), "--keyfile", str(key)]
    process = subprocess.Popen(
        args,
        cwd=REPO,
        env=python_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
    except AssertionError:
        process.kill()
        output = process.stdout.read() if process.stdout else ""
        raise AssertionError(f"hypercorn did not start: {output}") from None
    yield f"{'https' if tls else 'http'}://127.0.0.1:{port}", process
    process.terminate()
    process.wait(10)


@pytest.mark.parametrize("hypercorn_server", [False, True], ids=["h2c", "tls"], indirect=True)
def test_hypercorn_on_our_stack_with_curl_and_our_client(
    hypercorn_server: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _ = hypercorn_server
    tls = url.startswith("https")
    upload = pattern(1024 * 1024 + 1)

    async def scenario() -> dict[str, str]:
        async with Client(url, verify=False, http2_prior_knowledge=True) as client:
            hello = await client.get("/")
            assert hello.text == "hello from hypercorn over HTTP/2\n"
            many = await asyncio.gather(*(client.get("/") for _ in range(20)))
            assert all(r.status == 200 for r in many)
            echo = (await client.post("/echo", content=upload)).json()
            assert echo == {"length": len(upload), "sha256": sha256(upload)}
            modules: dict[str, str] = (await client.get("/modules")).json()
            return modules

    modules = run(scenario(), timeout=60)
    assert all(_is_ours(path) for path in modules.values()), modules

    curl = require_binary("curl")
    flags = ["-k", "--http2"] if tls else ["--http2-prior-knowledge"]
    result = run_peer(curl, "-sS", *flags, url + "/")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello from hypercorn over HTTP/2\n"
    # Not tested: curl --http2 (h2c upgrade) against hypercorn 0.17.3, whose
    # upgrade path calls h2.events.RequestReceived() without the keyword-only
    # stream_id that h2 4.x requires; it fails on the incumbent h2 too.


def test_httpx_against_the_serve_command(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    httpx = require_module("httpx")
    (tmp_path / "index.html").write_text("<p>static</p>\n")
    (tmp_path / "big.bin").write_bytes(pattern(3 * 1024 * 1024))
    served = ServeProcess(tmp_path, "--tls", str(certificate[0]), str(certificate[1]))

    async def scenario() -> None:
        context = ssl.create_default_context(cafile=str(certificate[0]))
        async with httpx.AsyncClient(http2=True, verify=context) as client:
            index = await client.get(served.url + "/index.html")
            assert (index.http_version, index.text) == ("HTTP/2", "<p>static</p>\n")
            bigs = await asyncio.gather(*(client.get(served.url + "/big.bin") for _ in range(4)))
            assert all(sha256(b.content) == sha256(pattern(3 * 1024 * 1024)) for b in bigs)
            missing = await client.get(served.url + "/missing")
            assert missing.status_code == 404

    try:
        run(scenario(), timeout=60)
    finally:
        assert served.stop() == 0
