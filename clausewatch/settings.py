"""Every machine-level tunable, in one typed tree (school-level settings live in the school profile).

Precedence, written down once: a command-line argument beats a ``CLAUSEWATCH_*`` environment variable,
which beats the default below. This is the only module that reads the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "prefect_defaults", "quiet_prefect_defaults"]


class Settings(BaseSettings):
    """Machine settings; one instance per command or flow run."""

    model_config = SettingsConfigDict(env_prefix="CLAUSEWATCH_", extra="ignore")

    home: Path = Field(
        default=Path("~/.clausewatch"),
        description="Data folder: the SQLite database, reports and keys live here.",
    )
    model_cache: Path | None = Field(
        default=None,
        description="Where optimised models built from local weights are kept; default home/models/optimised. "
        "Schools sharing a machine may share one.",
    )
    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL (PostgreSQL for many schools); default SQLite under home.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description="Key for the keyed hash that pseudonymises authors; default a key file under home.",
    )
    max_parallel_schools: int = Field(
        default=4, ge=1, le=64, description="How many schools' nightly runs go at once on one machine."
    )
    schedule_cron: str = Field(
        default="0 2 * * *", description="When the nightly deployment runs (cron, in the school's timezone)."
    )
    lookback_days: int = Field(
        default=7, ge=1, le=365, description="How far back a source's first run looks."
    )
    task_runner: Literal["threads", "dask"] = Field(
        default="threads",
        description="How scoring batches fan out: threads in this process, or a Dask cluster (the dask extra).",
    )
    task_runner_workers: int = Field(
        default=1, ge=1, le=1024,
        description="Scoring batches in flight at once (threads; with dask, also a local cluster's worker processes).",
    )
    dask_address: str | None = Field(
        default=None,
        description="A running Dask scheduler (tcp://host:8786) for the dask runner; unset: a cluster on this machine.",
    )
    score_batch_size: int = Field(
        default=64, ge=1, le=10_000, description="Texts per scoring task; each batch is stored as it finishes."
    )
    # Platform credentials keep each platform's own environment names (no CLAUSEWATCH_ prefix); only
    # clausewatch/clients.py reads them, and SecretStr keeps them out of reprs and logs.
    praw_client_id: SecretStr | None = Field(
        default=None, validation_alias="praw_client_id", description="Reddit script app's client id (praw's name)."
    )
    praw_client_secret: SecretStr | None = Field(
        default=None, validation_alias="praw_client_secret", description="Reddit script app's secret."
    )
    praw_user_agent: str | None = Field(
        default=None, validation_alias="praw_user_agent", description="User agent Reddit asks every client to send."
    )
    bluesky_handle: str | None = Field(
        default=None, validation_alias="BLUESKY_HANDLE", description="Bluesky account that runs the searches."
    )
    bluesky_app_password: SecretStr | None = Field(
        default=None, validation_alias="BLUESKY_APP_PASSWORD", description="App password for that account."
    )
    mastodon_api_base_url: str | None = Field(
        default=None, validation_alias="MASTODON_API_BASE_URL", description="Mastodon server to read from."
    )
    mastodon_access_token: SecretStr | None = Field(
        default=None, validation_alias="MASTODON_ACCESS_TOKEN",
        description="Optional read token; full-text status search needs one.",
    )
    youtube_api_key: SecretStr | None = Field(
        default=None, validation_alias="YOUTUBE_API_KEY", description="YouTube Data API v3 key."
    )
    source_timeout: float = Field(
        default=30.0, gt=0, le=300, description="Seconds to wait for one platform request."
    )
    smtp_host: str | None = Field(
        default=None, description="Mail server for the digest and alerts; unset means no email is sent (recorded)."
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Mail server port (587 for STARTTLS).")
    smtp_user: str | None = Field(default=None, description="Login name at the mail server; unset: no login.")
    smtp_password: SecretStr | None = Field(default=None, description="Password for smtp_user.")
    smtp_from: str = Field(default="clausewatch@localhost", description="The From address of every email.")
    smtp_starttls: bool = Field(
        default=True, description="Upgrade the connection with STARTTLS before login (refuse if not offered)."
    )
    smtp_ca_file: Path | None = Field(
        default=None, description="CA bundle that signs the mail server's certificate; default the system's."
    )
    smtp_timeout: float = Field(default=30.0, gt=0, le=600, description="Seconds to wait for the mail server.")
    smtp_attempts: int = Field(default=3, ge=1, le=10, description="Tries per email before it is recorded failed.")
    smtp_retry_seconds: float = Field(
        default=2.0, ge=0, le=300, description="First wait between tries; doubles after each."
    )

    @property
    def home_dir(self) -> Path:
        """The data folder, expanded and created."""
        path = self.home.expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def model_cache_dir(self) -> Path:
        """The optimised-model cache: the configured folder or ``models/optimised`` under the data folder."""
        return (self.model_cache or self.home_dir / "models" / "optimised").expanduser()

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


def prefect_defaults(values: dict[str, str]) -> None:
    """Set Prefect settings in this process's environment, unless the operator set them already."""
    for name, value in values.items():
        os.environ.setdefault(name, value)


def quiet_prefect_defaults() -> None:
    """Keep Prefect offline and quiet unless the operator has said otherwise."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
