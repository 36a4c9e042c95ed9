"""Compare HTTP/2 servers under h2load, on this machine, in one sitting.

Servers (all h2c with prior knowledge, loopback only):

* ``serve``      ``python -m h2tools serve DIR`` on our packages (.venv)
* ``min-ours``   bench/minimal_server.py on our packages (.venv)
* ``min-incumbent``  bench/minimal_server.py on the incumbent packages
* ``nghttpd``    nghttp2's C server, for scale

Workloads: a tiny response (16 bytes) and a 1 MiB response. Each cell is the
best of ``--rounds`` h2load runs (``-c 10 -m 10``). Usage::

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


def measure(
    name: str, root: Path, size_name: str, requests: int, rounds: int, h2load_path: str
) -> Measurement | None:
    port = free_port()
    command = server_command(name, root, size_name, port)
    if command is None:
        return None
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process)
        url = f"http://127.0.0.1:{port}/{size_name}"
        h2load(h2load_path, url, max(100, requests // 10))  # warm-up
        runs = [h2load(h2load_path, url, requests) for _ in range(rounds)]
    finally:
        process.terminate()
        process.wait(10)
    best = max(runs, key=lambda m: m.requests_per_second)
    best.failed = sum(m.failed for m in runs)
    return best


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
            for name in servers:
                results[(name, size_name)] = measure(
                    name, root, size_name, requests, args.rounds, h2load_path
                )
                print(
                    f"measured {name:14} {size_name:5} {results[(name, size_name)]}",
                    file=sys.stderr,
                    flush=True,
                )
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
