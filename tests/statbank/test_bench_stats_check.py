"""`kommunevagt bench stats` on a small archive: generated, given official figures, checked by
the real command with its verdicts stored, and removed afterwards (timings are the bench's job)."""

from __future__ import annotations

import re
from pathlib import Path

from bench.stats_check import measure


def test_check_runs_over_the_generated_figure_records(tmp_path: Path) -> None:
    generated, checks, summary = measure(tmp_path / "stats.sqlite", claims=1000)
    assert generated.wall > 0 and set(checks) == {"--quiet", "--jsonl"}
    assert all(t.wall > 0 for t in checks.values())
    found = re.fullmatch(r"stats check: (\d+) figures checked \((.*)\); (\d+) verdicts stored", summary)
    assert found is not None, summary
    verdicts = dict(part.split(" ") for part in found[2].split(", "))
    # 6 of the 8 sentence templates name a measure; unemployment is checked against AUP01.
    assert 600 <= int(found[1]) == int(found[3]) < 1000
    assert {"matches", "differs", "no_official_figure"} <= set(verdicts)
    assert list(tmp_path.iterdir()) == []
