"""What `kommunevagt crawl` shows: a live line of totals on stderr, a per-source table at the end."""

from __future__ import annotations

import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from crawler.accounting import COUNTERS


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
            self.console.print(line, highlight=False)

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def summary_table(counts: dict[str, dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    table.add_column("source")
    for c in COUNTERS:
        table.add_column(c, justify="right")
    for source, row in counts.items():
        table.add_row(source, *(str(row.get(c, 0)) for c in COUNTERS))
    totals = [str(sum(r.get(c, 0) for r in counts.values())) for c in COUNTERS]
    table.add_row("[b]total[/b]", *totals)
    return table


def problems_table(counts: dict[str, dict[str, Any]]) -> Table | None:
    rows = [
        (source, "failed", f["url"], f["reason"])
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
    table = Table(title="Problems")
    for name in ("source", "kind", "url", "reason"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table
