"""`kommunevagt ui` starts Streamlit on this machine only, with the database in DATABASE_URL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kommunevagt.cli import app
from ui.launch import APP, can_open_browser, exit_code, streamlit_command, streamlit_env


def test_command_binds_to_localhost() -> None:
    command = streamlit_command(8765, open_browser=False)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(APP)
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8765"
    assert options["--server.headless"] == "true"
    assert options["--client.toolbarMode"] == "minimal"  # no "Deploy" button
    assert options["--client.showErrorDetails"] == "none"  # no tracebacks in the browser
    assert streamlit_command(8765, open_browser=True)[command.index("--server.headless") + 1] == "false"


def test_database_url_goes_through_the_environment() -> None:
    assert streamlit_env("sqlite:////tmp/x.sqlite")["DATABASE_URL"] == "sqlite:////tmp/x.sqlite"


def test_ui_command_is_registered() -> None:
    result = CliRunner().invoke(app, ["ui", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output


@pytest.mark.parametrize("open_browser", [True, False])
def test_never_asks_and_never_reports(open_browser: bool) -> None:
    """No first-run e-mail prompt (it blocks, and exits 255 without a terminal), no telemetry."""
    command = streamlit_command(8765, open_browser=open_browser)
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.showEmailPrompt"] == "false"
    assert options["--browser.gatherUsageStats"] == "false"


def test_no_browser_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not can_open_browser()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert can_open_browser()


def test_exit_code_of_a_signalled_server() -> None:
    assert exit_code(-15) == 143
    assert exit_code(0) == 0
    assert exit_code(255) == 255
