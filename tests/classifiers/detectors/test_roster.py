"""classifiers/detectors/roster.py: profile names as a presidio deny list, with roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.detectors import Roster
from clausewatch.profile import load_profile

PROFILE = Path(__file__).parents[2] / "data" / "st-brynach" / "profile.toml"


@pytest.fixture(scope="module")
def roster() -> Roster:
    return Roster(load_profile(PROFILE))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cai Wynford was there", [("name:pupil", "full")]),
        ("cai wynford was there", [("name:pupil", "full")]),
        ("Reverend Tudwal spoke", [("name:governor", "full")]),
        ("Mr Mathias's class", [("name:staff", "full")]),
        ("it was Lowri again", [("name:pupil", "partial")]),
        ("the price of a lowri", []),  # a name part counts only capitalised
        ("nobody we know", []),
    ],
)
def test_people(roster: Roster, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.kind, h.strength) for h in roster.people(text)] == expected


def test_role_nouns(roster: Roster) -> None:
    assert [h.kind for h in roster.role_nouns("the deputy head and a pupil")] == ["role:staff", "role:pupil"]


def test_no_profile_no_names() -> None:
    assert Roster(None).people("Cai Wynford") == []
    assert Roster(None).fingerprint == ""
