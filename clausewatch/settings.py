"""Every machine-level tunable, in one typed tree (school-level settings live in the school profile).

Precedence, written down once: a command-line argument beats a ``CLAUSEWATCH_*`` environment variable,
which beats the default below. This is the only module that reads the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "quiet_prefect_defaults"]


class Settings(BaseSettings):
    """Machine settings; one instance per command or flow run."""

    model_config = SettingsConfigDict(env_prefix="CLAUSEWATCH_", extra="ignore")

    home: Path = Field(
        default=Path("~/.clausewatch"),
        description="Data folder: the SQLite database, reports and keys live here.",
    )
    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL (PostgreSQL for many schools); default SQLite under home.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description="Key for the keyed hash that pseudonymises authors; default a key file under home.",
    )
    lookback_days: int = Field(
        default=7, ge=1, le=365, description="How far back a source's first run looks."
    )

    @property
    def home_dir(self) -> Path:
        """The data folder, expanded and created."""
        path = self.home.expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def resolved_database_url(self) -> str:
        """The database to use: the configured URL or SQLite under the data folder."""
        return self.database_url or f"sqlite:///{self.home_dir / 'clausewatch.db'}"

    @property
    def reports_dir(self) -> Path:
        """Where the nightly reports are written."""
        path = self.home_dir / "reports"
        path.mkdir(parents=True, exist_ok=True)
        return path


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with command-line overrides that are not None."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})


def quiet_prefect_defaults() -> None:
    """Keep Prefect offline and quiet unless the operator has said otherwise."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
