# ruff: noqa: E501
"""The hand-written templates are well formed, labelled with known codes, numerous enough, and not copied."""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from classifiers.evaluation import HARD_NEGATIVE_KINDS
from classifiers.training.corpus import TEMPLATES
from classifiers.training.written import WRITTEN_TEMPLATES

ROOT = Path(__file__).resolve().parents[3]
# The slots corpus._fill fills; a template using any other would raise KeyError when the corpus is built.
KNOWN_SLOTS = {"staff", "short", "school", "place", "placetag", "otherplace", "role", "pupil", "child", "person",
               "he", "He", "him", "his", "himself"}
CODES = {"der", "def", "thr", "dis", "off"}
# At least this many templates carry exactly this one label ("" = hard negative); "mixed" = two labels.
MINIMUMS = {"der": 60, "def": 55, "thr": 60, "dis": 60, "off": 30, "mixed": 25, "": 170}
# The sample feeds are dev sets: wording may not be lifted from them.
DEV_SETS = ("clausewatch/examples/llandough-posts.jsonl", "tests/data/st-brynach/posts.jsonl")
SHINGLE = 6
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def _slots(text: str) -> set[str]:
    without_choices = _CHOICE.sub(lambda m: m.group(1).replace("|", " "), text)
    return {field for _, field, _, _ in string.Formatter().parse(without_choices) if field is not None}


def _group(labels: str) -> str:
    codes = labels.split("+") if labels else []
    return "mixed" if len(codes) > 1 else labels


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _literal_runs(template: str) -> list[list[str]]:
    """The template's fixed wording, split wherever a slot or a choice sits (those vary per row)."""
    return [_words(part) for part in re.split(r"\{[^}]*\}|\[[^\]]*\]", template)]


def test_every_template_is_a_triple_of_strings() -> None:
    assert WRITTEN_TEMPLATES
    for row in WRITTEN_TEMPLATES:
        assert len(row) == 3 and all(isinstance(part, str) for part in row), row


@pytest.mark.parametrize("template", WRITTEN_TEMPLATES, ids=lambda t: t[2][:40])
def test_template_uses_known_slots_and_codes(template: tuple[str, str, str]) -> None:
    labels, kind, text = template
    assert _slots(text) <= KNOWN_SLOTS, _slots(text) - KNOWN_SLOTS
    codes = labels.split("+") if labels else []
    assert set(codes) <= CODES and len(set(codes)) == len(codes) <= 2
    assert kind == "abuse" if codes else kind in HARD_NEGATIVE_KINDS


@pytest.mark.parametrize("template", WRITTEN_TEMPLATES, ids=lambda t: t[2][:40])
def test_choices_are_balanced_and_non_empty(template: tuple[str, str, str]) -> None:
    text = template[2]
    for options in _CHOICE.findall(text):
        choices = options.split("|")
        assert len(choices) >= 2 and all(c.strip() for c in choices), options
    assert "[" not in _CHOICE.sub("", text) and "]" not in _CHOICE.sub("", text)
    assert "|" not in _CHOICE.sub("", text)


def test_every_template_fills() -> None:
    values = {slot: f"<{slot}>" for slot in KNOWN_SLOTS}
    for _, _, text in WRITTEN_TEMPLATES:
        filled = _CHOICE.sub(lambda m: m.group(1).split("|")[-1], text).format(**values)
        assert "{" not in filled and "}" not in filled


def test_counts_meet_the_minimums() -> None:
    counts = Counter(_group(labels) for labels, _, _ in WRITTEN_TEMPLATES)
    short = {group: (counts[group], least) for group, least in MINIMUMS.items() if counts[group] < least}
    assert not short, short
    assert len(WRITTEN_TEMPLATES) >= 450


def test_hard_negatives_cover_every_kind_asked_for() -> None:
    kinds = Counter(kind for labels, kind, _ in WRITTEN_TEMPLATES if not labels)
    wanted = {"praise", "legitimate_criticism", "counter_speech", "quotation", "self_deprecation", "reclaimed",
              "homonym", "other_place"}
    assert wanted <= set(kinds), wanted - set(kinds)


def test_no_duplicates_here_or_with_the_corpus() -> None:
    texts = [" ".join(_words(text)) for _, _, text in WRITTEN_TEMPLATES]
    repeated = [text for text, n in Counter(texts).items() if n > 1]
    assert not repeated, repeated
    assert not set(texts) & {" ".join(_words(text)) for _, _, text in TEMPLATES}


def test_no_wording_lifted_from_the_dev_sets() -> None:
    dev: set[tuple[str, ...]] = set()
    for name in DEV_SETS:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                dev |= _shingles(_words(json.loads(line).get("text") or ""))
    lifted = {t[2][:60]: sorted(" ".join(s) for s in _shingles(run) & dev)
              for t in WRITTEN_TEMPLATES for run in _literal_runs(t[2]) if _shingles(run) & dev}
    assert not lifted, lifted
