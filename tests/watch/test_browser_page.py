"""The Overvågning page in headless Chromium: a saved search with its hits (crawled markup shown as
text), adding one through the form (a bad address refused, then saved) and removing it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.settings import Settings
from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.watches import WatchSpec, create_watch
from tests.ui.seed import XSS_TITLE, seed
from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, _drawn, server  # noqa: F401 (fixture)
from watch.run import run_watches

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture
def seeded_url(tmp_path: Path, settings: Settings) -> str:
    """A database of its own (this test adds and removes searches), with one search already run."""
    url = f"sqlite:///{tmp_path / 'watches.sqlite'}"
    seed(url)
    with session_scope(get_engine(url), write=True) as session:
        create_watch(
            session=session, spec=WatchSpec(name="Odense i pressen", filters=ClaimFilter(kommuner=(461,)))
        )
    run_watches(get_engine(url), settings, now=datetime(2025, 4, 1, 6, tzinfo=UTC))
    return url


def test_overvaagning_in_chromium(server: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{server}/overvaagning", wait_until="domcontentloaded")
            page.get_by_role("heading", name="Odense i pressen").wait_for(timeout=60_000)
            _drawn(page)
            page.get_by_text("efter hver crawl · kun Atom-feed · 1 fund, 0 venter").wait_for(timeout=30_000)
            # The hit's title holds markup from the crawled page: shown as text in the table.
            assert XSS_TITLE.startswith("<script>")
            assert page.locator("img[src='x']").count() == 0 and dialogs == []

            page.get_by_text("Ny overvågning").click()
            page.get_by_label("Navn").fill("Vejle i pressen")
            page.get_by_label("E-mail (flere adskilt med komma)").fill("ikke en adresse")
            page.get_by_role("button", name="Gem").click()
            page.get_by_text("invalid e-mail address 'ikke en adresse'").wait_for(timeout=30_000)
            assert page.get_by_role("heading", name="Vejle i pressen").count() == 0

            page.get_by_label("E-mail (flere adskilt med komma)").fill("presse@vejle.example.dk")
            page.get_by_role("button", name="Gem").click()
            page.get_by_text("Overvågningen »Vejle i pressen« er gemt.").wait_for(timeout=30_000)
            page.get_by_role("heading", name="Vejle i pressen").wait_for(timeout=30_000)
            page.get_by_text(
                "efter hver crawl · e-mail til presse@vejle.example.dk · 0 fund, 0 venter"
            ).wait_for()
            page.screenshot(path=str(tmp_path / "overvaagning.png"), full_page=True)

            page.get_by_role("button", name="Slet").last.click()
            page.get_by_role("heading", name="Vejle i pressen").wait_for(state="detached", timeout=30_000)
            assert page.get_by_role("heading", name="Odense i pressen").count() == 1
        finally:
            browser.close()
