"""The MiniLM heads' training corpus: deterministic, complete, labelled in clausewatch's words."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from classifiers.training import corpus
from classifiers.training.corpus import CATEGORIES, FILLERS, HELD_OUT, SCHOOLS, all_templates, build_corpus


@pytest.fixture(scope="module")
def rows() -> list[corpus.Row]:
    return build_corpus()


def test_the_same_rows_on_every_build(rows: list[corpus.Row]) -> None:
    assert corpus.corpus_sha256(build_corpus()) == corpus.corpus_sha256(rows)


def test_every_slot_and_choice_is_filled(rows: list[corpus.Row]) -> None:
    unfilled = [r.text for r in rows if re.search(r"\{\w+\}|\[[^\]]*\|", r.text)]
    assert unfilled == []


def test_labels_are_category_words_and_kinds_are_named(rows: list[corpus.Row]) -> None:
    assert {c for r in rows for c in r.labels} == set(CATEGORIES)
    assert all(r.kind for r in rows)
    negatives = sum(1 for r in rows if not r.labels)
    assert 0.3 < negatives / len(rows) < 0.6  # hard negatives matter as much as hits


def test_every_template_is_used_by_a_training_school_and_a_held_out_one(rows: list[corpus.Row]) -> None:
    schools: dict[int, set[str]] = {}
    for row in rows:
        schools.setdefault(row.template, set()).add(row.school)
    for index in range(len(all_templates())):
        assert schools[index] & set(HELD_OUT), index
        assert schools[index] - set(HELD_OUT), index


def test_held_out_schools_use_names_no_training_school_uses(rows: list[corpus.Row]) -> None:
    def names(text: str) -> set[str]:
        return set(re.findall(r"\b(?:Mr|Mrs|Miss|Ms|Dr) ([A-Z][\w']+)", text))

    held = set().union(*(names(r.text) for r in rows if r.school in HELD_OUT))
    trained = set().union(*(names(r.text) for r in rows if r.school not in HELD_OUT))
    assert held and trained and not held & trained
    assert {s.name for s in SCHOOLS} >= set(HELD_OUT)


def test_some_posts_are_long_lower_case_or_padded(rows: list[corpus.Row]) -> None:
    fillers = [f.split("{")[0][:25] for f in FILLERS]
    padded = [r for r in rows if r.labels and any(f and f in r.text for f in fillers)]
    lower = [r for r in rows if r.text == r.text.lower() and len(r.text) > 40]
    assert len(padded) > len(rows) // 10
    assert len(lower) > len(rows) // 20


def test_the_written_templates_join_when_present() -> None:
    written = pytest.importorskip("classifiers.training.written")
    templates = all_templates()
    assert templates[-len(written.WRITTEN_TEMPLATES) :] == list(written.WRITTEN_TEMPLATES)
    counts = Counter(kind for _, kind, _ in templates)
    assert counts["abuse"] > 0 and sum(counts.values()) > len(corpus.TEMPLATES) + len(corpus.MORE_TEMPLATES)
