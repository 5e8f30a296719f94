"""`kommunevagt watch add|list|show|remove|run|feed` in-process, on the seeded SQLite archive."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner, Result

from core.settings import Settings
from store.db import get_engine, session_scope
from store.watches import filters_from_json, get_watch
from tests.ui.seed import seed
from tests.watch.servers import Inbox


@pytest.fixture
def archive(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    seed(url)
    return url


def invoke(url: str, *args: str) -> Result:
    from core.settings import get_settings
    from kommunevagt.cli import app

    get_settings.cache_clear()
    try:
        return CliRunner(env={"DATABASE_URL": url}).invoke(app, ["watch", *args])
    finally:
        get_settings.cache_clear()


def test_add_the_example_from_the_issue(archive: str) -> None:
    result = invoke(
        archive, "add", "Ballerup i pressen", "--kommune", "151", "--email", "kommunikation@example.dk",
        "--daily", "7:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "added watch 'Ballerup i pressen' (dagligt kl. 07:00)"
    with session_scope(get_engine(archive)) as session:
        watch = get_watch(session=session, name="Ballerup i pressen")
        assert watch is not None
        assert filters_from_json(watch.filters).kommuner == (151,)
        assert watch.emails == ["kommunikation@example.dk"]
        assert (watch.frequency, watch.at_time) == ("daily", "07:00")


def test_names_are_resolved(archive: str) -> None:
    result = invoke(
        archive, "add", "Folk", "--kommune", "Aarhus", "--person", "anders kristensen", "--party", "V",
        "--source", "Debatten Vejle", "--kind", "news", "-q", "ledighed", "--weekly", "mandag 08:30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with session_scope(get_engine(archive)) as session:
        watch = get_watch(session=session, name="Folk")
        assert watch is not None
        found = filters_from_json(watch.filters)
    assert found.kommuner == (751,) and found.parties == ("V",) and found.text == "ledighed"
    assert len(found.persons) == 1 and len(found.sources) == 1 and found.document_kinds == ("news",)
    assert (watch.frequency, watch.weekday, watch.at_time) == ("weekly", 0, "08:30")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kommune", "999"], "error: unknown kommune '999'"),
        (["--kommune", "Atlantis"], "error: unknown kommune 'Atlantis'"),
        (["--person", "Ingen Sådan"], "error: unknown person 'Ingen Sådan'"),
        (["--email", "ikke-en-adresse"], "error: invalid e-mail address 'ikke-en-adresse'"),
        (["--email", "a@b@example.dk"], "error: invalid e-mail address 'a@b@example.dk'"),
        (["--daily", "25:00"], "error: not a time of day '25:00'"),
        (["--weekly", "blursdag 07:00"], "error: not a weekday and time 'blursdag 07:00'"),
        (["--webhook", "ftp://x.example"], "error: the webhook must be an http(s) URL"),
        (["--kind", "blog"], "error: unknown document kind 'blog'"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_nothing_stored(
    archive: str, args: list[str], message: str
) -> None:
    result = invoke(archive, "add", "Forkert", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert invoke(archive, "list").output.strip().startswith("no watches")


def test_a_name_is_taken_once(archive: str) -> None:
    assert invoke(archive, "add", "Aarhus", "--kommune", "751").exit_code == 0
    again = invoke(archive, "add", "Aarhus", "--kommune", "461")
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_list_run_show_feed_remove(archive: str, inbox: Inbox, settings: Settings) -> None:
    assert invoke(archive, "add", "Aarhus", "--kommune", "751", "--email", "p@example.dk").exit_code == 0
    assert invoke(archive, "list").output.strip() == "Aarhus\tefter hver crawl\temail\t0 items, 0 pending"

    run = invoke(archive, "run")
    assert run.exit_code == 0, run.output
    assert run.output.strip() == "Aarhus: 3 new; email 3 sent"
    assert len(inbox.messages) == 1
    assert (settings.resolved_feeds_dir() / "aarhus.atom").exists()

    show = invoke(archive, "show", "Aarhus").output
    assert "e-mail: p@example.dk" in show
    assert show.count("\temail\tp@example.dk\t") == 3

    feed = feedparser.parse(invoke(archive, "feed", "Aarhus").output)
    assert not feed.bozo and len(feed.entries) == 3

    assert invoke(archive, "remove", "Aarhus").exit_code == 0
    assert invoke(archive, "list").output.strip().startswith("no watches")
    missing = invoke(archive, "show", "Aarhus")
    assert missing.exit_code == 2 and missing.stderr.strip() == "error: no watch named 'Aarhus'"


def test_run_exits_1_when_a_channel_failed(archive: str, settings: Settings) -> None:
    # No SMTP server listens on the settings' port: refused, the items stay pending.
    assert invoke(archive, "add", "Aarhus", "--kommune", "751", "--email", "p@example.dk").exit_code == 0
    run = invoke(archive, "run")
    assert run.exit_code == 1
    assert run.output.strip().startswith("Aarhus: 3 new; email NOT sent, 3 pending (SMTP 127.0.0.1:")
    assert invoke(archive, "list").output.strip().endswith("3 items, 3 pending")


def test_daily_watch_waits_for_its_time_unless_forced(archive: str, inbox: Inbox, settings: Settings) -> None:
    assert (
        invoke(
            archive, "add", "Aarhus", "--kommune", "751", "--email", "p@example.dk", "--daily", "07:00"
        ).exit_code
        == 0
    )
    first = invoke(archive, "run")  # never ran: its last 07:00 has passed, so it is due
    assert first.output.strip() == "Aarhus: 3 new; email 3 sent"
    assert invoke(archive, "run").output.strip() == "Aarhus: not due"
    assert invoke(archive, "run", "--force").output.strip() == "Aarhus: 0 new"


def test_a_webhook_without_a_key_gets_one(archive: str) -> None:
    result = invoke(archive, "add", "Hook", "--kommune", "751", "--webhook", "https://hook.example/kv")
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    assert len(key) == 64
    with session_scope(get_engine(archive)) as session:
        watch = get_watch(session=session, name="Hook")
        assert watch is not None and watch.webhook_secret == key


@pytest.mark.parametrize("args", [["run"], ["list"], ["add", "X", "--kommune", "151"]])
def test_a_database_without_the_schema_says_to_upgrade(tmp_path: Path, args: list[str]) -> None:
    result = invoke(f"sqlite:///{tmp_path / 'empty.sqlite'}", *args)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("has no schema yet; run `kommunevagt db upgrade` first")
