"""The console command assembles every package's sub-commands."""

from typer.testing import CliRunner

from kommunevagt.cli import app


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "bench" in result.output
