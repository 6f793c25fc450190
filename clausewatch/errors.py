"""The errors clausewatch raises, as one tree.

    ClausewatchError
     ├── InputError              bad input from a person: nothing is stored, the CLI exits 2
     │    ├── ProfileError       the school profile file (names the file and the field)
     │    └── PostFileError      a post file handed in (names the file, the line and the field)
     └── SourceError             a source could not give its posts this run; the others go on
          ├── SourceUnavailable  network trouble or a 5xx answer: retried
          ├── RateLimited        a 429 answer: retried after the wait it asks for
          ├── AuthFailed         401/403 or missing credentials: not retried, reported
          └── SourceChanged      the platform answered in a shape we do not understand: not retried

Connectors translate their library's exceptions into this tree at the edge, with ``raise … from exc``.
"""

from __future__ import annotations

__all__ = [
    "AuthFailed",
    "ClausewatchError",
    "InputError",
    "PostFileError",
    "ProfileError",
    "RateLimited",
    "SourceChanged",
    "SourceError",
    "SourceUnavailable",
]


class ClausewatchError(Exception):
    """Base of every error clausewatch raises on purpose."""


class InputError(ClausewatchError):
    """Input that a person must fix; the message says where and what."""


class ProfileError(InputError):
    """A school profile that cannot be read or is not valid."""

    def __init__(self, path: object, field: str | None, problem: str) -> None:
        self.path, self.field, self.problem = str(path), field, problem
        where = f"{self.path}: {field}" if field else self.path
        super().__init__(f"profile {where}: {problem}")


class PostFileError(InputError):
    """A post file (JSONL or CSV) with a line that is not a valid post."""

    def __init__(self, path: object, line: int | None, field: str | None, problem: str) -> None:
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        where = self.path + (f" line {line}" if line else "") + (f": {field}" if field else "")
        super().__init__(f"post file {where}: {problem}")


class SourceError(ClausewatchError):
    """A source failed this run; ``retryable`` says whether trying again may help."""

    retryable = False


class SourceUnavailable(SourceError):
    """The platform could not be reached or answered with a server error."""

    retryable = True


class RateLimited(SourceError):
    """The platform asked us to slow down."""

    retryable = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthFailed(SourceError):
    """Credentials are missing, wrong or lack permission."""


class SourceChanged(SourceError):
    """The platform's answer no longer has the shape the connector expects."""
