"""``python -m h2tools serve/get/load`` as a user runs them: subprocesses, exit codes, output."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from h2tools.cli import (
    EXIT_CONNECT,
    EXIT_FAILURE,
    EXIT_PROTOCOL,
    EXIT_RESET,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    exit_code_for,
    main,
)
from h2tools.errors import (
    BodyTooLarge,
    ConnectError,
    ConnectionClosedError,
    ProtocolFailure,
    RequestTimeout,
    StreamResetError,
)

REPO = Path(__file__).resolve().parents[2]
URL_PATTERN = re.compile(r"on (https?://\S+) ")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(REPO)]))
    return env


def _h2tools(*args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "h2tools", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        check=False,
    )


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url


def _start_serve(*args: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "h2tools", "serve", *args, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert process.stdout is not None
    for _ in range(5):
        line = process.stdout.readline()
        match = URL_PATTERN.search(line)
        if match:
            return Served(process, match.group(1))
    process.kill()
    raise AssertionError(f"serve did not start: {process.stderr.read() if process.stderr else ''}")


def _stop(served: Served) -> str:
    served.process.send_signal(signal.SIGTERM)
    out, _ = served.process.communicate(timeout=20)
    return out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "hello.txt").write_text("hello cli\n")
    (tmp_path / "big.bin").write_bytes(os.urandom(1_000_000))
    return tmp_path


@pytest.fixture
def served(site: Path) -> Iterator[Served]:
    server = _start_serve(str(site))
    yield server
    if server.process.poll() is None:
        _stop(server)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_get_prior_knowledge_and_upgrade(served: Served, site: Path) -> None:
    result = _h2tools("get", served.url + "/hello.txt", "--http2-prior-knowledge")
    assert result.returncode == 0 and result.stdout == "hello cli\n"
    upgraded = _h2tools("get", served.url + "/hello.txt", "-i")
    assert upgraded.returncode == 0
    assert upgraded.stdout.startswith("HTTP/2 200\n") and "content-length: 10" in upgraded.stdout


def test_get_verbose_prints_frames(served: Served) -> None:
    result = _h2tools("get", "-v", served.url + "/hello.txt", "--http2-prior-knowledge")
    assert result.returncode == 0
    assert "send HEADERS frame" in result.stdout and "recv DATA frame" in result.stdout
    assert ":status: 200" in result.stdout and "recv SETTINGS frame" in result.stdout


def test_get_output_file_data_and_headers(served: Served, site: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.bin"
    result = _h2tools("get", served.url + "/big.bin", "-o", str(target), "--http2-prior-knowledge")
    assert result.returncode == 0 and target.read_bytes() == (site / "big.bin").read_bytes()
    posted = _h2tools(
        "get",
        served.url + "/hello.txt",
        "-d",
        "@" + str(site / "hello.txt"),
        "-H",
        "x-test: 1",
        "-i",
        "--http2-prior-knowledge",
    )
    assert posted.returncode == 0 and posted.stdout.startswith("HTTP/2 405")


def test_serve_stops_gracefully_on_sigterm(site: Path) -> None:
    server = _start_serve(str(site), "-v", "--access-log")
    assert _h2tools("get", server.url + "/hello.txt", "--http2-prior-knowledge").returncode == 0
    out = _stop(server)
    assert server.process.returncode == 0
    assert "server stopped" in out and "recv HEADERS frame" in out


def test_serve_self_signed_tls(site: Path) -> None:
    if not any(os.access(os.path.join(p, "openssl"), os.X_OK) for p in os.get_exec_path()):
        pytest.skip("the openssl command is needed for --self-signed")
    server = _start_serve(str(site), "--self-signed")
    try:
        assert server.url.startswith("https://")
        result = _h2tools("get", "-k", server.url + "/hello.txt")
        assert result.returncode == 0 and result.stdout == "hello cli\n"
        strict = _h2tools("get", server.url + "/hello.txt")
        assert strict.returncode == EXIT_CONNECT and "TLS handshake" in strict.stderr
    finally:
        _stop(server)


def test_load_reports_and_succeeds(served: Served) -> None:
    result = _h2tools(
        "load",
        served.url + "/hello.txt",
        "-n",
        "60",
        "-c",
        "2",
        "-m",
        "5",
        "--http2-prior-knowledge",
    )
    assert result.returncode == 0, result.stderr
    assert "60 succeeded" in result.stdout and "req/s" in result.stdout
    assert "latency (ms)" in result.stdout and "100% 60/60" in result.stderr


def test_connection_refused_exit_codes() -> None:
    url = f"http://127.0.0.1:{_free_port()}/"
    result = _h2tools("get", url, "--http2-prior-knowledge")
    assert result.returncode == EXIT_CONNECT
    assert "cannot connect to 127.0.0.1" in result.stderr
    load = _h2tools("load", url, "-n", "3", "--no-progress", "--http2-prior-knowledge")
    assert load.returncode == EXIT_CONNECT and "error:" in load.stderr


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["get", "ftp://x/"]) == EXIT_USAGE
    assert main(["serve", str(tmp_path / "missing")]) == EXIT_USAGE
    assert main(["serve", str(tmp_path), "--tls", "/no/cert", "/no/key"]) == EXIT_USAGE
    assert main(["load", "http://127.0.0.1:1/", "-n", "0"]) == EXIT_USAGE
    assert main(["get", "http://127.0.0.1:1/", "-d", "@/no/such/file"]) == EXIT_USAGE
    with pytest.raises(SystemExit):
        main(["get", "http://127.0.0.1:1/", "-H", "no-colon"])


def test_http1_server_gives_protocol_exit_code() -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Plain(BaseHTTPRequestHandler):
        def do_OPTIONS(self) -> None:
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    httpd = HTTPServer(("127.0.0.1", 0), Plain)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        result = _h2tools("get", f"http://127.0.0.1:{httpd.server_address[1]}/")
        assert result.returncode == EXIT_PROTOCOL
        assert "refused the h2c upgrade" in result.stderr
    finally:
        httpd.shutdown()


def test_exit_code_mapping() -> None:
    assert exit_code_for(ConnectError("x")) == EXIT_CONNECT
    assert exit_code_for(ProtocolFailure("x")) == EXIT_PROTOCOL
    assert exit_code_for(ConnectionClosedError("x")) == EXIT_PROTOCOL
    assert exit_code_for(StreamResetError(1, 2)) == EXIT_RESET
    assert exit_code_for(RequestTimeout("x")) == EXIT_TIMEOUT
    assert exit_code_for(BodyTooLarge("x")) == EXIT_FAILURE


def test_get_and_load_in_process(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from tests.h2tools.interop_support import ServerThread

    with ServerThread() as server:
        assert main(["get", server.url + "/", "--http2-prior-knowledge", "-i"]) == 0
        out = capsysbinary.readouterr().out
        assert out.startswith(b"HTTP/2 200") and out.endswith(b"hello interop\n")
        assert (
            main(["get", "-v", server.url + "/echo", "-d", "abc", "-X", "PUT", "-H", "x-a: 1"]) == 0
        )
        out = capsysbinary.readouterr().out
        assert b'"length": 3' in out and b"send HEADERS frame" in out
        assert (
            main(
                [
                    "load",
                    server.url + "/",
                    "-n",
                    "20",
                    "-c",
                    "2",
                    "-m",
                    "3",
                    "--http2-prior-knowledge",
                    "--no-progress",
                ]
            )
            == 0
        )
        assert b"20 succeeded" in capsysbinary.readouterr().out
    assert main(["get", f"http://127.0.0.1:{_free_port()}/", "--http2-prior-knowledge"]) == (
        EXIT_CONNECT
    )
