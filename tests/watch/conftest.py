"""Fixtures for the alert tests: the seeded archive and real SMTP and webhook receivers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings, get_settings
from tests.watch.servers import Hook, Inbox, start_smtp, start_webhook


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    box = Inbox()
    controller = start_smtp(smtp_port, box)
    yield box
    controller.stop()


@pytest.fixture
def hook() -> Iterator[Hook]:
    received = Hook()
    server = start_webhook(received)
    received.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(smtp_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at the test's SMTP port and feed folder; webhook retries without waiting."""
    monkeypatch.setenv("KOMMUNEVAGT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KOMMUNEVAGT_SMTP_PORT", str(smtp_port))
    monkeypatch.setenv("KOMMUNEVAGT_SMTP_SECURITY", "none")
    monkeypatch.setenv("KOMMUNEVAGT_SMTP_FROM", "kommunevagt@example.dk")
    monkeypatch.setenv("KOMMUNEVAGT_SMTP_TIMEOUT", "5")
    monkeypatch.setenv("KOMMUNEVAGT_UI_URL", "https://vagt.example.dk/")
    monkeypatch.setenv("KOMMUNEVAGT_FEEDS_DIR", str(tmp_path / "feeds"))
    monkeypatch.setenv("KOMMUNEVAGT_WEBHOOK_BACKOFF", "0")
    monkeypatch.setenv("KOMMUNEVAGT_WEBHOOK_ATTEMPTS", "3")
    get_settings.cache_clear()
    return get_settings()
