"""``python -m h2tools demo``: the README's main-job command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_demo_runs_quickly_and_prints_trace_and_summary() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(REPO)]))
    result = subprocess.run(
        [sys.executable, "-m", "h2tools", "demo"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in (
        "send connection preface",
        "send SETTINGS frame",
        "recv HEADERS frame",
        ":status: 200",
        "send DATA frame",
        "recv PING frame",
        "send GOAWAY frame",
        "Summary",
        "echo intact",
        "trailer x-bytes-sent=49152",
    ):
        assert expected in out, expected
    assert "Traceback" not in result.stderr


def test_demo_in_process_summary() -> None:
    from h2tools.demo import run_demo
    from tests.h2tools.conftest import run

    lines: list[str] = []
    assert run(run_demo(write=lines.append)) == 0
    text = "\n".join(lines)
    assert "frames sent:" in text and "HEADERS 5" in text
    assert "POST /echo" in text and "round trip" in text


def test_demo_handler_routes() -> None:
    from h2tools._body import BodyStream
    from h2tools.demo import demo_handler
    from h2tools.models import Headers, Request
    from tests.h2tools.conftest import run

    def request(path: str) -> Request:
        body = BodyStream(lambda size: None)
        body.end()
        return Request(
            method="GET",
            path=path,
            scheme="http",
            authority="x",
            headers=Headers(),
            body=body,
            stream_id=1,
        )

    assert run(demo_handler(request("/nope"))).status == 404
    assert run(demo_handler(request("/download?size=abc"))).status == 400
    assert run(demo_handler(request("/download?size=999999999999"))).status == 400
