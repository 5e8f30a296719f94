"""A seeded archive for Tal: the UI seed plus figures that make one real conflict, agreements
within the stated precision, a reprint of a wire story, a national figure in a kommune's
article, official figures and the verdicts `stats check` stores for them.

- Aarhus, ledighedsprocent, February 2025: 4,1 procent (Østjysk Lokalavis, also reprinted by
  Jyllands Nyheder: one story) against 4,6 procent (the byråd's minutes): a conflict of two
  independent stories from two outlets (three documents).
- Vejle, the same month: "3,5 pct." and "3,46 procent" agree (one decimal against two), as do
  "ca. 1.500" and "1.461" ledige (an approximate hundred): no conflict.
- "På landsplan var ledigheden 2,9 pct." in a Vejle article is about the whole country.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from core.result import FigureSubject
from store.db import get_engine, session_scope
from tests.ui.seed import DOCS, SOURCES, Doc, Record, Sentence, ledighed, seed

FIGURE_SOURCES = {
    **SOURCES,
    "Jyllands Nyheder": ("news", [751]),
    "Vejle Amts Folkeblad": ("news", [630]),
    "Vejle Byråd – referater": ("minutes", [630]),
}
REPRINT_URL = "https://jyllandsnyheder.example/ledighed-falder"
LEDIGE_FEBRUARY = Record("ledige", FigureSubject("kommune", 630), "2025M02")


def _d(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, 0, tzinfo=UTC)


FIGURE_DOCS = [
    *DOCS,
    replace(DOCS[0], url=REPRINT_URL, source="Jyllands Nyheder", published=_d(3, 5)),
    Doc(
        "https://folkebladet.example/ledighed-vejle",
        "Færre ledige i Vejle",
        "Vejle Amts Folkeblad",
        "news",
        _d(3, 6),
        [
            Sentence(
                "Ledigheden i Vejle Kommune var 3,5 pct. i februar, oplyser jobcentret.",
                [("3,5 pct.", "percent", 3.5, "%")],
                ["Vejle"],
                records={"3,5 pct.": ledighed(630)},
            ),
            Sentence(
                "Det svarer til ca. 1.500 ledige borgere i Vejle Kommune.",
                [("ca. 1.500", "count", 1500, None)],
                ["Vejle"],
                records={"ca. 1.500": LEDIGE_FEBRUARY},
            ),
            Sentence(
                "På landsplan var ledigheden 2,9 pct. i Vejle Kommunes sammenligning.",
                [("2,9 pct.", "percent", 2.9, "%")],
                ["Vejle"],
                records={"2,9 pct.": Record("ledighedsprocent", FigureSubject("national", None), "2025M02")},
            ),
        ],
    ),
    Doc(
        "https://vejle.example/referat-marts",
        "Referat af byrådets møde i marts",
        "Vejle Byråd – referater",
        "minutes",
        _d(3, 12),
        [
            Sentence(
                "Ledigheden i Vejle Kommune var 3,46 procent i februar ifølge jobcentrets opgørelse.",
                [("3,46 procent", "percent", 3.46, "%")],
                ["Vejle"],
                records={"3,46 procent": ledighed(630)},
            ),
            Sentence(
                "I alt var 1.461 borgere i Vejle Kommune ledige i februar.",
                [("1.461", "count", 1461, None)],
                ["Vejle"],
                records={"1.461": LEDIGE_FEBRUARY},
            ),
        ],
    ),
]

# Danmarks Statistik's figures for the month (as `stats sync` stores them).
OFFICIAL = [
    ("ledighedsprocent", "AUP01", 751, "2025M01", 4.4),
    ("ledighedsprocent", "AUP01", 751, "2025M02", 4.6),
    ("ledighedsprocent", "AUP01", 630, "2025M02", 3.5),
    ("ledige", "AUF01", 630, "2025M02", 1480),
]


def seed_figures(url: str) -> None:
    """The archive, its official figures, and the verdicts of a `stats check` over it."""
    from statbank.check import record_verdicts
    from statbank.measures import load_measures
    from store.official import official_index, upsert_official_figures

    seed(url, FIGURE_DOCS, FIGURE_SOURCES)
    measures = load_measures()
    fetched = datetime(2025, 4, 1, tzinfo=UTC)
    rows = []
    for measure, table, code, period, value in OFFICIAL:
        source = next(s for s in measures[measure].sources if s.table == table)
        rows.append({
            "measure": measure, "table_id": table, "variable_codes": source.variable_codes,
            "area_code": f"{code:03d}", "subject_type": "kommune", "subject_code": code, "period": period,
            "value": value, "unit": source.unit, "fetched_at": fetched, "link": source.link,
        })  # fmt: skip
    with session_scope(get_engine(url), write=True) as session:
        upsert_official_figures(session=session, rows=rows)
        record_verdicts(session, official_index(session=session), fetched)
