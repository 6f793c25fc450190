"""One encoder pass per post, many readings: the whole post and each of its sentences pooled from the same tokens.

A mean over a long post's tokens dilutes the one abusive sentence in it, so the tuned MiniLM scores every
*segment* of a post (the whole sequence, each sentence, and short windows of a run-on sentence) and the post
takes each category's highest segment score. Encoding each sentence again as its own text would cost a second
pass over every token; here the encoder reads the post once and each segment is a mask over its token states.

A post longer than ``max_tokens`` is packed, sentence by sentence, into several sequences; a sentence longer than
a sequence is cut by tokens. ``Segmented`` rows are sequences, and ``owners`` says which post each came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["MIN_WORDS", "Row", "Segmented", "batch", "max_by_owner", "segment", "sentence_spans"]

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|[.!?]+")
MIN_WORDS = 6  # shorter fragments ("Honestly." "lol", "Just so people know.") join the sentence after them
_LONG_TOKENS = 40  # a sentence longer than this is also read in overlapping windows
_WINDOW, _STEP = 24, 12

Row = tuple[int, list[int], list[list[int]]]  # (post index, token ids, segments as lists of token positions)


def sentence_spans(text: str, min_words: int = MIN_WORDS) -> list[tuple[int, int]]:
    """Character spans of the text's sentences; fragments under ``min_words`` words join their neighbour."""
    spans: list[tuple[int, int]] = []
    pending: int | None = None
    for match in _SENTENCE.finditer(text):
        start = match.start() if pending is None else pending
        if len(text[start:match.end()].split()) < min_words:
            pending = start
            continue
        spans.append((start, match.end()))
        pending = None
    if pending is not None:
        if spans:
            spans[-1] = (spans[-1][0], len(text))
        elif text.strip():
            spans.append((pending, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@dataclass
class Segmented:
    """Tokenised sequences with their segment masks, ready for the encoder (numpy, int64 and float32)."""

    inputs: dict[str, np.ndarray]  # input_ids, attention_mask, token_type_ids: (rows, tokens)
    segments: np.ndarray  # (rows, segments, tokens): 1 where a token belongs to the segment
    owners: np.ndarray  # (rows,): the post each sequence came from
    used: np.ndarray  # (rows, segments): True for a real segment, False for padding


def segment(tokenizer: Any, texts: Sequence[str], max_tokens: int = 256, min_words: int = MIN_WORDS) -> list[Row]:
    """Every post cut into sequences: (post index, token ids with [CLS] and [SEP], segments as position lists).

    The first segment of a sequence is all of it (special tokens included, as sentence-transformers pools);
    then, when the sequence holds more than one sentence, each sentence; then windows of long sentences.
    """
    if not texts:
        return []
    encoded = tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True)
    room = max_tokens - 2
    out = []
    for index, text in enumerate(texts):
        ids, offsets = encoded["input_ids"][index], encoded["offset_mapping"][index]
        for chunk in _pack(_sentence_tokens(text, offsets, min_words), room):
            tokens = [ids[t] for sentence in chunk for t in sentence]
            out.append((index, [tokenizer.cls_token_id, *tokens, tokenizer.sep_token_id], _segments(chunk)))
    return out


def _sentence_tokens(text: str, offsets: Sequence[tuple[int, int]], min_words: int) -> list[list[int]]:
    """Token indices grouped by sentence (every token lands in exactly one)."""
    spans = sentence_spans(text, min_words) or [(0, len(text))]
    groups: list[list[int]] = [[] for _ in spans]
    current = 0
    for token, (start, _) in enumerate(offsets):
        while current + 1 < len(spans) and start >= spans[current + 1][0]:
            current += 1
        groups[current].append(token)
    return [g for g in groups if g]


def _pack(sentences: list[list[int]], room: int) -> list[list[list[int]]]:
    """Sentences packed in order into sequences of at most ``room`` tokens; an over-long one is cut."""
    pieces = [s[i:i + room] for s in sentences for i in range(0, len(s), room)]
    chunks: list[list[list[int]]] = []
    size = room + 1
    for piece in pieces:
        if size + len(piece) > room:
            chunks.append([])
            size = 0
        chunks[-1].append(piece)
        size += len(piece)
    return chunks or [[]]


def _segments(chunk: list[list[int]]) -> list[list[int]]:
    """Positions (after [CLS]) of the whole sequence, each sentence, and windows of long sentences."""
    total = sum(len(s) for s in chunk)
    whole = list(range(total + 2))
    segments = [whole]
    start = 1
    for sentence in chunk:
        positions = list(range(start, start + len(sentence)))
        if len(chunk) > 1:
            segments.append(positions)
        if len(positions) > _LONG_TOKENS:
            segments += [positions[i:i + _WINDOW] for i in range(0, len(positions) - _STEP, _STEP)]
        start += len(sentence)
    return segments


def batch(rows: Sequence[Row]) -> Segmented:
    """Pad a batch of sequences (from ``segment``) into arrays; segments padded to the batch's largest count."""
    length = max(len(ids) for _, ids, _ in rows)
    count = max(len(segments) for _, _, segments in rows)
    input_ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    segments = np.zeros((len(rows), count, length), dtype=np.float32)
    used = np.zeros((len(rows), count), dtype=bool)
    for r, (_, ids, found) in enumerate(rows):
        input_ids[r, :len(ids)] = ids
        mask[r, :len(ids)] = 1
        for s, positions in enumerate(found):
            segments[r, s, positions] = 1.0
            used[r, s] = True
    inputs = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
    return Segmented(inputs, segments, np.array([owner for owner, _, _ in rows], dtype=np.int64), used)


def max_by_owner(rows: np.ndarray, owners: Sequence[int], count: int) -> np.ndarray:
    """For each of ``count`` owners, the column-wise maximum of the rows that belong to it."""
    best = np.full((count, rows.shape[1]), -np.inf, dtype=rows.dtype)
    np.maximum.at(best, np.asarray(owners, dtype=np.int64), rows)
    return best
