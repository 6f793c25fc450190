"""The school profile (SPEC §4): a TOML file validated into typed settings for one school.

Errors name the file, the field and what is wrong, so a headteacher's IT contact can fix them.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from clausewatch.errors import ProfileError
from clausewatch.records import Category, Role
from clausewatch.text import for_matching

__all__ = [
    "EXAMPLE_PROFILE", "KNOWN_SOURCES", "Person", "Profile", "Report", "Retention", "Schedule", "School", "Threshold",
    "load_profile",
]

EXAMPLE_PROFILE = Path(__file__).parent / "examples" / "llandough.toml"
KNOWN_SOURCES = ("file", "reddit", "bluesky", "mastodon", "rss", "youtube")

DEFAULT_CUES = [
    "school", "ysgol", "teacher", "headteacher", "head teacher", "deputy head", "class", "pupil",
    "pupils", "governor", "governors", "PTA", "playground", "assembly", "homework", "parents evening",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class School(_Strict):
    """The school itself: its names, and the other things that share them."""

    name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)
    exclude_terms: list[str] = Field(default_factory=list)
    school_cues: list[str] = Field(default_factory=lambda: list(DEFAULT_CUES))
    local_authority: str | None = None
    timezone: str = "Europe/London"
    # Phrases reviewers found harmless (a name models misread, a local term): blanked before matching and scoring.
    allow_phrases: list[str] = Field(default_factory=list)

    @field_validator("allow_phrases")
    @classmethod
    def _phrases(cls, phrases: list[str]) -> list[str]:
        for phrase in phrases:
            if not 2 <= len(phrase.strip()) <= 100 or "\n" in phrase:
                raise ValueError(f"{phrase[:40]!r} must be one line of 2 to 100 characters")
        return phrases

    @property
    def slug(self) -> str:
        """A stable key for this school in storage and file names."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.casefold()).strip("-")


class Person(_Strict):
    """A member of the school community named in the profile."""

    name: str = Field(min_length=2)
    role: Role
    aliases: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)

    @field_validator("handles")
    @classmethod
    def _platform_prefixed(cls, handles: list[str]) -> list[str]:
        for handle in handles:
            platform, _, name = handle.partition(":")
            if not name or platform not in KNOWN_SOURCES:
                raise ValueError(f"handle {handle!r} must look like 'platform:name', platform one of "
                                 + ", ".join(KNOWN_SOURCES[1:]))
        return handles

    @model_validator(mode="after")
    def _handles_only_for_staff(self) -> Person:
        if self.handles and self.role != "staff":
            raise ValueError("only staff declare handles (they label authorship, nothing more)")
        return self


class Threshold(_Strict):
    """Scores at or above ``review`` reach a person; at or above ``priority`` they go to the top."""

    review: float = Field(default=0.5, ge=0, le=1)
    priority: float = Field(default=0.8, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Threshold:
        if self.priority < self.review:
            raise ValueError("priority must be at least review")
        return self


class FileSource(_Strict):
    """Post files handed in, relative to the profile file."""

    paths: list[Path] = Field(default_factory=list)


# Validating {"file": table} (not the table alone) keeps "file" in the error's location: sources.file.paths.
_FILE_TABLE = TypeAdapter(dict[str, FileSource])


class Scoring(_Strict):
    """Which scorers run, by registered name."""

    # A profile that says nothing gets the whole offline ensemble: profanity alone misses threats,
    # defamation and confidential leaks, which a school copying a minimal profile would never notice.
    scorers: list[str] = Field(default_factory=lambda: ["minilm", "profanity", "confidential"], min_length=1)
    # Which detoxify checkpoint the "detoxify" scorer loads (its files: `clausewatch models install`).
    detoxify_model: Literal["original", "unbiased", "multilingual"] = "original"
    # The languages posts about the school are written in (ISO 639-1). With more than one, each post's
    # language is told apart, and a model's scores on a language it was not trained to read cannot make a
    # finding urgent (a possible threat is high, with no alert; the rest at most medium; classifiers/language.py).
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, codes: list[str]) -> list[str]:
        from classifiers.language import KNOWN

        if unknown := [c for c in codes if c.lower() not in KNOWN]:
            raise ValueError(f"unknown language code {unknown[0]!r}: use ISO 639-1 codes such as en, cy, gd, ga")
        return [c.lower() for c in codes]


# Six years: the longest an employment claim can look back; nothing here is kept longer.
_MAX_RETENTION_DAYS = 6 * 365


