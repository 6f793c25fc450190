"""classifiers/detectors/topics.py: sensitive topics, unpublished markers, counter-speech."""

from __future__ import annotations

import pytest

from classifiers.detectors import counter_speech, invitations, topics, unpublished

TOPIC_CASES = [
    ("he has ADHD", "topic:health"),
    ("signed off with work-related stress", "topic:staff-matter"),
    ("social services took her", "topic:safeguarding"),
    ("she has an EHCP", "topic:sen"),
    ("excluded for a week", "topic:exclusion"),
    ("his dad is in prison", "topic:family"),
    ("likely dyspraxic, sent for an OT assessment", "topic:health"),
    ("referred to speech and language therapy", "topic:health"),
    ("going on a managed move in January", "topic:exclusion"),
    ("her contract ends in March", "topic:staff-matter"),
    ("two TAs at risk of redundancy", "topic:staff-matter"),
    ("she is looked after now", "topic:safeguarding"),
    ("a section 47 is going on", "topic:safeguarding"),
    ("her mum's just been sectioned", "topic:health"),
    ("she has MS", "topic:health"),
    ("in isolation all week", "topic:exclusion"),
    ("his dad has died", "topic:family"),
    ("off long-term sick with his back again", "topic:staff-matter"),
    ("got a formal warning at her last school", "topic:staff-matter"),
    ("has had his last warning before the sack", "topic:staff-matter"),
    ("sent home for coming in drunk", "topic:staff-matter"),
    ("Final warning. Pack it in or I'm telling the head", None),
    ("she looked after the new girl", None),
    ("Ms Harries read a story", None),
    ("raised £900 for the food bank", None),
    ("the hospital's ADHD clinic", None),
    ("safeguarding training on Monday", None),
    ("my son's exclusion was handled well", None),
    ("our daughter has an IDP", None),
    ("essential reading", None),
]


@pytest.mark.parametrize(("text", "kind"), TOPIC_CASES, ids=[t for t, _ in TOPIC_CASES])
def test_topics(text: str, kind: str | None) -> None:
    kinds = {h.kind for h in topics(text)}
    assert (kind in kinds) if kind else not kinds


@pytest.mark.parametrize(
    ("text", "found", "internal"),
    [
        ("Not announced yet, but governors are cutting posts", True, True),
        ("Estyn draft report came in", True, True),
        ("keep it quiet, I'm planning a surprise party", True, False),
        ("The report was published on Tuesday", False, False),
        ("Results came in: not shared with parents yet", True, True),
        ("they voted in the private session of the meeting to cut two posts", True, True),
        ("she's moving classes and she doesn't know yet", True, False),
        ("Reading results are 20 points down, not allowed to say until governors see them", True, True),
        ("Governors' minutes, 12 Nov (not yet approved): two TA posts to go", True, True),
        ("you didn't hear it from me, but the head is retiring", True, True),
        ("my cousin's a governor and saw the minutes", True, True),
    ],
)
def test_unpublished(text: str, found: bool, internal: bool) -> None:
    hits = unpublished(text)
    assert bool(hits) is found
    assert all(h.context is internal for h in hits)


@pytest.mark.parametrize(
    ("text", "condemns"),
    [
        ("Whoever posted that should be ashamed", True),
        ("That is private and I have reported it", True),
        ("Pack it in, she is a great teacher", True),
        ("Not announced yet so keep it quiet", False),
        ("Disgraceful decision by the governors", False),
    ],
)
def test_counter_speech(text: str, condemns: bool) -> None:
    assert counter_speech(text) is condemns


@pytest.mark.parametrize(("text", "push"), [
    ("Maybe parents should pay him a visit.", "pay him a visit"),
    ("Ring them and ask. Day and night.", "Ring them"),
    ("Lads, you know what to do.", "you know what to do"),
    ("We know where she lives now.", "We know where she lives"),
    ("Ask her to her face at the gates.", "Ask her"),
    ("Thanks for the visit, the kids loved it.", None),
    ("Ringing endorsement from Estyn today.", None),
    ("Knockout rounds of the quiz next week.", None),
])
def test_invitations(text: str, push: str | None) -> None:
    found = invitations(text)
    assert (text[found[0].start:found[0].end] if found else None) == push
