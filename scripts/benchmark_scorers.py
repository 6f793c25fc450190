"""Scoring throughput (posts/s) and peak memory per backend, plain against optimised, side by side in one run.

    .venv/bin/python scripts/benchmark_scorers.py [--posts 256] [--repeat 3] [--backend minilm ...]

The corpus mixes lengths: the bundled sample feed's posts alone (short) and joined in twos to eights (long).
"plain" is fp32 torch (classifiers.fast_runtime switched off) fed consecutive batches in corpus order;
"optimised" is the precision classifiers.fast_runtime measured and cached for this machine, handed the whole
corpus, which it sorts by length before batching (so a batch pads little). Both run in the same invocation,
alternating, ``--repeat`` times: other jobs on a shared machine move absolute figures, so compare the ratio
within a round, and the best of each column. The optimised models are built once, in a first untimed process,
into a scratch CLAUSEWATCH_HOME, and every timed process reuses them. detoxify is timed on a random-weight
checkpoint with exactly the shapes of detoxify's 'original' (BERT-base), built locally: the same speed as the
real weights, which this offline machine cannot download (the precision chosen for random weights may differ
from the one chosen for real weights). "minilm" is the tuned MiniLM scorer, which reads each post once and scores
its whole and its sentences from the same pass. Each measurement runs in its own process, so its peak memory
(max RSS, loading included) is its own. After MiniLM's rows it prints the encoder's arithmetic per post and the
GFLOP/s its best optimised rate reaches: a speed target past the cores' peak needs a smaller model, not tuning.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FEED = ROOT / "clausewatch" / "examples" / "llandough-posts.jsonl"
BATCH = {"detoxify": 16, "minilm": 32}
BACKENDS = ("profanity", "confidential", "minilm", "detoxify")
OPTIMISED = ("minilm", "detoxify")  # the backends classifiers.fast_runtime serves


def corpus(size: int, seed: int = 7) -> list[str]:
    """Mixed-length posts: about half single posts, half two to eight joined."""
    texts = [json.loads(line)["text"] for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    return [rng.choice(texts) if rng.random() < 0.5 else " ".join(rng.sample(texts, rng.randint(2, 8)))
            for _ in range(size)]


def _scorer(backend: str):  # noqa: ANN202 - returns whichever Scorer
    from classifiers import load_scorers
    from clausewatch.profile import load_profile

    if backend != "detoxify":
        return load_scorers([backend], load_profile())[0]
    from classifiers.model_files import install, installed
    from classifiers.training.random_detoxify import write_random_detoxify

    if installed()["original"] is None:
        source = Path(os.environ["CLAUSEWATCH_HOME"]) / "src"
        install(write_random_detoxify(source, hidden=768, layers=12, heads=12, intermediate=3072))
    return load_scorers(["detoxify"])[0]


def minilm_arithmetic(texts: list[str]) -> tuple[float, float, str]:
    """The tuned MiniLM's matrix arithmetic per post, the mean sequence length and the encoder's shape.

    Counts the encoder's multiply-adds (two FLOPs each): per token and layer, the four attention projections, the
    two feed-forward products and the attention's two products with the sequence. The rest is a rounding error.
    Set beside posts/s, it says how far a speed target is from what the cores can do at all.
    """
    from classifiers.minilm import MAX_TOKENS, MODEL_DIR, Head, load_base
    from classifiers.segments import segment
    from clausewatch.text import readable

    tokenizer, model = load_base(Head.read(MODEL_DIR).layers)
    config = model.config
    width, inner, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    lengths = [len(ids) for _, ids, _ in segment(tokenizer, [readable(t) for t in texts], MAX_TOKENS)]
    flop = sum(2 * layers * n * (4 * width * width + 2 * width * inner + 2 * n * width) for n in lengths)
    shape = f"{layers} layers, {width} wide, feed-forward {inner}"
    return flop / len(texts) / 1e9, sum(lengths) / len(lengths), shape


def _prepare(backend: str, queue: multiprocessing.Queue) -> None:
    scorer = _scorer(backend)
    queue.put((0.0, 0.0, getattr(scorer, "note", "")))


def _measure(backend: str, mode: str, texts: list[str], queue: multiprocessing.Queue) -> None:
    if mode == "plain":
        import classifiers.fast_runtime

        classifiers.fast_runtime.ENABLED = False
    scorer = _scorer(backend)
    scorer.score(texts[:4])  # warm-up: first-call allocations are not throughput
    size = BATCH.get(backend, len(texts))
    started = time.perf_counter()
    if mode == "plain":
        for start in range(0, len(texts), size):
            scorer.score(texts[start:start + size])
    else:
        scorer.score(texts)
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((len(texts) / elapsed, peak_mib, ""))


def measure(target, *args: object) -> tuple[float, float, str]:  # noqa: ANN001 - a process target
    """Run ``target(*args, queue)`` in a fresh process: (posts per second, peak MiB, note)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    """Print one table: each backend and round, plain and optimised posts/s, speed-up, peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of plain-then-optimised per backend")
    parser.add_argument("--backend", action="append", choices=BACKENDS)
    args = parser.parse_args()
    texts = corpus(args.posts)
    words = sorted(len(t.split()) for t in texts)
    print(f"{len(texts)} posts, words per post: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as home:
        os.environ["CLAUSEWATCH_HOME"] = home  # spawned processes inherit it: one scratch model cache
        for backend in args.backend or BACKENDS:
            _compare(backend, texts, args.repeat)


def _compare(backend: str, texts: list[str], repeat: int) -> None:
    if backend in OPTIMISED:
        print(f"{backend}: {measure(_prepare, backend)[2]}", flush=True)
    print(f"{'backend':<16}{'round':>6}{'plain posts/s':>15}{'MiB':>7}{'optimised posts/s':>19}{'MiB':>7}"
          f"{'speed-up':>10}")
    best = [0.0, 0.0]
    for round_ in range(1, repeat + 1):
        plain, plain_mib, _ = measure(_measure, backend, "plain", texts)
        fast, fast_mib, _ = measure(_measure, backend, "optimised", texts)
        best = [max(best[0], plain), max(best[1], fast)]
        print(f"{backend:<16}{round_:>6}{plain:>15.1f}{plain_mib:>7.0f}{fast:>19.1f}{fast_mib:>7.0f}"
              f"{fast / plain:>9.2f}x", flush=True)
    if repeat > 1:
        print(f"{backend:<16}{'best':>6}{best[0]:>15.1f}{'':>7}{best[1]:>19.1f}{'':>7}{best[1] / best[0]:>9.2f}x")
    if backend == "minilm":
        gflop, tokens, shape = minilm_arithmetic(texts)
        print(f"minilm: {gflop:.2f} GFLOP a post ({shape}, {tokens:.0f} tokens a sequence on average): "
              f"{gflop * best[1]:.0f} GFLOP/s at the best optimised rate; 300 posts/s would need {gflop * 300:.0f}")


if __name__ == "__main__":
    main()
