"""Per-field accuracy of the figure records on a gold file: measure, subject and period.

The shared scorer (../shared/eval/score.py) scores a figure record as one key (kind, value,
measure, subject, period), so one wrong field hides which. The issue's targets are per field
("measure >= 0.85, subject >= 0.90, period >= 0.85 accuracy"), so this reads the extractor's
output the same way the scorer does and counts each field over the gold figures whose
(kind, value) was found: a figure that is not found is a statistics miss, not a field error.

    .venv/bin/python tests/evalset/figure_accuracy.py tests/evalset/eval/gold/figures_tune.json \
        [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

# The measure keys of ../shared/eval/CONTRACT.md; any other key counts as null, as in score.py.
MEASURES = frozenset({
    "befolkning", "ledige", "ledighedsprocent", "offentligt_forsoergede", "kontanthjaelp",
    "sygedagpenge", "kommuneskat", "grundskyld", "elever", "klassekvotient", "plejeboliger",
    "boliger", "ventetid", "budget", "besparelse", "anlaeg", "rangering", "stemmer", "mandater",
})  # fmt: skip
FIELDS = ("measure", "subject", "period")


def stat_key(stat: dict[str, Any]) -> tuple[str, float]:
    return (str(stat.get("kind")), round(float(stat["value"]), 1))


def field_value(stat: dict[str, Any], field: str) -> object:
    if field == "measure":
        return stat.get("measure") if stat.get("measure") in MEASURES else None
    if field == "subject":
        subject = stat.get("subject") or {}
        code = subject.get("code")
        return (subject.get("type"), int(code) if code is not None else None)
    return stat.get(field)


def extract(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """The extractor's JSON line per file name (this checkout's `kommunevagt extract --jsonl`)."""
    argv = [sys.executable, "-m", "kommunevagt", "extract", "--jsonl", *map(str, paths)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return {Path(o["path"]).name: o for o in map(json.loads, filter(None, out.splitlines()))}


def gold_paths(gold_path: Path) -> list[Path]:
    """The texts of a gold file."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return [gold_path.parent.parent.parent / gold["corpus"] / name for name in gold["docs"]]


def accuracy(
    gold_path: Path, predicted: dict[str, dict[str, Any]] | None = None
) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Field -> (correct, found) over the gold figures whose (kind, value) was extracted
    (`predicted`: the extractor's line per file name, extracted here when not given)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if predicted is None:
        predicted = extract(gold_paths(gold_path))
    tally = {field: [0, 0] for field in FIELDS}
    errors: list[str] = []
    for name, doc in gold["docs"].items():
        by_key: dict[tuple[str, float], list[dict[str, Any]]] = defaultdict(list)
        for stat in predicted[name].get("statistics", []):
            by_key[stat_key(stat)].append(stat)
        for stat in (s for s in doc["statistics"] if "measure" in s):
            options = by_key.get(stat_key(stat))
            if not options:
                continue
            for field in FIELDS:
                want = field_value(stat, field)
                got = [field_value(o, field) for o in options]
                tally[field][1] += 1
                if want in got:
                    tally[field][0] += 1
                else:
                    errors.append(f"{name}: {field} of {stat['text']!r}: want {want}, got {got[0]}")
    return {field: (right, found) for field, (right, found) in tally.items()}, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    for path in args.gold:
        counts, errors = accuracy(path.resolve())
        summary = "  ".join(f"{f}={r / n:.3f} ({r}/{n})" if n else f"{f}=-" for f, (r, n) in counts.items())
        print(f"{path.name}: {summary}")
        if args.show_errors:
            print("\n".join(f"    {e}" for e in errors))


if __name__ == "__main__":
    main()
