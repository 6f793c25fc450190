"""Unicode normalisation, so that case, accents, invisible characters and look-alike letters from
other scripts cannot hide a word from matching or scoring."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from confusable_homoglyphs import confusables

__all__ = ["for_matching", "for_scoring", "text_hash"]

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc\u0060\u00b4")
_NOT_WORD = re.compile(r"[^a-z0-9#@]+")
_SPACES = re.compile(r"\s+")


@cache
def _skeleton_table() -> dict[int, str]:
    """Map every non-ASCII letter that Unicode lists as confusable with an ASCII letter or digit to it."""
    table: dict[int, str] = {}
    for char, lookalikes in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for lookalike in lookalikes:
            target = lookalike["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[ord(char)] = target
                break
    return table


def _visible(text: str) -> str:
    """NFKC, drop format characters (zero-width spaces, joiners, soft hyphens, bidi marks)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def for_scoring(text: str) -> str:
    """Text as the models should read it: visible characters only, look-alikes folded, spaces collapsed."""
    text = _visible(text).translate(_skeleton_table())
    return _SPACES.sub(" ", text).strip()


def for_matching(text: str) -> str:
    """Text reduced to lower-case ASCII words (plus # and @), single-spaced, for term matching."""
    text = _strip_accents(for_scoring(text)).casefold().translate(_APOSTROPHES)
    return _NOT_WORD.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """SHA-256 of the matching form: the same words posted again elsewhere hash the same."""
    return hashlib.sha256(for_matching(text).encode("utf-8")).hexdigest()
