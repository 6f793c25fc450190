"""classifiers/detectors/personal_data.py: each pattern, positive and negative, through presidio offline."""

from __future__ import annotations

import pytest

from classifiers.detectors import find, personal_data_detectors

DETECTORS = dict(personal_data_detectors())

CASES = [
    ("nhs-number", "NHS no. 943 476 5919", True),
    ("nhs-number", "NHS no. 943-476-5919", True),
    ("nhs-number", "raffle ticket 943 476 5918", False),  # fails the mod-11 checksum
    ("ni-number", "NI number AB 12 34 56 C", True),
    ("ni-number", "class AB12 won", False),
    ("postcode", "lives at CF64 2XX", True),
    ("postcode", "CF 64 and year 6", False),
    ("phone", "mobile 07911 123456", True),
    ("phone", "raised £1,200 in 2026", False),
    ("phone", "her mobile's 07700 900632", True),  # Ofcom's drama range: unallocated, still a phone number
    ("phone", "landline 029 2018 0000", True),
    ("phone", "order ref 2024 5566", False),  # a year and a reference are too short for a number
    ("email", "write to jo.bloggs@example.org today", True),
    ("email", "tag us @StBrynachs", False),
    ("home-address", "they live at 14 Heol y Felin", True),
    ("home-address", "meet at 22 Station Road", True),
    ("home-address", "3 hours a week of homework", False),
    ("date-of-birth", "born 14/03/2017", True),
    ("date-of-birth", "born 31/02/2017", False),  # no such day
    ("date-of-birth", "born on 3rd March 2016", True),
    ("car-registration", "her car is WK19 LXO", True),
    ("car-registration", "she was 12 y old", False),  # presidio's older formats, read without case, take this
    ("car-registration", "wk19 lxo", False),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[f"{k}:{e}:{t[:16]}" for k, t, e in CASES])
def test_pattern(kind: str, text: str, expected: bool) -> None:
    hits = find(kind, DETECTORS[kind], text)
    assert bool(hits) is expected
    assert all(hit.kind == kind for hit in hits)


def test_context_words_are_noticed() -> None:
    [with_context] = find("date-of-birth", DETECTORS["date-of-birth"], "date of birth 14/03/2017")
    [without] = find("date-of-birth", DETECTORS["date-of-birth"], "term ends 14/03/2017")
    assert with_context.context and not without.context
