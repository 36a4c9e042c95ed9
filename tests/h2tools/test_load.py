"""The load generator's measurements and report."""

from __future__ import annotations

import io

import pytest

from h2tools.errors import ConnectError
from h2tools.load import LoadReport, ProgressBar, run_load
from h2tools.models import Request, Response
from h2tools.server import start_server
from tests.h2tools.conftest import run


async def mixed(request: Request) -> Response:
    if request.path.startswith("/missing"):
        return Response.text("no", status=404)
    return Response.text("ok")


def test_run_load_counts_everything() -> None:
    async def scenario() -> tuple[LoadReport, LoadReport]:
        async with await start_server(mixed) as server:
            good = await run_load(
                server.url + "/", requests=40, connections=2, streams=4, http2_prior_knowledge=True
            )
            bad = await run_load(
                server.url + "/missing?x=1", requests=5, http2_prior_knowledge=True
            )
        return good, bad

    good, bad = run(scenario())
    assert good.succeeded == 40 and good.errored == 0 and good.statuses[200] == 40
    assert good.body_bytes == 80 and len(good.latencies) == 40
    assert good.requests_per_second > 0 and good.megabytes_per_second > 0
    assert good.percentile(0.5) <= good.percentile(0.99)
    assert "40 succeeded" in good.render()
    assert bad.failed == 5 and "404: 5" in bad.render()


def test_connection_failure_raises_connect_error() -> None:
    async def scenario() -> None:
        server = await start_server(mixed)
        url = server.url
        await server.shutdown()
        with pytest.raises(ConnectError):
            await run_load(url, requests=3, http2_prior_knowledge=True)

    run(scenario())


def test_report_edge_cases_and_progress_bar() -> None:
    empty = LoadReport(requested=1)
    assert empty.percentile(0.5) == 0.0 and empty.requests_per_second == 0.0
    assert "status codes: none" in empty.render()
    empty.errors["boom"] += 2
    assert "error x2: boom" in empty.render()
    with pytest.raises(ValueError):
        run(run_load("http://127.0.0.1:1/", requests=0))
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(1, 4)
    bar(2, 4)  # throttled
    bar(4, 4)
    assert stream.getvalue().endswith("[##########] 100% 4/4\n")
