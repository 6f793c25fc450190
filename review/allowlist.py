"""Adding a phrase to a school profile's ``[school] allow_phrases``, safely.

The file is edited with tomlkit, so its comments and layout stay as the school wrote them; the result is
validated as a whole profile before it replaces the original in one atomic rename, so a bad phrase or a
crash never leaves a broken profile behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

import tomlkit
from tomlkit.items import Array, Table

from clausewatch.errors import ProfileError
from clausewatch.profile import load_profile
from clausewatch.text import for_matching

__all__ = ["add_allow_phrase"]

_WRITING = threading.Lock()


def _phrases(school: Table) -> Array:
    if "allow_phrases" not in school:
        school["allow_phrases"] = tomlkit.array()
    phrases = school["allow_phrases"]
    if not isinstance(phrases, Array):
        raise ProfileError("", "school.allow_phrases", "must be a list of strings")
    return phrases


def add_allow_phrase(path: Path, phrase: str) -> bool:
    """Append ``phrase`` to the profile's allow-list; False when it is already there.

    Raises ProfileError when the result would not be a valid profile (say, the phrase hides a name).
    """
    phrase = " ".join(phrase.split())
    with _WRITING:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
        school = document.get("school")
        if not isinstance(school, Table):
            raise ProfileError(path, "school", "is required but missing")
        phrases = _phrases(school)
        if any(for_matching(str(p)) == for_matching(phrase) for p in phrases):
            return False
        phrases.append(phrase)
        _replace(path, tomlkit.dumps(document))
    return True


def _replace(path: Path, text: str) -> None:
    # The draft sits beside the original so that relative source paths resolve the same when validated.
    handle, draft = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        shutil.copymode(path, draft)
        load_profile(draft)
        os.replace(draft, path)
    except ProfileError as exc:
        Path(draft).unlink(missing_ok=True)
        raise ProfileError(path, exc.field, exc.problem) from None
    except BaseException:
        Path(draft).unlink(missing_ok=True)
        raise
