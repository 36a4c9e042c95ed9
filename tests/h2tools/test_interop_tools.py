"""Interop with curl, nghttp, h2load and nghttpd (select with ``-m interop``)."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import ssl
import subprocess
from pathlib import Path

import pytest

from h2tools.client import Client
from h2tools.errors import ProtocolFailure
from tests.h2tools.conftest import run
from tests.h2tools.interop_support import (
    ServeProcess,
    ServerThread,
    free_port,
    pattern,
    require_binary,
    run_peer,
    sha256,
    wait_for_port,
)

pytestmark = pytest.mark.interop

BIG = 5 * 1024 * 1024


# -- the real `python -m h2tools serve` ------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text("<h1>served by h2tools</h1>\n")
    (root / "big.bin").write_bytes(pattern(BIG))
    return root


def test_curl_nghttp_and_h2load_against_serve(site: Path, certificate: tuple[Path, Path]) -> None:
    curl = require_binary("curl")
    nghttp = require_binary("nghttp")
    h2load_path = require_binary("h2load")
    served = ServeProcess(site)
    try:
        prior = run_peer(curl, "-sS", "--http2-prior-knowledge", served.url + "/index.html")
        assert prior.stdout == "<h1>served by h2tools</h1>\n", prior.stderr
        upgraded = run_peer(
            curl,
            "-sS",
            "--http2",
            "-w",
            "%{http_version}",
            "-o",
            "/dev/null",
            served.url + "/index.html",
        )
        assert upgraded.stdout == "2", upgraded.stderr
        big = subprocess.run(
            [curl, "-sS", "--http2-prior-knowledge", served.url + "/big.bin"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert hashlib.sha256(big.stdout).hexdigest() == sha256(pattern(BIG))
        verbose = run_peer(nghttp, "-nv", served.url + "/big.bin")
        assert verbose.returncode == 0 and ":status: 200" in verbose.stdout
        assert sum(map(int, re.findall(r"recv DATA frame <length=(\d+)", verbose.stdout))) == BIG
        load = run_peer(
            h2load_path,
            "-n",
            "2000",
            "-c",
            "10",
            "-m",
            "10",
            served.url + "/index.html",
            timeout=120,
        )
        assert "2000 succeeded, 0 failed, 0 errored" in load.stdout, load.stdout
    finally:
        assert served.stop() == 0
    tls = ServeProcess(site, "--tls", str(certificate[0]), str(certificate[1]))
    try:
        over_tls = run_peer(
            curl, "-sS", "-k", "--http2", "-w", "%{http_version}", tls.url + "/index.html"
        )
        assert over_tls.stdout == "<h1>served by h2tools</h1>\n2", over_tls.stderr
        load = run_peer(
            h2load_path, "-n", "100", "-c", "5", "-m", "10", tls.url + "/big.bin", timeout=120
        )
        assert "100 succeeded, 0 failed, 0 errored" in load.stdout, load.stdout
    finally:
        assert tls.stop() == 0


# -- curl -------------------------------------------------------------------------


def test_curl_prior_knowledge_and_upgrade() -> None:
    curl = require_binary("curl")
    with ServerThread() as server:
        prior = run_peer(
            curl, "-sS", "--http2-prior-knowledge", "-w", "\n%{http_version}", server.url + "/"
        )
        assert prior.returncode == 0, prior.stderr
        assert prior.stdout == "hello interop\n\n2"
        # curl --http2 on http:// asks for an h2c upgrade (RFC 7540 §3.2).
        upgraded = run_peer(curl, "-sS", "--http2", "-w", "\n%{http_version}", server.url + "/")
        assert upgraded.returncode == 0, upgraded.stderr
        assert upgraded.stdout == "hello interop\n\n2"


def test_curl_tls_large_download_and_upload(server_tls: ssl.SSLContext, tmp_path: Path) -> None:
    curl = require_binary("curl")
    upload = tmp_path / "upload.bin"
    upload.write_bytes(pattern(3 * 1024 * 1024 + 7))
    with ServerThread(context=server_tls) as server:
        download = subprocess.run(
            [curl, "-sS", "-k", "--http2", f"{server.url}/big?size={BIG}"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert download.returncode == 0, download.stderr
        assert hashlib.sha256(download.stdout).hexdigest() == sha256(pattern(BIG))
        version = run_peer(
            curl,
            "-sS",
            "-k",
            "--http2",
            "-o",
            "/dev/null",
            "-w",
            "%{http_version}",
            server.url + "/",
        )
        assert version.stdout == "2"
        posted = run_peer(
            curl, "-sS", "-k", "--http2", "--data-binary", f"@{upload}", server.url + "/echo"
        )
        assert posted.returncode == 0, posted.stderr
        assert json.loads(posted.stdout) == {
            "length": upload.stat().st_size,
            "sha256": sha256(upload.read_bytes()),
        }


# -- nghttp -----------------------------------------------------------------------


def test_nghttp_verbose_get_large_download_and_upload(tmp_path: Path) -> None:
    nghttp = require_binary("nghttp")
    upload = tmp_path / "upload.bin"
    upload.write_bytes(pattern(2 * 1024 * 1024))
    with ServerThread() as server:
        verbose = run_peer(nghttp, "-nv", server.url + "/")
        assert verbose.returncode == 0, verbose.stderr
        assert "recv SETTINGS frame" in verbose.stdout and ":status: 200" in verbose.stdout
        big = run_peer(nghttp, "-nv", f"{server.url}/big?size={BIG}")
        assert big.returncode == 0, big.stderr
        data_bytes = sum(
            int(length) for length in re.findall(r"recv DATA frame <length=(\d+)", big.stdout)
        )
        assert data_bytes == BIG
        posted = run_peer(nghttp, "-d", str(upload), server.url + "/echo")
        assert posted.returncode == 0, posted.stderr
        assert json.loads(posted.stdout)["sha256"] == sha256(upload.read_bytes())
        # nghttp -u performs an h2c upgrade.
        upgraded = run_peer(nghttp, "-u", server.url + "/")
        assert upgraded.returncode == 0 and upgraded.stdout == "hello interop\n"


# -- h2load -----------------------------------------------------------------------


def test_h2load_2000_requests_without_failures() -> None:
    h2load = require_binary("h2load")
    with ServerThread() as server:
        result = run_peer(
            h2load, "-n", "2000", "-c", "10", "-m", "10", server.url + "/", timeout=120
        )
    assert result.returncode == 0, result.stderr
    assert "2000 succeeded, 0 failed, 0 errored" in result.stdout, result.stdout


def test_h2load_over_tls(server_tls: ssl.SSLContext) -> None:
    h2load = require_binary("h2load")
    with ServerThread(context=server_tls) as server:
        result = run_peer(h2load, "-n", "500", "-c", "5", "-m", "10", server.url + "/", timeout=120)
    assert "500 succeeded, 0 failed, 0 errored" in result.stdout, result.stdout
    assert "Application protocol: h2" in result.stdout


# -- our client against nghttpd ---------------------------------------------------


@pytest.mark.parametrize("tls", [False, True], ids=["h2c", "tls"])
def test_our_client_against_nghttpd(
    tls: bool, tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    nghttpd = require_binary("nghttpd")
    root = tmp_path / "htdocs"
    root.mkdir()
    (root / "index.html").write_text("nghttpd says hi\n")
    (root / "big.bin").write_bytes(pattern(BIG))
    port = free_port()
    # nghttpd [OPTION]... PORT [KEY CERT]
    command = [nghttpd, "-a", "127.0.0.1", "-d", str(root), str(port)]
    if tls:
        command += [str(certificate[1]), str(certificate[0])]
    else:
        command.insert(1, "--no-tls")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        scheme = "https" if tls else "http"

        async def scenario() -> None:
            async with Client(
                f"{scheme}://127.0.0.1:{port}", verify=False, http2_prior_knowledge=True
            ) as client:
                index = await client.get("/index.html")
                assert (index.status, index.content) == (200, b"nghttpd says hi\n")
                bigs = await client.get("/big.bin"), await client.get("/big.bin")
                assert all(sha256(b.content) == sha256(pattern(BIG)) for b in bigs)
                missing = await client.get("/missing")
                assert missing.status == 404

        run(scenario(), timeout=60)
        if not tls:
            # This nghttpd speaks first (SETTINGS before any request), so an
            # h2c upgrade attempt must fail with a clear message.
            async def upgrade_refused() -> None:
                with pytest.raises(ProtocolFailure, match="prior-knowledge"):
                    async with Client(f"http://127.0.0.1:{port}"):
                        pass

            run(upgrade_refused())
    finally:
        process.terminate()
        process.wait(10)


def test_sigterm_lets_a_curl_download_finish(site: Path) -> None:
    # RFC 9113 §6.8: GOAWAY, then the in-flight stream completes and the
    # connection closes without a TCP reset eating the last bytes.
    curl = require_binary("curl")
    served = ServeProcess(site)
    try:
        download = subprocess.Popen(
            [
                curl,
                "-sS",
                "--limit-rate",
                "10M",
                "--http2-prior-knowledge",
                served.url + "/big.bin",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert download.stdout is not None
        first = download.stdout.read(65536)  # the transfer is under way
        served.process.send_signal(signal.SIGTERM)
        rest, errors = download.communicate(timeout=30)
        body = first + rest
        assert download.returncode == 0, errors
        assert hashlib.sha256(body).hexdigest() == sha256(pattern(BIG))
        # The SIGTERM alone ends the server, cleanly.
        assert served.process.wait(timeout=20) == 0
    finally:
        if served.process.poll() is None:
            served.stop()
