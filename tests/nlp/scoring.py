"""Run the shared scorer (../shared/eval/score.py) over a gold file and read its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
FIELDS = ("kommuner", "regions", "persons", "politicians", "statistics", "speakers")
_LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)")

Scores = dict[str, tuple[float, float, float]]


def run_score(gold: Path) -> Scores:
    """Field -> (precision, recall, F1), extracting with this checkout's `kommunevagt extract`."""
    result = subprocess.run(
        [
            sys.executable,
            str(SCORE),
            str(gold),
            "--show-errors",
            "--cmd",
            f"{sys.executable} -m kommunevagt extract --jsonl",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout)  # the errors list, shown by pytest when an assertion fails
    return {
        m.group(1): (float(m.group(2)), float(m.group(3)), float(m.group(4)))
        for m in map(_LINE.match, result.stdout.splitlines())
        if m
    }
