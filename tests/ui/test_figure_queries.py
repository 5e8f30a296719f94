"""The same figure across sources (store.queries.figure_groups) and the figure export, on the
seeded Tal archive, with the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from store import queries as q
from store.db import get_engine, session_scope
from store.queries.figure_export import export_figures
from store.queries.figure_groups import conflict_in, drifts_in, statement_shape
from tests.ui.seed_figures import REPRINT_URL, seed_figures


def answers(url: str) -> dict[str, Any]:
    with session_scope(get_engine(url)) as s:
        return {
            "conflicts": q.figure_conflicts(session=s),
            "drifts": q.figure_drifts(session=s),
            "checked": q.latest_checked(session=s),
            "vejle": q.figure_records(session=s, kommune_code=630),
            "export": list(export_figures(s)),
        }


@pytest.fixture(scope="module")
def on_sqlite(figures_url: str) -> dict[str, Any]:
    return answers(figures_url)


def test_one_conflict_between_two_independent_stories(on_sqlite: dict[str, Any]) -> None:
    [conflict] = on_sqlite["conflicts"]
    assert conflict.key == q.GroupKey("kommune", 751, "ledighedsprocent", "2025M02", "percent")
    assert (conflict.low.text, conflict.low.source_name) == ("4,1 procent", "Østjysk Lokalavis")
    assert (conflict.high.text, conflict.high.source_name) == ("4,6 procent", "Aarhus Byråd – referater")
    # Three documents in three outlets; the reprint is a copy of the first story.
    assert (conflict.stories, conflict.outlets) == (2, 3)


def test_a_value_requoted_later_is_a_drift(on_sqlite: dict[str, Any]) -> None:
    [drift] = on_sqlite["drifts"]
    assert (drift.earlier.text, drift.later.text, drift.changed) == ("4,1 procent", "4,6 procent", "value")
    assert drift.earlier.url != REPRINT_URL  # the story's first print, not its copy


def test_latest_checked_are_the_compared_figures_newest_first(on_sqlite: dict[str, Any]) -> None:
    checked = on_sqlite["checked"]
    assert {r.verdict for r in checked} == {"matches", "rounded", "differs"}
    assert [r.published_at for r in checked] == sorted((r.published_at for r in checked), reverse=True)
    assert "2,9 pct." not in {r.text for r in checked}  # national: no synced figure, not "checked"


def test_export_carries_record_and_verdict(on_sqlite: dict[str, Any]) -> None:
    rows = {r.text: r for r in on_sqlite["export"]}
    assert len(on_sqlite["export"]) == 11  # every statistic, with or without a record
    vejle = rows["3,46 procent"]
    assert (vejle.measure, vejle.subject_type, vejle.subject_code, vejle.period) == (
        "ledighedsprocent", "kommune", 630, "2025M02",
    )  # fmt: skip
    assert (vejle.verdict, vejle.official, vejle.table) == ("rounded", 3.5, "AUP01")
    assert vejle.credit == "Kilde: Danmarks Statistik, StatBank.dk/AUP01"
    assert (
        vejle.sentence
        == "Ledigheden i Vejle Kommune var 3,46 procent i februar ifølge jobcentrets opgørelse."
    )
    assert rows["12.500"].measure is None and rows["12.500"].verdict is None


@pytest.mark.postgres
def test_same_answers_on_postgresql(on_sqlite: dict[str, Any], postgres_server: Any) -> None:
    url = postgres_server.create_database("kv_figure_queries")
    try:
        seed_figures(url)
        on_pg = answers(url)
    finally:
        from store.db import dispose_engines

        dispose_engines()
        postgres_server.drop_database("kv_figure_queries")
    for name, found in on_sqlite.items():
        assert on_pg[name] == found, name


def _figure(record: q.FigureRecord, **changes: Any) -> q.FigureRecord:
    return replace(record, **changes)


def test_statement_shapes(on_sqlite: dict[str, Any]) -> None:
    base = on_sqlite["vejle"][0]  # "3,5 pct." about Vejle, stated as a level
    assert statement_shape(base) == "level"
    down = {"change_direction": "down", "change_baseline": "forrige periode"}
    fell_to = _figure(base, sentence="Ledigheden er faldet til 3,5 pct.", figure_start=25, **down)
    fell_by = _figure(base, sentence="Ledigheden er faldet med ca. 3,5 pct.", figure_start=29, **down)
    assert statement_shape(fell_to) == "level"
    assert statement_shape(fell_by) == "down:forrige periode"
    expected = _figure(base, change_direction="down", change_baseline="forventet")
    assert statement_shape(expected) == "down:forventet"
    assert statement_shape(_figure(expected, change_from=4.0)) == "level"  # "fra 4,0 til 3,5"


def test_conflicts_need_independent_sources_stated_alike(on_sqlite: dict[str, Any]) -> None:
    a = on_sqlite["vejle"][0]  # 3,5 pct., Vejle Amts Folkeblad
    b = _figure(a, statistic_id=-1, story=-99, outlet=-99, text="4,5 pct.", value=4.5)
    assert conflict_in([a, b]) == (a, b)
    assert conflict_in([a, _figure(b, story=a.story)]) is None  # a copy of the same story
    assert conflict_in([a, _figure(b, outlet=a.outlet)]) is None  # the same outlet
    assert conflict_in([a, _figure(b, text="3,46 procent", value=3.46)]) is None  # within precision
    assert conflict_in([a, _figure(b, text="ca. 4 pct.", value=4.0, approx=True)]) is None
    difference = _figure(b, change_direction="up", change_baseline="landsgennemsnit")
    assert conflict_in([a, difference]) is None  # a difference is not a level
    assert list(drifts_in([a, _figure(b, change_baseline="forventet")]))[0][2] == "value"
