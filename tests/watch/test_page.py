"""The Overvågning page (AppTest): saved searches, their latest hits, the sent log, the form."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import Settings
from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.watches import WatchSpec, create_watch, get_watch
from tests.ui.helpers import shown_text
from tests.ui.seed import seed
from tests.watch.servers import Inbox
from watch.run import run_watches

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
PAGE = "app_pages/overvaagning.py"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    seed(url)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_empty(archive: str) -> None:
    assert [info.value for info in open_page().info] == [
        "Ingen overvågninger endnu. Opret en ovenfor eller med `kommunevagt watch add`."
    ]


def test_hits_and_sent_log(archive: str, inbox: Inbox, settings: Settings) -> None:
    with session_scope(get_engine(archive), write=True) as session:
        spec = WatchSpec(
            name="Aarhus *i* pressen", filters=ClaimFilter(kommuner=(751,)), emails=("p@example.dk",)
        )
        create_watch(session=session, spec=spec)
    run_watches(get_engine(archive), settings, now=datetime(2025, 4, 1, 6, tzinfo=UTC))
    at = open_page()
    text = shown_text(at)
    assert "Aarhus *i* pressen" in text  # the name as typed, not as Markdown emphasis
    assert "efter hver crawl · e-mail til p@example.dk · 3 fund, 0 venter" in text
    hits, log = at.dataframe[0].value, at.dataframe[1].value
    assert set(hits["Titel"]) == {
        "Ledigheden falder i Aarhus",
        "Referat af byrådsmødet i marts",
        "Vejles skoler halter",
    }
    assert list(log["Til"]) == ["p@example.dk"] * 3
    assert list(log["Sendt"]) == ["2025-04-01 06:00"] * 3


def test_form_refuses_a_bad_address_and_saves_a_good_one(archive: str) -> None:
    at = open_page()
    at.text_input[0].input("Vejle")
    at.text_input[2].input("ikke-en-adresse")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("invalid e-mail address 'ikke-en-adresse'")
    at.text_input[2].input("presse@vejle.example.dk")
    at.text_input[3].input("07:30")
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Overvågningen »Vejle« er gemt."]
    with session_scope(get_engine(archive)) as session:
        watch = get_watch(session=session, name="Vejle")
        assert watch is not None
        assert (watch.emails, watch.frequency, watch.at_time) == (
            ["presse@vejle.example.dk"],
            "daily",
            "07:30",
        )


def test_remove_button(archive: str) -> None:
    with session_scope(get_engine(archive), write=True) as session:
        create_watch(session=session, spec=WatchSpec(name="Odense", filters=ClaimFilter(kommuner=(461,))))
    at = open_page()
    [remove] = [button for button in at.button if button.label == "Slet"]
    remove.click().run()
    assert not at.exception, at.exception
    with session_scope(get_engine(archive)) as session:
        assert get_watch(session=session, name="Odense") is None
