"""Segments: one token sequence per post (or several for a long one), with a mask per sentence."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.minilm import load_base
from classifiers.segments import batch, max_by_owner, segment, sentence_spans


@pytest.fixture(scope="module")
def tokenizer():  # noqa: ANN201 - a transformers tokenizer
    return load_base(1)[0]


def _words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e].strip() for s, e in spans]


def test_sentences_split_on_stops_and_short_fragments_join_the_next() -> None:
    text = "Honestly. The head is a clown and everyone knows it. Lovely kids though, really really lovely!"
    assert _words(text, sentence_spans(text)) == [
        "Honestly. The head is a clown and everyone knows it.", "Lovely kids though, really really lovely!"]


def test_a_short_aside_is_read_with_the_sentence_after_it() -> None:
    # Read alone, an out-of-register aside like this scored as a threat and carried the whole post.
    text = "Just so people know. The deputy head is off for IVF treatment this term."
    assert _words(text, sentence_spans(text)) == [text]


def test_a_looser_rule_reads_the_aside_alone() -> None:
    # train_minilm.py --sentence-words trains with another rule than the one that scores.
    text = "Just so people know. The deputy head is off for IVF treatment this term."
    assert _words(text, sentence_spans(text, min_words=4)) == [
        "Just so people know.", "The deputy head is off for IVF treatment this term."]


def test_a_trailing_fragment_joins_the_sentence_before_it() -> None:
    text = "The new lunch menu starts on Monday for everyone. lol"
    assert _words(text, sentence_spans(text)) == [text]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert sentence_spans("") == []
    assert sentence_spans("   ") == []


def test_no_texts_give_no_sequences(tokenizer) -> None:  # noqa: ANN001
    assert segment(tokenizer, []) == []


def test_one_sentence_is_one_segment_the_whole_sequence(tokenizer) -> None:  # noqa: ANN001
    [(owner, ids, segments)] = segment(tokenizer, ["Mrs Jones is a brilliant teacher."])
    assert owner == 0
    assert ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    assert segments == [list(range(len(ids)))]


def test_the_segment_rule_reaches_the_token_segments(tokenizer) -> None:  # noqa: ANN001
    text = "Just so people know. The deputy head is off for IVF treatment this term."
    [(_, _, joined)] = segment(tokenizer, [text])
    [(_, _, apart)] = segment(tokenizer, [text], min_words=4)
    assert (len(joined), len(apart)) == (1, 3)


def test_each_sentence_is_a_segment_of_its_own_tokens(tokenizer) -> None:  # noqa: ANN001
    text = "Sports day was a great success this year. I will find the teacher and hurt him badly."
    [(_, ids, segments)] = segment(tokenizer, [text])
    assert len(segments) == 3
    second = tokenizer.decode([ids[p] for p in segments[2]])
    assert second == "i will find the teacher and hurt him badly."
    assert sorted(segments[1] + segments[2]) == list(range(1, len(ids) - 1))  # every word in one sentence


def test_a_long_post_is_packed_into_several_sequences_that_keep_every_token(tokenizer) -> None:  # noqa: ANN001
    text = " ".join(f"Sentence number {i} is about the school fair and the cake stall." for i in range(60))
    rows = segment(tokenizer, [text], max_tokens=128)
    assert len(rows) > 1 and all(len(ids) <= 128 for _, ids, _ in rows)
    total = sum(len(ids) - 2 for _, ids, _ in rows)
    assert total == len(tokenizer(text, add_special_tokens=False)["input_ids"])


def test_a_run_on_sentence_is_also_read_in_windows(tokenizer) -> None:  # noqa: ANN001
    text = "and then " * 40 + "she said she would burn the school down"
    [(_, ids, segments)] = segment(tokenizer, [text])
    assert len(segments) > 2
    assert max(len(s) for s in segments[1:]) <= 24


def test_batch_pads_tokens_and_segments_and_marks_the_real_ones(tokenizer) -> None:  # noqa: ANN001
    two = "The first sentence is here right now. The second sentence is here right too."
    rows = segment(tokenizer, ["Short post here today.", two])
    arrays = batch(rows)
    assert arrays.inputs["input_ids"].shape == arrays.inputs["attention_mask"].shape
    assert arrays.segments.shape[:2] == arrays.used.shape == (2, 3)
    assert arrays.used.tolist() == [[True, False, False], [True, True, True]]
    assert arrays.segments[0, 1:].sum() == 0
    assert list(arrays.owners) == [0, 1]


def test_max_by_owner_takes_each_owners_highest_row() -> None:
    rows = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.3]], dtype=np.float32)
    np.testing.assert_allclose(max_by_owner(rows, [0, 0, 1], 2), [[0.7, 0.9], [0.3, 0.3]])
