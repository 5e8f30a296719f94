"""Person resolution accuracy on the project's annotated person texts (tests/evalset).

Every gold mention (`mentions` in `eval/gold/persons_*.json`: the mention's text and which
occurrence of it, the person's name, kommune, party and registry id) must be matched by a
predicted mention that overlaps it and resolves to the same (name, kommune, party,
registry_id). Accuracy = such mentions / gold mentions; a missed mention counts as wrong.
Predicted mentions that overlap no gold mention are counted apart (`extra`). The extractor runs
once over the gold's corpus with the gold's registry file (`--registry`):

    .venv/bin/python -m tests.nlp.person_resolution tests/evalset/eval/gold/persons_tune.json --show-errors
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVALSET = Path(__file__).resolve().parents[1] / "evalset"


def norm(name: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().replace(".", " ").split())


@dataclass
class Result:
    total: int = 0
    correct: int = 0
    extra: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def extract(paths: list[Path], registry: Path | None) -> dict[str, dict[str, Any]]:
    """File name -> the extractor's JSON object, by this checkout's `kommunevagt extract`."""
    command = [sys.executable, "-m", "kommunevagt", "extract", "--jsonl"]
    if registry is not None:
        command += ["--registry", str(registry)]
    done = subprocess.run(
        command + [str(p) for p in paths], capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"extract failed ({done.returncode}): {done.stderr[-2000:]}")
    return {Path(obj["path"]).name: obj for obj in map(json.loads, done.stdout.splitlines())}


def key(mention: dict[str, Any]) -> tuple[str, int | None, str | None, int | None]:
    return (norm(mention["name"]), mention.get("kommune"), mention.get("party"), mention.get("registry_id"))


def score(gold_path: Path, *, with_registry: bool = True) -> Result:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = EVALSET / gold["corpus"]
    registry = EVALSET / gold["registry"] if with_registry else None
    predicted = extract([corpus / name for name in gold["docs"]], registry)
    result = Result()
    for name, doc in gold["docs"].items():
        text = (corpus / name).read_text(encoding="utf-8")
        found = predicted[name]["persons"]
        used: set[int] = set()
        for mention in doc["mentions"]:
            start = -1
            for _ in range(mention["nth"]):
                start = text.index(mention["text"], start + 1)
            end = start + len(mention["text"])
            result.total += 1
            hits = [i for i, p in enumerate(found) if p["start"] < end and start < p["end"]]
            used.update(hits)
            got = [key(found[i]) for i in hits]
            if key(mention) in got:
                result.correct += 1
            else:
                result.errors.append(
                    f"{name}: {mention['text']!r} #{mention['nth']}: want {key(mention)}, got {got}"
                )
        for i, p in enumerate(found):
            if i not in used:
                result.extra += 1
                result.errors.append(f"{name}: extra {p['text']!r} at {p['start']} -> {key(p)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--no-registry", action="store_true", help="extract without the gold's registry file")
    args = parser.parse_args()
    result = score(args.gold, with_registry=not args.no_registry)
    counts = f"({result.correct}/{result.total}), extra mentions {result.extra}"
    print(f"person resolution accuracy {result.accuracy:.3f} {counts}")
    if args.show_errors:
        for line in result.errors:
            print(f"    {line}")


if __name__ == "__main__":
    main()
