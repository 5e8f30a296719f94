"""Spike alerts: a kommune named in at least twice its usual daily number of documents, and at
least the minimum, alerts the watches that cover it once, naming the stories that drove it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from core.settings import Settings
from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.queries.spikes import Spike, kommune_spikes
from store.watches import WatchSpec, create_watch
from tests.ui.seed import Doc, Sentence, seed
from tests.watch.servers import Inbox
from watch.run import run_watches

DAY = date(2025, 4, 1)
NOW = datetime(2025, 4, 1, 18, 0, tzinfo=UTC)
WORDS = [
    "skole",
    "vej",
    "budget",
    "havn",
    "bus",
    "park",
    "sygehus",
    "bibliotek",
    "cykel",
    "bolig",
    "skat",
    "ældre",
    "børn",
    "kultur",
    "sport",
    "miljø",
    "klima",
    "energi",
    "vand",
    "affald",
    "byggeri",
    "trafik",
    "plan",
    "råd",
    "borger",
    "udvalg",
    "sag",
    "penge",
    "år",
    "uge",
]
WIRE = "Aarhus Kommune lukker to skoler i Hasle, og forældrene protesterer mod planen i byrådet i aften."


def _doc(n: int, when: datetime, text: str | None = None) -> Doc:
    """A document naming Aarhus; unique random words unless `text` makes it a copy of a story."""
    rng = random.Random(n)
    body = text or "Aarhus " + " ".join(rng.sample(WORDS, 12)) + f" nr {n}."
    title = "Skoler lukker i Hasle" if text else f"Nyhed {n}"
    return Doc(
        f"https://avis{n}.example/a",
        title,
        "Østjysk Lokalavis",
        "news",
        when,
        [Sentence(body, [], ["Aarhus"])],
    )


def archive_with(url: str, *, usual: int, copies: int, others: int) -> None:
    """`usual` documents a day for the 14 days before DAY; on DAY `copies` prints of one wire story
    and `others` distinct documents."""
    docs, n = [], 0
    for back in range(1, 15):
        for _ in range(usual):
            n += 1
            docs.append(_doc(n, datetime(2025, 4, 1, 9, tzinfo=UTC) - timedelta(days=back)))
    for _ in range(copies):
        n += 1
        docs.append(_doc(n, datetime(2025, 4, 1, 8, tzinfo=UTC), WIRE))
    for _ in range(others):
        n += 1
        docs.append(_doc(n, datetime(2025, 4, 1, 10, tzinfo=UTC)))
    seed(url, docs)


def spikes(url: str, factor: float = 2.0, minimum: int = 10) -> list[Spike]:
    with session_scope(get_engine(url)) as session:
        return kommune_spikes(session, kommuner=[751, 461], day=DAY, factor=factor, minimum=minimum)


def test_a_spike_names_the_story_that_drove_it(migrated_database_url: str) -> None:
    archive_with(migrated_database_url, usual=1, copies=5, others=7)
    [spike] = spikes(migrated_database_url)
    assert (spike.kommune_name, spike.count, spike.baseline) == ("Aarhus", 12, 1.0)
    assert spike.stories[0][1:] == ("Skoler lukker i Hasle", 5)
    assert [count for _id, _title, count in spike.stories] == [5, 1, 1]


@pytest.mark.parametrize(
    ("usual", "others", "why"),
    [(1, 4, "9 documents: below the minimum of 10"), (7, 7, "12 documents: below twice the mean of 7")],
)
def test_no_spike(tmp_path: Path, usual: int, others: int, why: str) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    archive_with(url, usual=usual, copies=5, others=others)
    assert spikes(url) == [], why


def test_both_numbers_are_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    archive_with(url, usual=1, copies=5, others=4)
    assert spikes(url) == []
    assert [s.count for s in spikes(url, factor=3, minimum=9)] == [9]
    assert spikes(url, factor=10, minimum=9) == []


def test_the_watch_covering_the_kommune_is_alerted_once(
    tmp_path: Path, inbox: Inbox, settings: Settings
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    archive_with(url, usual=1, copies=5, others=7)
    with session_scope(get_engine(url), write=True) as session:
        region = ClaimFilter(regions=(1082,))  # Region Midtjylland covers Aarhus
        create_watch(session=session, spec=WatchSpec(name="Midt", filters=region, emails=("m@example.dk",)))
        odense = ClaimFilter(kommuner=(461,))
        create_watch(session=session, spec=WatchSpec(name="Odense", filters=odense, emails=("o@example.dk",)))
    reports = run_watches(get_engine(url), settings, now=NOW)
    assert [r.summary() for r in reports] == ["Midt: 22 new; 1 spike; email 23 sent", "Odense: 0 new"]
    text = inbox.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Usædvanligt mange omtaler af Aarhus: 12 dokumenter den 2025-04-01 (normalt 1,0 pr. dag)" in text
    assert "»Skoler lukker i Hasle« – 5 dokumenter" in text
    assert [r.summary() for r in run_watches(get_engine(url), settings, now=NOW)] == [
        "Midt: 0 new",
        "Odense: 0 new",
    ]
