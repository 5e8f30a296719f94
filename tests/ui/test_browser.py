"""The real thing: the app served by Streamlit, opened in headless Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Page

from ui.launch import streamlit_command, streamlit_env

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
CLAIM = "Ledigheden i Aarhus Kommune er faldet til"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(seeded_url: str, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    process = subprocess.Popen(
        streamlit_command(port, open_browser=False), env=streamlit_env(seeded_url), stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Streamlit did not start: {(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _drawn(page: Page) -> None:
    """Wait until no loading skeletons are left."""
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
                           timeout=60_000)  # fmt: skip


def _settle(page: Page) -> None:
    """Wait until the run is drawn: no loading skeletons left and the chart rendered."""
    _drawn(page)
    page.locator(
        "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    ).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the route
        except OSError:
            return None
        address = str(sock.getsockname()[0])
    return None if address.startswith("127.") else address


def test_timeline_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    # The server answers on 127.0.0.1 only, not on the machine's network address.
    outward = _outward_address()
    if outward is not None:
        with pytest.raises(OSError), socket.create_connection((outward, int(server.rsplit(":", 1)[1])), 2):
            pass

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            dialogs: list[str] = []

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_text(CLAIM).first.wait_for(timeout=60_000)
            page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(tmp_path / "tidslinje.png"), full_page=True)
            # The markup in the crawled text is text on the page, not elements.
            assert page.locator("img[src='x']").count() == 0
            assert page.locator("[data-testid='stMarkdownContainer'] script").count() == 0
            assert "<script>alert(1)</script>" in page.inner_text("body")
            assert dialogs == []
            # The minimal toolbar has no "Deploy" button.
            assert page.locator("[data-testid='stAppDeployButton']").count() == 0
            assert page.get_by_role("button", name="Deploy").count() == 0

            _tal_in_chromium(page, server, tmp_path)
        finally:
            browser.close()
    assert (tmp_path / "tidslinje.png").stat().st_size > 10_000


def _tal_in_chromium(page: Page, server: str, tmp_path: Path) -> None:
    """Tal for Aarhus: the conflict names both sources and links both documents, the measure's
    panel draws its chart; the overview lists the same conflict."""
    page.goto(f"{server}/tal?kommune=751", wait_until="domcontentloaded")
    page.get_by_text("Uenige kilder").first.wait_for(timeout=60_000)
    _settle(page)
    page.screenshot(path=str(tmp_path / "tal.png"), full_page=True)
    conflict = page.locator("[data-testid='stVerticalBlock']", has_text="Uenige kilder").last
    assert (
        "Østjysk Lokalavis" in conflict.inner_text() and "Aarhus Byråd – referater" in conflict.inner_text()
    )
    for url in ("https://lokalavis.example/ledighed-falder", "https://byraad.example/referat-marts"):
        assert conflict.locator(f"a[href='{url}']").count() == 1
    assert page.get_by_role("heading", name="Ledighedsprocent").count() == 1
    page.goto(f"{server}/tal", wait_until="domcontentloaded")
    page.get_by_text("Seneste uenigheder").first.wait_for(timeout=60_000)
    _drawn(page)
    assert page.get_by_text("Uenige kilder").count() == 1


PAGE_TITLES = {"tidslinje": "Tidslinje", "politikere": "Politikere", "tal": "Tal", "daekning": "Dækning"}


def test_every_page_answers_at_its_own_path(server: str) -> None:
    """Links and bookmarks: /tidslinje, /politikere, ... open their page, and the root URL moves
    on to /tidslinje with the link's query string."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for path, title in PAGE_TITLES.items():
                page.goto(f"{server}/{path}", wait_until="domcontentloaded")
                page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
                _drawn(page)
                assert page.get_by_text("Page not found").count() == 0, path
                assert page.url.split("?")[0] == f"{server}/{path}"

            page.goto(f"{server}/?kommune=630", wait_until="domcontentloaded")
            page.wait_for_url(f"{server}/tidslinje?kommune=630", timeout=60_000)
            page.get_by_text("Vejle Kommune ligger nummer 12").first.wait_for(timeout=60_000)
            assert page.get_by_text(CLAIM).count() == 0  # the filter from the link holds
            assert page.get_by_text("Page not found").count() == 0
        finally:
            browser.close()
