"""Which sources a run collects from, and the one entry point that fetches any of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from clausewatch.errors import InputError
from clausewatch.profile import KNOWN_SOURCES, Profile
from clausewatch.records import Batch
from connectors import file

__all__ = ["SourceSpec", "fetch", "not_built_reason", "plan"]

# Platform connectors arrive one module at a time; until then a configured platform is skipped, with
# this reason in the run summary rather than a silent nothing.
_NOT_BUILT = "no connector for this platform in this version"


@dataclass(frozen=True)
class SourceSpec:
    """One source for one run: its kind (file, reddit, …) and, for a file, its path."""

    kind: str
    path: Path | None = None

    @property
    def name(self) -> str:
        """The name shown in summaries and used for the cursor: 'reddit' or 'file:posts.jsonl'."""
        return f"file:{self.path.name}" if self.path else self.kind


def _parse(requested: str, profile: Profile) -> list[SourceSpec]:
    kind, _, rest = requested.partition(":")
    if kind == "file":
        if rest:
            return [SourceSpec("file", Path(rest).expanduser().resolve())]
        return [SourceSpec("file", path) for path in profile.file_paths()]
    if kind not in KNOWN_SOURCES or rest:
        raise InputError(f"unknown source {requested!r}: use one of {', '.join(KNOWN_SOURCES[1:])} "
                         "or file:PATH")
    return [SourceSpec(kind)]


def plan(profile: Profile, requested: list[str] | None = None) -> list[SourceSpec]:
    """The sources to collect from: those named on the command line, else every one in the profile."""
    names = requested or list(profile.sources)
    specs = [spec for name in names for spec in _parse(name, profile)]
    return list(dict.fromkeys(specs))


def fetch(spec: SourceSpec, cursor: str | None, since: datetime | None) -> Batch:
    """Collect one source's posts since its cursor (or ``since`` on a first run)."""
    if spec.kind == "file" and spec.path is not None:
        return file.fetch(spec.path, cursor, since)
    raise NotImplementedError(_NOT_BUILT)


def not_built_reason(spec: SourceSpec) -> str | None:
    """Why a source cannot run in this version, or None when it can."""
    return None if spec.kind == "file" else _NOT_BUILT
