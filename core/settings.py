"""All configuration read from the environment, in one place.

The settings several packages share live here, so that the CLI, the crawler, the NLP and the
UI agree on the same database and paths; values come from environment variables (or a `.env`
file). The crawler's own tunables (concurrency, delays, timeouts, `KOMMUNEVAGT_WORKERS`, ...)
are read in `crawler/settings/` and `crawler/workers.py` (most listed in crawler/README.md), and
the benchmarks read theirs where they run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Environment-driven settings (prefix-less names where they are conventions, like DATABASE_URL)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; postgresql+psycopg://... for teams. Unset: the embedded SQLite file.",
    )
    data_dir: Path = Field(
        default=Path("var"),
        validation_alias="KOMMUNEVAGT_DATA_DIR",
        description="Where the SQLite file, crawl job state and HTTP cache live.",
    )
    sqlite_path: Path | None = Field(
        default=None,
        validation_alias="KOMMUNEVAGT_SQLITE_PATH",
        description="Path of the embedded SQLite database; default <data_dir>/kommunevagt.sqlite.",
    )
    contact_url: str = Field(
        default="https://github.com/kommunevagt/kommunevagt",
        validation_alias="KOMMUNEVAGT_CONTACT_URL",
        description="Named in the crawler's User-Agent so site owners can reach the operator.",
    )
    statbank_url: str = Field(
        default="https://api.statbank.dk/v1",
        validation_alias="KOMMUNEVAGT_STATBANK_URL",
        description="Base URL of Statistikbanken's API (tableinfo, data); tests point it at 127.0.0.1.",
    )

    # --- alerts (watch/) ---
    smtp_host: str = Field(default="localhost", validation_alias="KOMMUNEVAGT_SMTP_HOST")
    smtp_port: int = Field(default=25, validation_alias="KOMMUNEVAGT_SMTP_PORT")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="starttls",
        validation_alias="KOMMUNEVAGT_SMTP_SECURITY",
        description="none, starttls (upgrade a plain connection) or tls (implicit TLS, port 465).",
    )
    smtp_user: str | None = Field(default=None, validation_alias="KOMMUNEVAGT_SMTP_USER")
    smtp_password: str | None = Field(default=None, validation_alias="KOMMUNEVAGT_SMTP_PASSWORD")
    smtp_from: str = Field(default="kommunevagt@localhost", validation_alias="KOMMUNEVAGT_SMTP_FROM")
    smtp_timeout: float = Field(default=30.0, validation_alias="KOMMUNEVAGT_SMTP_TIMEOUT")
    ui_url: str = Field(
        default="http://localhost:8501",
        validation_alias="KOMMUNEVAGT_UI_URL",
        description="Where the UI is served; e-mails, webhooks and feeds link to items under it.",
    )
    feeds_dir: Path | None = Field(
        default=None,
        validation_alias="KOMMUNEVAGT_FEEDS_DIR",
        description="Where `watch run` writes one Atom file per watch; default <data_dir>/feeds.",
    )
    webhook_attempts: int = Field(default=4, validation_alias="KOMMUNEVAGT_WEBHOOK_ATTEMPTS")
    webhook_backoff: float = Field(
        default=1.0,
        validation_alias="KOMMUNEVAGT_WEBHOOK_BACKOFF",
        description="Seconds before the first webhook retry; doubled for each further one.",
    )

    spike_factor: float = Field(
        default=2.0,
        validation_alias="KOMMUNEVAGT_SPIKE_FACTOR",
        description="A day is a spike for a kommune at this many times its mean of the previous 14 days.",
    )
    spike_minimum: int = Field(
        default=10,
        validation_alias="KOMMUNEVAGT_SPIKE_MINIMUM",
        description="... and at least this many documents that day.",
    )

    def resolved_feeds_dir(self) -> Path:
        return self.feeds_dir or (self.data_dir / "feeds")

    def resolved_database_url(self) -> str:
        """The URL to connect to: DATABASE_URL if set, otherwise the SQLite file."""
        if self.database_url:
            return self.database_url
        path = self.sqlite_path or (self.data_dir / "kommunevagt.sqlite")
        return f"sqlite:///{path}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests clear the cache after changing the environment."""
    return Settings()
