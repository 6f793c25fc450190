"""Scoring throughput (posts/s) and peak memory per backend, plain against optimised, side by side in one run.

    .venv/bin/python scripts/benchmark_scorers.py [--posts 256] [--repeat 1]

The corpus mixes lengths: the bundled sample feed's posts alone (short) and joined in twos to eights (long).
"plain" feeds each backend consecutive batches in corpus order; "optimised" hands it the whole corpus, which
it sorts by length before batching (so a batch pads little). detoxify is timed on a random-weight checkpoint
with exactly the shapes of detoxify's 'original' (BERT-base), built locally: the same speed as the real
weights, which this offline machine cannot download. Each measurement runs in its own process, so its peak
memory (max RSS, loading included) is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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


def corpus(size: int, seed: int = 7) -> list[str]:
    """Mixed-length posts: about half single posts, half two to eight joined."""
    texts = [json.loads(line)["text"] for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    return [rng.choice(texts) if rng.random() < 0.5 else " ".join(rng.sample(texts, rng.randint(2, 8)))
            for _ in range(size)]


def _scorer(backend: str, scratch: str):  # noqa: ANN202 - returns whichever Scorer
    from classifiers import load_scorers
    from clausewatch.profile import load_profile

    if backend != "detoxify":
        return load_scorers([backend], load_profile())[0]
    import os

    from classifiers.model_files import install
    from classifiers.training.random_detoxify import write_random_detoxify

    os.environ["CLAUSEWATCH_HOME"] = scratch
    install(write_random_detoxify(Path(scratch) / "src", hidden=768, layers=12, heads=12, intermediate=3072))
    return load_scorers(["detoxify"])[0]


def _measure(backend: str, mode: str, texts: list[str], queue: multiprocessing.Queue) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scorer = _scorer(backend, scratch)
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
    queue.put((len(texts) / elapsed, peak_mib))


def measure(backend: str, mode: str, texts: list[str]) -> tuple[float, float]:
    """(posts per second, peak MiB) for one backend and mode, in a fresh process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(backend, mode, texts, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    """Print one table: each backend, plain and optimised, posts/s, speed-up, peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=256)
    parser.add_argument("--backend", action="append", choices=BACKENDS)
    args = parser.parse_args()
    texts = corpus(args.posts)
    words = sorted(len(t.split()) for t in texts)
    print(f"{len(texts)} posts, words per post: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}")
    print(f"{'backend':<14}{'plain posts/s':>15}{'optimised posts/s':>19}{'speed-up':>10}{'peak MiB':>10}")
    for backend in args.backend or BACKENDS:
        plain, _ = measure(backend, "plain", texts)
        fast, peak = measure(backend, "optimised", texts)
        print(f"{backend:<14}{plain:>15.1f}{fast:>19.1f}{fast / plain:>9.2f}x{peak:>10.0f}", flush=True)


if __name__ == "__main__":
    main()
