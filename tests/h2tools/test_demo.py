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