class Retention(_Strict):
    """Days content is kept per finding status, from the last decision (unreviewed: from fetching)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    unreviewed: int = Field(default=30, ge=1, le=_MAX_RETENTION_DAYS)
    false_positive: int = Field(default=7, ge=1, le=_MAX_RETENTION_DAYS, alias="false-positive")
    no_action: int = Field(default=90, ge=1, le=_MAX_RETENTION_DAYS, alias="no-action")
    confirmed: int = Field(default=365, ge=1, le=_MAX_RETENTION_DAYS)
    escalated: int = Field(default=365, ge=1, le=_MAX_RETENTION_DAYS)

    def days(self, status: str) -> int:
        """Days for a finding status; ``needs-review`` and posts with no finding count as unreviewed."""
        return {"false-positive": self.false_positive, "no-action": self.no_action,
                "confirmed": self.confirmed, "escalated": self.escalated}.get(status, self.unreviewed)

    @property
    def shortest(self) -> int:
        """The shortest period: what copies holding every status at once (report files, Prefect runs) get."""
        return min(self.unreviewed, self.false_positive, self.no_action, self.confirmed, self.escalated)


class Report(_Strict):
    """Who gets the morning digest and threat alerts, and where the review pages are (SMTP: settings)."""

    recipients: list[str] = Field(default_factory=list)
    alert_recipients: list[str] = Field(default_factory=list)  # threat alerts (the DSL); default recipients
    run_contact: list[str] = Field(default_factory=list)  # a failed or late run (IT contact); default recipients
    review_url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://")
    report_url: str | None = Field(default=None, pattern=r"^https?://")  # where reports are published, if anywhere
    safeguarding: str = Field(
        default="Tell the Designated Safeguarding Lead today; if anyone may be in immediate danger, call 999.",
        min_length=1,
    )

    @field_validator("recipients", "alert_recipients", "run_contact")
    @classmethod
    def _addresses(cls, addresses: list[str]) -> list[str]:
        for address in addresses:
            if not re.fullmatch(r"[^@\s<>,]+@[^@\s<>,]+", address):
                raise ValueError(f"{address!r} is not an email address")
        return addresses


class Schedule(_Strict):
    """When the night's run must have finished, on the school's clock (``clausewatch check-deadline``)."""

    finish_by: str = Field(default="06:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

    @property
    def deadline(self) -> time:
        """``finish_by`` as a time of day."""
        return time.fromisoformat(self.finish_by)


class Profile(_Strict):
    """One school's validated profile."""

    school: School
    people: list[Person] = Field(default_factory=list)
    sources: dict[str, dict[str, Any]] = Field(default_factory=dict)
    thresholds: dict[Category, Threshold] = Field(default_factory=dict)
    scoring: Scoring = Field(default_factory=Scoring)
    retention: Retention = Field(default_factory=Retention)
    report: Report = Field(default_factory=Report)
    schedule: Schedule = Field(default_factory=Schedule)
    path: Path | None = None
    sha256: str = ""

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for name in sources:
            if name not in KNOWN_SOURCES:
                raise ValueError(f"unknown source {name!r}; known: {', '.join(KNOWN_SOURCES)}")
        if "file" in sources:
            _FILE_TABLE.validate_python({"file": sources["file"]})
        return sources

    @model_validator(mode="after")
    def _allow_list_hides_no_name(self) -> Profile:
        # An allow-listed phrase is blanked out: one that covers a school or person name would blind the watch.
        names = [self.school.name, *self.school.aliases]
        names += [n for p in self.people for n in (p.name, *p.aliases)]
        padded = [f" {for_matching(n)} " for n in names if for_matching(n)]
        for phrase in self.school.allow_phrases:
            form = f" {for_matching(phrase)} "
            if form.strip() and any(form in name or name in form for name in padded):
                raise ValueError(f"school.allow_phrases: {phrase!r} overlaps a school or person name "
                                 "and would hide posts about them")
        return self

    def threshold(self, category: str) -> Threshold:
        """The thresholds for a category, defaults where the profile is silent."""
        return self.thresholds.get(category, Threshold())  # type: ignore[call-overload]

    def file_paths(self) -> list[Path]:
        """The profile's post files, resolved against the profile's folder."""
        if "file" not in self.sources:
            return []
        base = self.path.parent if self.path else Path.cwd()
        return [base / p for p in FileSource.model_validate(self.sources["file"]).paths]

    def staff_handles(self) -> set[str]:
        """Declared staff accounts as lower-case 'platform:handle'."""
        return {h.casefold() for p in self.people if p.role == "staff" for h in p.handles}


def _field_name(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """Turn pydantic's location into the TOML path a person sees: people[2].role."""
    parts: list[str] = []
    for item in loc:
        if item == "[key]":  # pydantic's marker for "the dict key itself": the path already names it
            continue
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        else:
            parts.append(str(item))
    return ".".join(parts)


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and validate a profile; with no path, the bundled example school."""
    path = Path(path) if path else EXAMPLE_PROFILE
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ProfileError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(path, None, f"not valid UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, None, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise ProfileError(path, None, f"cannot be read: {exc.strerror}") from None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "is required but missing"
        elif error["type"] == "extra_forbidden":
            message = "is not a known field"
        raise ProfileError(path, _field_name(error["loc"], data), message) from None
    return profile.model_copy(update={"path": path.resolve(), "sha256": hashlib.sha256(raw).hexdigest()})

