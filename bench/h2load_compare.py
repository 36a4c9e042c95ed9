"""Compare HTTP/2 servers under h2load, on this machine, in one sitting.

Servers (all h2c with prior knowledge, loopback only):

* ``serve``      ``python -m h2tools serve DIR`` on our packages (.venv)
* ``min-ours``   bench/minimal_server.py on our packages (.venv)
* ``min-incumbent``  bench/minimal_server.py on the incumbent packages
* ``nghttpd``    nghttp2's C server, for scale

Workloads: a tiny response (16 bytes) and a 1 MiB response. Each cell is the
best of ``--rounds`` h2load runs (``-c 10 -m 10``); the servers take turns
within each round. Usage::

    .venv/bin/python bench/h2load_compare.py --rounds 3
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OURS_PYTHON = REPO / ".venv" / "bin" / "python"
INCUMBENT_PYTHON = REPO / "bench" / ".venv-incumbent" / "bin" / "python"
MINIMAL = REPO / "bench" / "minimal_server.py"

SIZES = {"tiny": 16, "1MiB": 1024 * 1024}
RESULT = re.compile(r"finished in [\d.]+m?s, ([\d.]+) req/s, ([\d.]+)([KMG]?B)/s")
COUNTS = re.compile(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed")
UNITS = {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}


@dataclass
class Measurement:
    requests_per_second: float
    megabytes_per_second: float
    failed: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


def server_command(name: str, root: Path, size_name: str, port: int) -> list[str] | None:
    size = str(SIZES[size_name])
    if name == "serve":
        return [str(OURS_PYTHON), "-m", "h2tools", "serve", str(root), "--port", str(port)]
    if name == "min-ours":
        return [str(OURS_PYTHON), str(MINIMAL), "--port", str(port), "--size", size]
    if name == "min-incumbent":
        if not INCUMBENT_PYTHON.exists():
            return None
        return [str(INCUMBENT_PYTHON), str(MINIMAL), "--port", str(port), "--size", size]
    if name == "nghttpd":
        nghttpd = shutil.which("nghttpd") or shutil.which("nghttpd", path="/usr/sbin")
        if nghttpd is None:
            return None
        return [nghttpd, "--no-tls", "-a", "127.0.0.1", "-d", str(root), str(port)]
    raise ValueError(name)


def h2load(h2load_path: str, url: str, requests: int) -> Measurement:
    output = subprocess.run(
        [h2load_path, "-n", str(requests), "-c", "10", "-m", "10", url],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    ).stdout
    match = RESULT.search(output)
    counts = COUNTS.search(output)
    if match is None or counts is None:
        raise RuntimeError(f"could not parse h2load output:\n{output}")
    if int(counts.group(2)):
        print(f"h2load reported failures against {url}:\n{output}", file=sys.stderr)
    rate, throughput, unit = match.groups()
    return Measurement(float(rate), float(throughput) * UNITS[unit], int(counts.group(2)))


def start_servers(
    names: list[str], root: Path, size_name: str
) -> dict[str, tuple[subprocess.Popen[bytes], str]]:
    """Start every server for one response size; returns name -> (process, url)."""
    running: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    for name in names:
        port = free_port()
        command = server_command(name, root, size_name, port)
        if command is None:
            continue
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(port, process)
        running[name] = (process, f"http://127.0.0.1:{port}/{size_name}")
    return running


def measure_interleaved(
    names: list[str], root: Path, size_name: str, requests: int, rounds: int, h2load_path: str
) -> dict[str, Measurement | None]:
    """Best of ``rounds`` per server, the servers taking turns within each round.

    Taking turns spreads the machine's background load evenly over the
    servers, which matters on a shared machine.
    """
    running = start_servers(names, root, size_name)
    runs: dict[str, list[Measurement]] = {name: [] for name in running}
    try:
        for _, url in running.values():
            h2load(h2load_path, url, max(100, requests // 10))  # warm-up
        for _ in range(rounds):
            for name, (_, url) in running.items():
                runs[name].append(h2load(h2load_path, url, requests))
    finally:
        for process, _ in running.values():
            process.terminate()
            process.wait(10)
    results: dict[str, Measurement | None] = {}
    for name in names:
        if name not in runs:
            results[name] = None
            continue
        best = max(runs[name], key=lambda m: m.requests_per_second)
        best.failed = sum(m.failed for m in runs[name])
        results[name] = best
        print(f"measured {name:14} {size_name:5} {best}", file=sys.stderr, flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tiny-requests", type=int, default=20000)
    parser.add_argument("--large-requests", type=int, default=1000)
    parser.add_argument("--servers", default="serve,min-ours,min-incumbent,nghttpd")
    args = parser.parse_args()
    h2load_path = shutil.which("h2load")
    if h2load_path is None:
        print("h2load is not installed (apt-get install nghttp2-client)", file=sys.stderr)
        return 2
    servers = args.servers.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size_name, size in SIZES.items():
            (root / size_name).write_bytes(b"x" * size)
        results: dict[tuple[str, str], Measurement | None] = {}
        for size_name in SIZES:
            requests = args.tiny_requests if size_name == "tiny" else args.large_requests
            measured = measure_interleaved(
                servers, root, size_name, requests, args.rounds, h2load_path
            )
            for name, measurement in measured.items():
                results[(name, size_name)] = measurement
    print("| server | tiny req/s | tiny MB/s | 1MiB req/s | 1MiB MB/s | failed |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in servers:
        cells = []
        failed = 0
        for size_name in SIZES:
            m = results[(name, size_name)]
            if m is None:
                cells += ["n/a", "n/a"]
            else:
                cells += [f"{m.requests_per_second:,.0f}", f"{m.megabytes_per_second:,.1f}"]
                failed += m.failed
        print(f"| {name} | " + " | ".join(cells) + f" | {failed} |")
    baseline = results.get(("min-incumbent", "tiny"))
    ours = results.get(("serve", "tiny"))
    if baseline and ours:
        ratio = ours.requests_per_second / baseline.requests_per_second
        print(f"\nserve / minimal server on the incumbent (tiny): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
