"""Rebuild the `uner` source of `given_names.csv` from the UNER Danish-DDT train split.

    python -m nlp.lexicon.uner ../shared/data/ner/uner_da_ddt/da_ddt-ud-train.iob2

The given names the annotators saw are the first words of the multi-word PER spans (derived
data, CC BY-SA 4.0). Rows gain or lose the `uner` tag; a new name gets a row of its own with
no gender, and a row left without any source is dropped. Comment lines are kept.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from pathlib import Path

from nlp.components.person_data import NAME_WORD  # one word of a name, as kv_persons reads it
from nlp.lexicon import GIVEN_NAMES, LEXICON_DIR, SOURCES, GivenName, given_names

SOURCE = "uner"


def derive_given_names(iob_path: Path, *, min_count: int = 1) -> list[str]:
    """First words of multi-word PER spans: the given names the annotators saw."""
    counts: Counter[str] = Counter()
    span: list[str] = []

    def close() -> None:
        if len(span) >= 2 and re.fullmatch(NAME_WORD, span[0]):
            counts[span[0]] += 1
        span.clear()

    for line in iob_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or line.startswith("#"):
            close()
            continue
        token, tag = parts[1], parts[2]
        if tag == "B-PER":
            close()
            span.append(token)
        elif tag == "I-PER" and span:
            span.append(token)
        else:
            close()
    close()
    return sorted(name for name, count in counts.items() if count >= min_count)


def with_source(rows: list[GivenName], names: set[str], source: str = SOURCE) -> list[GivenName]:
    """`rows` with `source` on exactly the rows of `names` (new rows for new names), sorted."""
    out: dict[str, GivenName] = {}
    for row in rows:
        tags = tuple(t for t in row.sources if t != source) + ((source,) if row.name in names else ())
        tags = tuple(sorted(tags, key=lambda t: SOURCES.index(t) if t in SOURCES else len(SOURCES)))
        if tags:
            out[row.name] = GivenName(row.name, row.gender, tags)
    for name in names - set(out):
        out[name] = GivenName(name, "", (source,))
    return [out[name] for name in sorted(out)]


def render(comments: list[str], rows: list[GivenName]) -> str:
    """The CSV text: the comment lines, the header, one row a name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "gender", "source"])
    writer.writerows([row.name, row.gender, " ".join(row.sources)] for row in rows)
    return "".join(line + "\n" for line in comments) + buffer.getvalue()


def main(argv: list[str]) -> None:
    source = Path(argv[0])
    path = LEXICON_DIR / GIVEN_NAMES
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    names = set(derive_given_names(source))
    path.write_text(render(comments, with_source(given_names(text), names)), encoding="utf-8")
    print(f"{len(names)} names from {source.name} -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
