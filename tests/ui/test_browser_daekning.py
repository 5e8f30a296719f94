"""The Dækning map in headless Chromium: drawn, named on hover, and a click filters the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, _settle, server  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]

TOOLTIP = "#vg-tooltip-element"


def test_clicking_a_kommune_on_the_map_filters_the_page(server: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{server}/daekning?fra=2025-01-01", wait_until="domcontentloaded")
            page.get_by_text("Klik på en kommune").first.wait_for(timeout=60_000)
            _settle(page)
            chart = page.locator("[data-testid='stVegaLiteChart']").first
            box = chart.bounding_box()
            assert box is not None
            page.screenshot(path=str(tmp_path / "daekning.png"), full_page=True)
            # Find Aarhus by hovering over the map until the tooltip names it, then click there.
            spot = None
            tooltip = page.locator(TOOLTIP)
            for y_step, x_step in ((y, x) for y in range(2, 40) for x in range(2, 40)):
                x, y = box["x"] + box["width"] * x_step / 42, box["y"] + box["height"] * y_step / 42
                page.mouse.move(x, y)
                if tooltip.count() and "Kommune Aarhus" in " ".join(tooltip.inner_text().split()):
                    spot = (x, y)
                    break
            assert spot is not None, "no kommune named Aarhus on the map"
            assert "Omtaler 4" in " ".join(tooltip.inner_text().split())
            page.mouse.click(*spot)
            page.wait_for_url("**kommune=751**", timeout=60_000)
            # The sidebar's kommune filter now holds Aarhus, and the page was drawn with it.
            sidebar = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
            sidebar.get_by_text("Aarhus", exact=True).wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(tmp_path / "daekning-aarhus.png"), full_page=True)
        finally:
            browser.close()
