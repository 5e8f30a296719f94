"""What `kommunevagt crawl` shows: a live line of totals on stderr, tables at the end.

Every string that came from the network or a document (URLs, reasons quoting a Content-Type or
a server's message) goes through `text()`: a `rich.text.Text`, never a markup string, so a
server that answers `Content-Type: [bold]...[/]` neither styles nor crashes the summary; and
with control characters shown as `\x1b`, since Rich passes ESC through and an escape sequence
could clear the screen or retitle the terminal.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from crawler.accounting import COUNTERS

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def text(value: object, style: str = "") -> Text:
    """`value` as inert terminal text: no markup, control characters made visible."""
    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value)), style=style)


# Individual problems listed at most; beyond that the per-reason tables carry the counts.
MAX_PROBLEM_ROWS = 200
CAUSE_LABELS = {"page": "failed", "temporary": "failed, retried next run", "local": "not stored (our side)"}


class Progress:
    """Call with the current counts; redraws one status line (or prints a line every 5 s if not a TTY)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.tty = self.console.is_terminal
        self.started = time.monotonic()
        self.last_line = 0.0

    def __call__(self, counts: dict[str, dict[str, Any]]) -> None:
        totals = {c: sum(row.get(c, 0) for row in counts.values()) for c in COUNTERS}
        elapsed = time.monotonic() - self.started
        line = f"[{elapsed:5.0f}s] " + "  ".join(f"{c} {totals[c]}" for c in COUNTERS)
        if self.tty:
            sys.stderr.write("\r" + line.ljust(100))
            sys.stderr.flush()
        elif elapsed - self.last_line >= 5:
            self.last_line = elapsed
            self.console.print(text(line), soft_wrap=True)

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def summary_table(counts: dict[str, dict[str, Any]], title: str) -> Table:
    table = Table(title=text(title))
    table.add_column("source")
    for c in COUNTERS:
        table.add_column(c, justify="right")
    for source, row in counts.items():
        table.add_row(text(source), *(str(row.get(c, 0)) for c in COUNTERS))
    totals = [str(sum(r.get(c, 0) for r in counts.values())) for c in COUNTERS]
    table.add_row(text("total", style="bold"), *totals)
    return table


def problems_table(counts: dict[str, dict[str, Any]]) -> Table | None:
    """Each failure and note with its URL (the first MAX_PROBLEM_ROWS)."""
    rows = [
        (source, CAUSE_LABELS.get(f.get("cause", "page"), "failed"), f["url"], f["reason"])
        for source, row in counts.items()
        for f in row.get("failures", [])
    ]
    rows += [
        (source, "note", n["url"], n["reason"])
        for source, row in counts.items()
        for n in row.get("notes", [])
    ]
    if not rows:
        return None
    shown = rows[:MAX_PROBLEM_ROWS]
    more = f" (first {len(shown)} of {len(rows)})" if len(rows) > len(shown) else ""
    table = Table(title=text("Problems" + more))
    for name in ("source", "kind", "url", "reason"):
        table.add_column(name, overflow="fold")
    for row in shown:
        table.add_row(*(text(cell) for cell in row))
    return table


def reasons_table(counts: dict[str, dict[str, Any]]) -> Table | None:
    """How many URLs failed or were skipped, per source and reason (one example URL each)."""
    tally: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], str] = {}
    for source, row in counts.items():
        for f in row.get("failures", []):
            key = (source, CAUSE_LABELS.get(f.get("cause", "page"), "failed"), str(f["reason"]))
            tally[key] += 1
            examples.setdefault(key, f["url"])
        for reason, skip in row.get("skips", {}).items():
            key = (source, "skipped", reason)
            tally[key] += skip.get("count", 0)
            examples.setdefault(key, skip.get("example") or "")
    if not tally:
        return None
    table = Table(title=text("Not stored, by reason"))
    for name, justify in (("source", "left"), ("kind", "left"), ("count", "right"), ("reason", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    table.add_column("example", overflow="fold")
    for key, count in sorted(tally.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][2])):
        source, kind, reason = key
        table.add_row(text(source), text(kind), str(count), text(reason), text(examples[key]))
    return table
