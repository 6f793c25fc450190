"""Keyed pseudonyms for authors who are not declared staff (SPEC §7).

The key comes from ``CLAUSEWATCH_PSEUDONYM_KEY``; without it, a random key is made once and kept in
the data folder, readable only by its owner. The same author always gets the same pseudonym for the
same school, and nobody without the key can reverse or recompute it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from clausewatch.settings import Settings

__all__ = ["PerSchool", "Pseudonymiser"]


class Pseudonymiser:
    """Turns ``platform:handle`` into a stable, per-school pseudonym such as ``author-3f9a2c1b7d``."""

    def __init__(self, settings: Settings, school: str) -> None:
        key = settings.pseudonym_key.get_secret_value().encode() if settings.pseudonym_key else None
        master = key or _key_file(settings.home_dir / "pseudonym.key")
        self._key = hmac.new(master, school.encode("utf-8"), hashlib.sha256).digest()

    def __call__(self, platform: str, author: str) -> str:
        """The pseudonym for one author on one platform."""
        if not author:
            return ""
        digest = hmac.new(self._key, f"{platform}:{author}".casefold().encode("utf-8"), hashlib.sha256)
        return f"author-{digest.hexdigest()[:10]}"


class PerSchool(dict[str, Pseudonymiser]):
    """One pseudonymiser per school, made when first asked for (listings span several schools)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    def __missing__(self, school: str) -> Pseudonymiser:
        self[school] = Pseudonymiser(self._settings, school)
        return self[school]


def _key_file(path: Path) -> bytes:
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
