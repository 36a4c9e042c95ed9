"""A/B benchmark runner: our packages against the incumbent releases from PyPI.

Usage::

    python bench/run.py                      # every workload, 5 rounds
    python bench/run.py hyperframe hpack.    # workloads whose name starts so
    python bench/run.py --rounds 7 --seconds 2

The incumbents (same import names as ours) are installed into their own
virtualenv, ``bench/.venv-incumbent``, created on first use.  Each measurement
runs in a fresh process; rounds alternate ours/theirs so drift on the machine
hits both sides alike.  The printed ratio is median(ours) / median(theirs).
Timing is informational: nothing here fails on a slow result.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import venv
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
INCUMBENT_VENV = BENCH / ".venv-incumbent"
INCUMBENTS = ["hyperframe==6.1.0", "hpack==4.2.0", "priority==2.0.0", "h2==4.4.1"]

sys.path.insert(0, str(BENCH))
from workloads import all_workloads  # noqa: E402


def incumbent_python() -> Path:
    python = INCUMBENT_VENV / "bin" / "python"
    marker = INCUMBENT_VENV / "installed.txt"
    wanted = "\n".join(INCUMBENTS)
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(INCUMBENT_VENV)
    if not marker.exists() or marker.read_text() != wanted:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *INCUMBENTS], check=True)
        marker.write_text(wanted)
    return python


def run_side(python: Path, name: str, seconds: float, ours: bool) -> dict[str, object]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if ours:
        env["PYTHONPATH"] = str(REPO)
    out = subprocess.run(
        [str(python), str(BENCH / "worker.py"), name, "--seconds", str(seconds)],
        check=True, capture_output=True, text=True, env=env, cwd=str(BENCH),
    )
    result: dict[str, object] = json.loads(out.stdout)
    package_file = str(result["package_file"])
    inside_repo = package_file.startswith(str(REPO)) and ".venv-incumbent" not in package_file
    if inside_repo != ours:
        raise SystemExit(f"{name}: wrong implementation imported: {package_file}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("prefixes", nargs="*", help="only workloads whose name starts with one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="minimum time per measurement")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    workloads = all_workloads()
    names = [n for n in workloads if not args.prefixes or n.startswith(tuple(args.prefixes))]
    if not names:
        raise SystemExit(f"no workload matches {args.prefixes}; known: {sorted(workloads)}")
    theirs_python = incumbent_python()
    ours_python = Path(sys.executable)

    report = {}
    print(f"{'workload':34} {'ours':>14} {'incumbent':>14} {'ratio':>7}  unit/s")
    for name in names:
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.rounds):
            sides = ((ours_python, True, ours), (theirs_python, False, theirs))
            for python, side, results in sides:
                measured = run_side(python, name, args.seconds, side)
                results.append(float(str(measured["units_per_second"])))
        a, b = statistics.median(ours), statistics.median(theirs)
        unit = workloads[name].unit
        report[name] = {"ours": ours, "incumbent": theirs, "ratio": a / b, "unit": unit}
        print(f"{name:34} {a:14,.0f} {b:14,.0f} {a / b:6.2f}x  {unit}/s", flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
