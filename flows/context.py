"""What every task of one run shares: the profile, the scorers, the database, the run id."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import make_url
from sqlalchemy.orm import Session, sessionmaker

from classifiers import Scorer, load_available
from classifiers.registry import configure_available
from clausewatch.matching import Matcher
from clausewatch.profile import Profile, load_profile
from clausewatch.records import utc_now
from clausewatch.settings import Settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from connectors import SourceSpec, plan
from reports import REPORT_NAME

__all__ = ["RunContext", "database", "prepare"]


_OPENING = threading.Lock()


def database(url: str) -> sessionmaker[Session]:
    """One migrated session factory per database URL per process (schools run in parallel threads)."""
    with _OPENING:
        return _open(url)


@cache
def _open(url: str) -> sessionmaker[Session]:
    return open_database(url)


@dataclass
class RunContext:
    """The run's shared, read-only state (post text never goes in here)."""

    settings: Settings
    profile: Profile
    specs: list[SourceSpec]
    scorers: list[Scorer]
    matcher: Matcher
    run_id: int
    since: datetime | None
    started_at: datetime = field(default_factory=utc_now)
    skipped_scorers: list[str] = field(default_factory=list)  # "detoxify skipped (no model files ...)"
    loaded: bool = True  # False: ``scorers`` are configured but their models wait for ``load_scorers``

    @property
    def school(self) -> str:
        """The school's storage key."""
        return self.profile.school.slug

    @property
    def db(self) -> sessionmaker[Session]:
        """The run's session factory."""
        return database(self.settings.resolved_database_url)

    @property
    def model_label(self) -> str:
        """Names and versions of the scorers, as findings record them."""
        return ", ".join(s.label for s in self.scorers)

    @property
    def scorer_lines(self) -> list[str]:
        """What scored this run and what was skipped and why, for the summary and the report."""
        return [s.label for s in self.scorers] + self.skipped_scorers

    def load_scorers(self) -> None:
        """Load the models, once per run, and only once a source has stored posts to score."""
        if self.loaded:
            return
        scorers, skipped = load_available(self.profile.scoring.scorers, self.profile)
        self.scorers[:] = scorers
        self.skipped_scorers[:] = skipped
        self.loaded = True

    def cursor_key(self, spec: SourceSpec) -> str:
        """Where a source's cursor is stored. A file's cursor says which bytes were matched already, and under
        another profile (new names, new people) the same bytes must be matched again: so the key names both."""
        if spec.kind != "file":
            return spec.name
        digest = hashlib.sha256(f"{spec.path}\n{self.profile.sha256}".encode()).hexdigest()[:16]
        return f"{spec.name}#{digest}"

    def lookback_start(self) -> datetime:
        """Where a platform source with no cursor starts."""
        return self.since or self.started_at - timedelta(days=self.settings.lookback_days)


def prepare(settings: Settings, profile_path: str | None, sources: list[str] | None,
            since: datetime | None) -> RunContext:
    """Load and check everything a run needs, then open its run record."""
    profile = load_profile(profile_path)
    specs = plan(profile, sources)
    scorers, skipped = configure_available(profile.scoring.scorers, profile)
    db = database(settings.resolved_database_url)
    resolved = {
        "database": make_url(settings.resolved_database_url).render_as_string(hide_password=True),
        "lookback_days": settings.lookback_days,
        "sources": [spec.name for spec in specs],
        "since": since.isoformat() if since else None,
    }
    with session_scope(db) as session:
        run_id = repository.start_run(
            session, school=profile.school.slug, profile_sha256=profile.sha256, settings=resolved,
            scorers=", ".join(s.label for s in scorers), report=REPORT_NAME,
        )
    return RunContext(settings, profile, specs, scorers, Matcher(profile), run_id, since,
                      skipped_scorers=skipped, loaded=False)

