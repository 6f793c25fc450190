"""flows/context.py: a run's shared state; models load only when there is something to score."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import SCORERS
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.settings import get_settings
from connectors import SourceSpec
from flows.context import prepare


def test_preparing_a_run_loads_no_model_until_there_is_something_to_score(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    monkeypatch.setattr("classifiers.registry._LOADED", {})  # the stand-in loads must not stay in the registry
    for name, cls in SCORERS.items():
        monkeypatch.setattr(cls, "load", lambda self, name=name: loads.append(name))

    ctx = prepare(get_settings(), None, None, None)

    assert loads == [] and not ctx.loaded
    assert [s.name for s in ctx.scorers] and ctx.model_label  # names and versions need no model
    ctx.load_scorers()
    ctx.load_scorers()
    assert sorted(loads) == sorted(ctx.profile.scoring.scorers) and ctx.loaded  # each model once


def test_a_file_cursor_is_kept_per_path_and_profile_a_platform_cursor_per_source(tmp_path: Path) -> None:
    ctx = prepare(get_settings(), None, None, None)
    changed = tmp_path / "profile.toml"
    changed.write_text(EXAMPLE_PROFILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    other = prepare(get_settings(), str(changed), None, None)
    here, there = SourceSpec("file", tmp_path / "a" / "posts.jsonl"), SourceSpec("file", tmp_path / "b" / "posts.jsonl")

    assert ctx.cursor_key(SourceSpec("reddit")) == "reddit"
    assert ctx.cursor_key(here).startswith("file:posts.jsonl#")
    assert len({ctx.cursor_key(here), ctx.cursor_key(there), other.cursor_key(here)}) == 3
    assert load_profile(str(changed)).sha256 != ctx.profile.sha256
