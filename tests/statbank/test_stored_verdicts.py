"""`stats check` keeps its verdicts in the store (figure_verdict, revision 0010), on SQLite and
PostgreSQL: one row per checked figure record, replaced by the next check, gone with its document."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from store.db import get_engine, session_scope
from tests.statbank.conftest import StatbankServer
from tests.statbank.test_sync_check import invoke, server  # noqa: F401  (the fixture)


def verdicts(url: str) -> dict[str, tuple[Any, ...]]:
    with session_scope(get_engine(url)) as session:
        rows = session.execute(
            text(
                "SELECT s.text, v.verdict, v.official, v.official_period, v.table_id, v.relative_gap, "
                "v.reason, v.published_at IS NOT NULL, v.checked_at IS NOT NULL "
                "FROM figure_verdict v JOIN statistic s ON s.id = v.statistic_id"
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_check_stores_each_verdict_and_the_next_check_replaces_them(
    migrated_database_url: str,
    server: StatbankServer,  # noqa: F811
) -> None:
    from store.crud import store_analysed_document
    from tests.store.factories import sample

    assert invoke(migrated_database_url, server.url, "stats", "sync", "-m", "ledighedsprocent").exit_code == 0
    document, extraction = sample(1)  # 2,1 / 3,1 / 4,1 procent about three kommuner
    engine = get_engine(migrated_database_url)
    with session_scope(engine, write=True) as session:
        store_analysed_document(session=session, document=document, extraction=extraction)
        session.execute(
            text(
                "UPDATE statistic SET measure = 'ledighedsprocent', subject_type = 'kommune', "
                "period = '2025M02', subject_code = 101"
            )
        )
        session.execute(text("UPDATE statistic SET subject_code = 860 WHERE text = '2,1 procent'"))
        session.execute(text("UPDATE statistic SET measure = NULL WHERE text = '4,1 procent'"))
    assert verdicts(migrated_database_url) == {}

    result = invoke(migrated_database_url, "", "stats", "check", "--jsonl")
    assert result.exit_code == 0, result.output
    assert "2 figures checked (differs 2); 2 verdicts stored" in result.stderr
    stored = verdicts(migrated_database_url)
    assert stored.keys() == {"2,1 procent", "3,1 procent"}  # no measure: not checked, not stored
    assert stored["2,1 procent"][:4] == ("differs", 2.7, "2025M02", "AUP01")
    assert stored["2,1 procent"][4] == (2.1 - 2.7) / 2.7
    assert stored["3,1 procent"][:4] == ("differs", 3.3, "2025M02", "AUP01")
    assert all(row[6:] == (True, True) for row in stored.values())

    # The next check judges again: a record that changed gets its new verdict, none is doubled.
    with session_scope(engine, write=True) as session:
        session.execute(text("UPDATE statistic SET period = '2030M01' WHERE text = '3,1 procent'"))
    quiet = invoke(migrated_database_url, "", "stats", "check", "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "2 figures checked (differs 1, no_official_figure 1); 2 verdicts stored" in quiet.stderr
    stored = verdicts(migrated_database_url)
    assert len(stored) == 2 and stored["2,1 procent"][0] == "differs"
    assert stored["3,1 procent"][:5] == ("no_official_figure", None, None, "AUP01", None)
    assert stored["3,1 procent"][5] == "not in the synced figures (run `kommunevagt stats sync`)"

    # A document deleted (or re-analysed into new statistic rows) takes its verdicts along.
    with session_scope(engine, write=True) as session:
        session.execute(text("DELETE FROM document"))
    assert verdicts(migrated_database_url) == {}


def test_checking_an_extract_file_stores_nothing(
    migrated_database_url: str,
    server: StatbankServer,  # noqa: F811
    tmp_path: Any,
) -> None:
    from tests.statbank.test_sync_check import extract_line, stat

    source = tmp_path / "extract.jsonl"
    line = extract_line("a.txt", "s", [stat("5", 5, "befolkning", ("kommune", 101), "2019")])
    source.write_text(line + "\n", encoding="utf-8")
    result = invoke(migrated_database_url, "", "stats", "check", "--from-jsonl", str(source))
    assert result.exit_code == 0, result.output
    assert "verdicts stored" not in result.stderr
    assert verdicts(migrated_database_url) == {}
