"""`kommunevagt ingest` on local files, and the crawl/demo commands being wired in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from demo.server import DEMO_SITE
from kommunevagt.cli import app
from store.db import get_engine
from store.models import Document


def test_commands_are_registered() -> None:
    result = CliRunner().invoke(app, ["--help"])
    for command in ("crawl", "ingest", "demo"):
        assert command in result.output


@pytest.mark.slow
def test_ingest_text_html_and_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings

    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    note = tmp_path / "notat.txt"
    note.write_text("Notat om budgettet\n\nByrådet i Odder Kommune vil spare 2,5 mio. kr. på vejene.\n")
    html = tmp_path / "artikel.html"
    shutil.copy(DEMO_SITE / "avis/artikler/soehoejlandet-busruter.html", html)  # latin-1
    scan = tmp_path / "scan.pdf"
    shutil.copy(DEMO_SITE / "dagsordenportal/skanderborg/filer/2026-01-28-byraadet-referat-scan.pdf", scan)
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")

    result = CliRunner().invoke(app, ["ingest", str(note), str(html), str(scan), str(empty)])
    lines = result.output.splitlines()
    assert result.exit_code == 1  # one file failed
    assert [line.split()[0] for line in lines] == ["stored", "stored", "stored", "failed"]
    assert "empty PDF" in lines[3] and "no text layer" in lines[2]

    with Session(get_engine(url)) as session:
        docs = {Path(d.url).name: d for d in session.exec(select(Document))}
    assert set(docs) == {"notat.txt", "artikel.html", "scan.pdf"}
    assert docs["notat.txt"].title == "Notat om budgettet"
    assert "Søren Ørsted" in docs["artikel.html"].text
    assert docs["scan.pdf"].status == "no_text"

    again = CliRunner().invoke(app, ["ingest", str(note)])
    assert again.output.split()[0] == "unchanged"
