"""An h2load-like load generator: N requests over C connections, M streams each."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO
from urllib.parse import urlsplit

from h2tools.client import Client
from h2tools.errors import ConnectError, H2ToolsError

Progress = Callable[[int, int], None]


@dataclass
class LoadReport:
    """Outcome of one run of :func:`run_load`."""

    requested: int
    duration: float = 0.0
    succeeded: int = 0
    failed: int = 0
    errored: int = 0
    body_bytes: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return self.succeeded + self.failed

    @property
    def requests_per_second(self) -> float:
        return self.completed / self.duration if self.duration > 0 else 0.0

    @property
    def megabytes_per_second(self) -> float:
        return self.body_bytes / 1e6 / self.duration if self.duration > 0 else 0.0

    def percentile(self, fraction: float) -> float:
        """Latency in seconds at ``fraction`` (0..1), nearest-rank; 0 without data."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
        return ordered[index]

    def render(self) -> str:
        """A report in the spirit of h2load's."""
        ms = 1000.0
        statuses = ", ".join(f"{code}: {count}" for code, count in sorted(self.statuses.items()))
        lines = [
            f"finished in {self.duration:.2f}s, {self.requests_per_second:.2f} req/s, "
            f"{self.megabytes_per_second:.2f} MB/s (bodies)",
            f"requests: {self.requested} total, {self.completed} done, "
            f"{self.succeeded} succeeded, {self.failed} failed (status >= 400), "
            f"{self.errored} errored",
            f"status codes: {statuses or 'none'}",
            f"body bytes: {self.body_bytes}",
        ]
        if self.latencies:
            lines.append(
                "latency (ms): "
                f"min {min(self.latencies) * ms:.2f}, "
                f"mean {sum(self.latencies) / len(self.latencies) * ms:.2f}, "
                f"p50 {self.percentile(0.5) * ms:.2f}, "
                f"p90 {self.percentile(0.9) * ms:.2f}, "
                f"p99 {self.percentile(0.99) * ms:.2f}, "
                f"max {max(self.latencies) * ms:.2f}"
            )
        for message, count in self.errors.most_common(5):
            lines.append(f"error x{count}: {message}")
        return "\n".join(lines)


async def run_load(
    url: str,
    *,
    requests: int,
    connections: int = 1,
    streams: int = 1,
    verify: bool | str = True,
    http2_prior_knowledge: bool = False,
    timeout: float | None = 30.0,
    progress: Progress | None = None,
) -> LoadReport:
    """Run ``requests`` GETs of ``url`` and return the measurements."""
    if requests < 1 or connections < 1 or streams < 1:
        raise ValueError("-n, -c and -m must be at least 1")
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    origin = f"{parts.scheme}://{parts.netloc}"
    report = LoadReport(requested=requests)
    issued = 0
    done = 0

    async def worker(client: Client) -> None:
        nonlocal issued, done
        while issued < requests:
            issued += 1
            started = time.perf_counter()
            try:
                response = await client.request("GET", path, timeout=timeout)
            except H2ToolsError as exc:
                report.errored += 1
                report.errors[str(exc)] += 1
            else:
                report.latencies.append(time.perf_counter() - started)
                report.statuses[response.status] += 1
                report.body_bytes += len(response.content)
                if response.status >= 400:
                    report.failed += 1
                else:
                    report.succeeded += 1
            done += 1
            if progress is not None:
                progress(done, requests)

    async def one_connection() -> None:
        client = Client(
            origin,
            verify=verify,
            http2_prior_knowledge=http2_prior_knowledge,
            timeout=timeout,
        )
        try:
            await client.connect()
        except H2ToolsError as exc:
            report.errors[str(exc)] += 1
            return
        try:
            await asyncio.gather(*(worker(client) for _ in range(streams)))
        finally:
            await client.aclose()

    started = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(connections)))
    report.duration = time.perf_counter() - started
    if report.completed == 0 and report.errors:
        message = next(iter(report.errors))
        raise ConnectError(message)
    # Requests never issued because every connection failed count as errors.
    report.errored += requests - report.completed - report.errored
    return report


class ProgressBar:
    """A one-line progress bar on a terminal (redrawn at most 10 times a second)."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 40) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done * 100 // total:3d}% {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
