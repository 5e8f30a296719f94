"""`watch run` end to end on the seeded archive (stored through the real write path), with a real
SMTP server and webhook receiver on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from dataclasses import replace
from datetime import UTC, datetime

import feedparser
import pytest

from core.settings import Settings
from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.watches import WatchSpec, create_watch, sent_log
from tests.ui.seed import DOCS, XSS_SENTENCE, XSS_TITLE, Doc, Sentence, seed
from tests.watch.servers import Hook, Inbox, start_smtp
from watch.feed import slug
from watch.run import run_watches
from watch.webhook import SIGNATURE_HEADER

AARHUS, ODENSE = 751, 461
# The seeded documents that mention Aarhus: the news story, the minutes and the Vejle debate post.
AARHUS_TITLES = {"Ledigheden falder i Aarhus", "Referat af byrådsmødet i marts", "Vejles skoler halter"}
NOW = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)


def add(url: str, name: str, filters: ClaimFilter, **channels: object) -> None:
    with session_scope(get_engine(url), write=True) as session:
        create_watch(session=session, spec=WatchSpec(name=name, filters=filters, **channels))  # type: ignore[arg-type]


def digest_titles(inbox: Inbox, index: int) -> set[str]:
    """The document titles in one digest's plain-text part (each item's first line)."""
    text = inbox.messages[index].get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    return {title for title in {d.title for d in DOCS} | {"Ny skole i Aarhus"} if f"\n\n{title}\n" in text}


@pytest.fixture
def archive(migrated_database_url: str) -> str:
    seed(migrated_database_url)
    return migrated_database_url


def test_one_digest_then_nothing_then_only_the_new_page(
    archive: str, inbox: Inbox, settings: Settings
) -> None:
    add(archive, "Aarhus i pressen", ClaimFilter(kommuner=(AARHUS,)), emails=("presse@aarhus.example.dk",))
    engine = get_engine(archive)

    reports = run_watches(engine, settings, now=NOW)
    assert [r.summary() for r in reports] == ["Aarhus i pressen: 3 new; email 3 sent"]
    assert len(inbox.messages) == 1
    assert inbox.recipients[0] == ["presse@aarhus.example.dk"]
    assert digest_titles(inbox, 0) == AARHUS_TITLES
    html = inbox.messages[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<mark>4,1 procent</mark>" in html and "Anders Kristensen" in html
    assert 'href="https://lokalavis.example/ledighed-falder"' in html
    assert "https://vagt.example.dk/tidslinje?kilde=" in html

    assert [r.summary() for r in run_watches(engine, settings, now=NOW)] == ["Aarhus i pressen: 0 new"]
    assert len(inbox.messages) == 1

    school = Sentence(
        "Aarhus bygger en skole til 250 mio. kr.", [("250 mio. kr.", "money", 2.5e8, None)], ["Aarhus"]
    )
    new_page = Doc(
        "https://lokalavis.example/ny-skole", "Ny skole i Aarhus", "Østjysk Lokalavis", "news",
        datetime(2025, 3, 30, 8, tzinfo=UTC),
        [school],
    )  # fmt: skip
    seed(archive, [new_page])
    assert [r.summary() for r in run_watches(engine, settings, now=NOW)] == [
        "Aarhus i pressen: 1 new; email 1 sent"
    ]
    assert len(inbox.messages) == 2
    assert digest_titles(inbox, 1) == {"Ny skole i Aarhus"}


def test_a_reprinted_story_is_one_item(archive: str, inbox: Inbox, settings: Settings) -> None:
    add(archive, "Aarhus", ClaimFilter(kommuner=(AARHUS,)), emails=("a@example.dk",))
    run_watches(get_engine(archive), settings, now=NOW)
    reprint = replace(DOCS[0], url="https://andenavis.example/ledighed", title="Ledighed falder igen")
    seed(archive, [reprint])
    reports = run_watches(get_engine(archive), settings, now=NOW)
    assert reports[0].summary() == "Aarhus: 0 new"
    assert len(inbox.messages) == 1


def test_crawled_markup_is_escaped_in_mail_and_feed(archive: str, inbox: Inbox, settings: Settings) -> None:
    add(archive, "Odense", ClaimFilter(kommuner=(ODENSE,)), emails=("o@example.dk",))
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    html = inbox.messages[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Vejene i Odense" in html
    assert report.feed is not None
    parsed = feedparser.parse(report.feed.read_bytes())
    assert not parsed.bozo
    [entry] = parsed.entries
    assert entry.title == XSS_TITLE  # the title as text, never as markup
    assert "<script>" not in entry.content[0].value
    assert "&lt;img src=x" in entry.content[0].value
    assert XSS_SENTENCE.split("<")[0].strip() in entry.content[0].value


def test_feed_lists_the_items_and_parses(archive: str, settings: Settings) -> None:
    add(archive, "Aarhus i pressen", ClaimFilter(kommuner=(AARHUS,)))
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    assert report.summary() == "Aarhus i pressen: 3 new"
    assert report.feed == settings.resolved_feeds_dir() / f"{slug('Aarhus i pressen')}.atom"
    parsed = feedparser.parse(report.feed.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Kommunevagt: Aarhus i pressen"
    assert {entry.title for entry in parsed.entries} == AARHUS_TITLES
    assert "https://lokalavis.example/ledighed-falder" in {entry.link for entry in parsed.entries}


def test_webhook_gets_the_items_signed_and_retries(archive: str, hook: Hook, settings: Settings) -> None:
    hook.statuses = [500, 200]
    add(archive, "Aarhus", ClaimFilter(kommuner=(AARHUS,)), webhook_url=hook.url, webhook_secret="hemmelig")
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    assert report.summary() == "Aarhus: 3 new; webhook 3 sent"
    assert len(hook.requests) == 2  # one 500, then accepted
    headers, body = hook.requests[-1]
    expected = "sha256=" + hmac.new(b"hemmelig", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[SIGNATURE_HEADER.lower()], expected)
    payload = json.loads(body)
    assert payload["watch"] == "Aarhus"
    assert {item["title"] for item in payload["items"]} == AARHUS_TITLES
    assert run_watches(get_engine(archive), settings, now=NOW)[0].summary() == "Aarhus: 0 new"
    assert len(hook.requests) == 2


def test_a_failing_webhook_keeps_the_items_pending(archive: str, hook: Hook, settings: Settings) -> None:
    hook.statuses = [500]
    add(archive, "Aarhus", ClaimFilter(kommuner=(AARHUS,)), webhook_url=hook.url, webhook_secret="k")
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    assert (
        report.summary()
        == f"Aarhus: 3 new; webhook NOT sent, 3 pending (webhook {hook.url} answered HTTP 500 (3 attempts))"
    )
    hook.statuses = [500, 500, 500, 200]
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    assert report.summary() == "Aarhus: 0 new; webhook 3 sent"
    assert {item["title"] for item in hook.bodies()[-1]["items"]} == AARHUS_TITLES


def test_smtp_server_stopped_mid_run_loses_nothing(archive: str, smtp_port: int, settings: Settings) -> None:
    # Two watches run in name order; the server stops listening after accepting the first digest.
    add(archive, "A Aarhus", ClaimFilter(kommuner=(AARHUS,)), emails=("a@example.dk",))
    add(archive, "B Odense", ClaimFilter(kommuner=(ODENSE,)), emails=("b@example.dk",))
    first = Inbox(close_after=1)
    controller = start_smtp(smtp_port, first)
    try:
        reports = run_watches(get_engine(archive), settings, now=NOW)
    finally:
        controller.stop()
    assert reports[0].summary() == "A Aarhus: 3 new; email 3 sent"
    assert reports[1].summary().startswith("B Odense: 1 new; email NOT sent, 1 pending (SMTP 127.0.0.1:")
    assert len(first.messages) == 1

    second = Inbox()
    controller = start_smtp(smtp_port, second)
    try:
        reports = run_watches(get_engine(archive), settings, now=NOW)
    finally:
        controller.stop()
    assert [r.summary() for r in reports] == ["A Aarhus: 0 new", "B Odense: 0 new; email 1 sent"]
    assert second.recipients == [["b@example.dk"]]
    assert digest_titles(second, 0) == {XSS_TITLE}
    with session_scope(get_engine(archive)) as session:
        from store.watches import get_watch

        watch = get_watch(session=session, name="B Odense")
        assert watch is not None and watch.id is not None
        [entry] = sent_log(session=session, watch_id=watch.id)
    assert entry.sent_at == NOW and entry.recipients == "b@example.dk" and entry.last_error is None


def test_a_search_that_matches_nothing_is_fine(archive: str, inbox: Inbox, settings: Settings) -> None:
    add(archive, "Intet", ClaimFilter(text="zzzyxq"), emails=("x@example.dk",))
    [report] = run_watches(get_engine(archive), settings, now=NOW)
    assert report.summary() == "Intet: 0 new"
    assert inbox.messages == []
    assert feedparser.parse(report.feed.read_bytes()).entries == []  # type: ignore[union-attr]


def test_an_smtp_server_that_never_answers_times_out_and_keeps_the_items(
    archive: str, smtp_port: int, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A socket that listens but never greets: the connection is made, the SMTP banner never comes.
    monkeypatch.setattr(settings, "smtp_timeout", 0.5)
    silent = socket.socket()
    silent.bind(("127.0.0.1", smtp_port))
    silent.listen(5)
    try:
        add(archive, "Aarhus", ClaimFilter(kommuner=(AARHUS,)), emails=("a@example.dk",))
        [report] = run_watches(get_engine(archive), settings, now=NOW)
    finally:
        silent.close()
    summary = report.summary()
    assert summary.startswith(f"Aarhus: 3 new; email NOT sent, 3 pending (SMTP 127.0.0.1:{smtp_port}: ")
    assert summary.endswith("timed out)")


def test_a_quiet_run_leaves_the_feed_file_alone(archive: str, settings: Settings) -> None:
    add(archive, "Aarhus", ClaimFilter(kommuner=(AARHUS,)))
    [first] = run_watches(get_engine(archive), settings, now=NOW)
    assert first.feed is not None
    before = (first.feed.read_bytes(), first.feed.stat().st_mtime_ns)
    [second] = run_watches(get_engine(archive), settings, now=datetime(2025, 4, 2, tzinfo=UTC))
    assert second.feed == first.feed
    assert (second.feed.read_bytes(), second.feed.stat().st_mtime_ns) == before
