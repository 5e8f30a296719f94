"""Fixtures for the UI tests: one seeded SQLite database per test session, and AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.seed import seed
from tests.ui.seed_figures import seed_figures

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ui') / 'seeded.sqlite'}"
    seed(url)
    return url


@pytest.fixture(scope="session")
def figures_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeded archive with figure records, official figures and stored verdicts (Tal)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ui') / 'figures.sqlite'}"
    seed_figures(url)
    return url


@pytest.fixture
def app(seeded_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The whole app (navigation included) over the seeded database, not yet run."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    yield AppTest.from_file(APP, default_timeout=30)
