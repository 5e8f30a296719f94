"""All configuration read from the environment, in one place.

Every tunable lives here so that the CLI, the crawler, the NLP and the UI agree on the same
database and paths; values come from environment variables (or a `.env` file).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
