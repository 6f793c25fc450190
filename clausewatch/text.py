"""Unicode normalisation, so that case, accents, invisible characters and look-alike letters from
other scripts cannot hide a word from matching or scoring; and HTML to the plain text a person would read."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser

from confusable_homoglyphs import confusables

__all__ = ["for_matching", "for_scoring", "html_to_text", "readable", "text_hash"]

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


class _PlainText(HTMLParser):
    """HTML to plain text: paragraphs and line breaks kept, links kept beside their words, scripts dropped."""

    _BREAKS = {"br": "\n", "p": "\n\n", "div": "\n", "li": "\n", "blockquote": "\n\n"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: str | None = None
        self._link_start = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._href, self._link_start = dict(attrs).get("href"), len(self.parts)
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._href:
            words = "".join(self.parts[self._link_start:]).strip()
            # Hashtags, mentions and bare URLs already say where they go; other link words get the URL beside.
            if words and not words.startswith(("#", "@")) and words.rstrip("…").removesuffix("...") not in self._href:
                self.parts.append(f" ({self._href})")
            elif not words:
                self.parts.append(self._href)
            self._href = None
        elif tag in self._BREAKS and tag != "br":
            self.parts.append(self._BREAKS[tag])

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text from an HTML fragment: tags stripped, entities decoded, links kept, spaces collapsed."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def readable(text: str) -> str:
    """A post as a person sees it, for every model that reads posts (scorers and training alike).

    Markup a post carries as text (``<script>``, ``<img onerror>``) is dropped before the model reads it, since
    models read stray tags as hostility."""
    return for_scoring(html_to_text(text))
