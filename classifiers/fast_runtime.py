"""The optimised runtime for our transformer scorers (tuned MiniLM, detoxify): built here, measured, cached.

A scorer describes its model as a ``ModelSpec``: the fp32 torch module (inputs in, the numbers it scores with
out), a fingerprint of the source weights, tokenised probe batches and how far a candidate's output may move.
``load_runner`` returns the fastest runner whose output on the probe stays within ``TOLERANCE`` of fp32:

- ``int8-onnx``: ONNX Runtime, MatMul weights quantised to int8 per output channel, activations per batch
  (VNNI/AMX kernels). Per-channel matters: torch's per-tensor int8 moved detoxify's scores far too much.
- ``bf16``: torch, every Linear's weights and inputs in bfloat16 (AMX), LayerNorm, softmax and residuals fp32.
- ``fp32-onnx``: ONNX Runtime at fp32: the same numbers as torch (within 1e-5), on a fused graph.
- ``fp32``: plain torch: the reference, and the fallback whenever anything here fails.

The choice is measured once, not assumed, and cached under ``$CLAUSEWATCH_HOME/models/optimised/<name>-<fp>/``
with the ONNX file it needs and a ``choice.json`` (the fingerprint covers everything the outputs depend on: new
weights, a new build). Optimisation is a speed-up, never a reason to fail a run: any error falls back to fp32
torch with one warning saying why.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = ["CANDIDATES", "TOLERANCE", "ModelSpec", "Runner", "cache_dir", "cached_precision", "file_digest",
           "load_runner", "logits_module", "optimised_dir", "probe_texts", "read_choice",
           "sorted_batches"]

logger = logging.getLogger(__name__)

TOLERANCE = 0.01  # the bar: a candidate's scores stay within 0.01 of fp32
# The probe's largest deviation understates a night's: bf16 MiniLM moved head scores by 0.0074 at most on the
# 48 probe texts but by 0.0127 on 256 benchmark posts. So a candidate must stay within half the bar on the probe.
PROBE_MARGIN = 0.5
ENABLED = True  # scripts/benchmark_scorers.py turns it off in its "plain" processes, to time fp32 torch
PROBE_COUNT = 48  # texts: enough to see the precision's error, few enough to build in about a minute (BERT-base)
PROBE_PASSES = 3  # timed passes over the probe per candidate; the least counts
SLOWER_THAN_HOPELESS = 1.5  # a first pass this many times the fastest so far is not repeated (bf16 without AVX-512)
CANDIDATES = ("int8-onnx", "bf16", "fp32-onnx")
REFERENCE = "fp32"
_ONNX_FILES = {"int8-onnx": "int8.onnx", "fp32-onnx": "fp32.onnx"}
CHOICE = "choice.json"  # beside the ONNX files: the precision chosen, what was measured, and why
_PROBE_FEED = Path(__file__).resolve().parents[1] / "clausewatch" / "examples" / "llandough-posts.jsonl"


class Runner(Protocol):
    """Tokenised numpy inputs in, the model's float32 output (one row per text) out."""

    precision: str

    def run(self, inputs: dict[str, Any]) -> Any:
        """The output for one batch."""


@dataclass
class ModelSpec:
    """What ``load_runner`` needs to build, judge and cache one model."""

    name: str  # cache folder stem: "minilm", "detoxify-original"
    fingerprint: str  # of the source weights: new weights, new build
    module: Any  # fp32 torch module: forward(*inputs) -> (batch, k), or (batch, segments, k), tensor
    input_names: tuple[str, ...]  # the module's inputs, in order, as the tokenizer names them
    probe: list[dict[str, Any]]  # tokenised batches of probe_texts(), numpy int64
    deviation: Callable[[Any, Any], float]  # (fp32 output, candidate output) -> distance; passes at <= TOLERANCE
    candidates: Sequence[str] = field(default=CANDIDATES)
    prefer: str | None = None  # taken if within tolerance, however fast (an operator's or a test's pin)
    output_dims: int = 2  # (batch, k); 3 for (batch, segments, k)


def cores() -> int:
    """CPU cores this process may use (a container's or taskset's limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def sorted_batches(texts: Sequence[str], size: int) -> list[list[int]]:
    """Indices of ``texts`` sorted by length and cut into batches, so each batch pads little."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[start:start + size] for start in range(0, len(order), size)]


def probe_texts(count: int | None = None) -> list[str]:
    """A fixed probe set of mixed lengths: the packaged sample feed's posts, alone and joined in twos to sixes."""
    import random

    count = count or PROBE_COUNT
    posts = [json.loads(line)["text"] for line in _PROBE_FEED.read_text(encoding="utf-8").splitlines() if line]
    rng = random.Random(20)
    return [rng.choice(posts) if i % 2 else " ".join(rng.sample(posts, rng.randint(2, 6))) for i in range(count)]


def file_digest(path: Path) -> str:
    """SHA-256 of a file, hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def optimised_dir() -> Path:
    """``$CLAUSEWATCH_MODEL_CACHE``, else ``$CLAUSEWATCH_HOME/models/optimised``: a folder per model and weights."""
    from clausewatch.settings import get_settings

    return get_settings().model_cache_dir


def cache_dir(spec: ModelSpec) -> Path:
    """``$CLAUSEWATCH_HOME/models/optimised/<name>-<fingerprint>``."""
    return optimised_dir() / f"{spec.name}-{spec.fingerprint}"


def cached_precision(name: str, fingerprint: str) -> str | None:
    """The precision already measured for these weights, without loading anything; else None."""
    path = optimised_dir() / f"{name}-{fingerprint}" / CHOICE
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["precision"])
    except (OSError, ValueError, KeyError):
        return None


class TorchRunner:
    """fp32 torch, or torch with bf16 Linear layers."""

    def __init__(self, module: Any, names: Sequence[str], precision: str) -> None:
        self.module = module
        self._names = list(names)
        self.precision = precision

    def run(self, inputs: dict[str, Any]) -> Any:
        """The module's output as float32 numpy."""
        import torch

        with torch.inference_mode():
            return self.module(*(torch.from_numpy(inputs[name]) for name in self._names)).float().numpy()


class OnnxRunner:
    """An ONNX Runtime session with one intra-op thread per core this process may use."""

    def __init__(self, path: Path, precision: str) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = cores()
        options.log_severity_level = 3  # its graph-fusion notices are not worth a nightly log line
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._names = [i.name for i in self._session.get_inputs()]
        self.precision = precision

    def run(self, inputs: dict[str, Any]) -> Any:
        """The graph's output for the inputs it declares."""
        return self._session.run(None, {name: inputs[name] for name in self._names})[0]


def _errors() -> tuple[type[BaseException], ...]:
    """What building or opening an optimised model can raise: caught so the run goes on at fp32."""
    found: list[type[BaseException]] = [OSError, RuntimeError, ValueError, KeyError, TypeError, ImportError]
    try:
        from onnxruntime.capi import onnxruntime_pybind11_state as state

        # ONNX Runtime's own errors derive from Exception directly, not from RuntimeError.
        found += [state.Fail, state.InvalidArgument, state.NoSuchFile, state.InvalidProtobuf,
                  state.RuntimeException, state.InvalidGraph, state.NotImplemented]
    except ImportError:
        pass
    return tuple(found)


def read_choice(spec: ModelSpec) -> dict[str, Any] | None:
    """The cached choice for this model, or None when it has not been measured yet."""
    path = cache_dir(spec) / CHOICE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def load_runner(spec: ModelSpec, *, rebuild: bool = False) -> tuple[Runner, str]:
    """The fastest runner within tolerance (building and measuring it the first time), and a one-line note."""
    if not ENABLED:
        return TorchRunner(spec.module, spec.input_names, REFERENCE), f"{spec.name} runs at fp32 (optimisation off)"
    try:
        choice = None if rebuild else read_choice(spec)
        if choice is None:
            choice = _choose(spec)
        runner = _open(spec, choice)
        return runner, f"{spec.name} runs at {runner.precision} ({choice['why']})"
    except _errors() as exc:
        shutil.rmtree(cache_dir(spec), ignore_errors=True)  # whatever was there is suspect: rebuild next time
        note = f"{spec.name} runs at fp32 (optimised model unusable, rebuilt on the next load: {exc})"
        logger.warning(note)
        return TorchRunner(spec.module, spec.input_names, REFERENCE), note


def _open(spec: ModelSpec, choice: dict[str, Any]) -> Runner:
    precision = choice["precision"]
    if precision in _ONNX_FILES:
        path = cache_dir(spec) / _ONNX_FILES[precision]
        if file_digest(path) != choice["sha256"]:
            raise ValueError(f"cached {path.name} does not match its recorded SHA-256 (corrupt or changed)")
        return OnnxRunner(path, precision)
    if precision == "bf16":
        return TorchRunner(_bf16(spec.module), spec.input_names, precision)
    return TorchRunner(spec.module, spec.input_names, REFERENCE)


def _choose(spec: ModelSpec) -> dict[str, Any]:
    """Build each candidate, time it on the probe, keep the fastest within tolerance; write the choice."""
    folder = cache_dir(spec)
    folder.mkdir(parents=True, exist_ok=True)
    reference = TorchRunner(spec.module, spec.input_names, REFERENCE)
    expected, seconds = _timed(reference, spec.probe)
    measured: dict[str, dict[str, Any]] = {REFERENCE: {"seconds": round(seconds, 4), "deviation": 0.0}}
    for precision in spec.candidates:
        fastest = min(m["seconds"] for m in measured.values() if "seconds" in m)
        try:
            output, seconds = _timed(_build(spec, precision), spec.probe, hopeless=SLOWER_THAN_HOPELESS * fastest)
            measured[precision] = {"seconds": round(seconds, 4), "deviation": float(spec.deviation(expected, output))}
        except _errors() as exc:
            measured[precision] = {"error": str(exc)[:200]}
    passing = [p for p, m in measured.items() if "error" not in m and m["deviation"] <= TOLERANCE * PROBE_MARGIN]
    best = spec.prefer if spec.prefer in passing else min(passing, key=lambda p: measured[p]["seconds"])
    choice = {"precision": best, "measured": measured, "why": _why(best, measured)}
    if best in _ONNX_FILES:
        choice["sha256"] = file_digest(folder / _ONNX_FILES[best])
    for precision, name in _ONNX_FILES.items():
        if precision != best:
            (folder / name).unlink(missing_ok=True)  # a BERT-base fp32 graph is 400 MB: keep only what runs
    scratch = _scratch(folder / CHOICE)
    scratch.write_text(json.dumps(choice, indent=1), encoding="utf-8")
    scratch.replace(folder / CHOICE)
    return choice


def _scratch(path: Path) -> Path:
    """Where to write ``path`` before renaming it into place: per process, so two builders never collide
    and a reader never sees half a file."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


def _why(best: str, measured: dict[str, dict[str, Any]]) -> str:
    speed = measured[REFERENCE]["seconds"] / max(measured[best]["seconds"], 1e-9)
    rejected = [f"{p} off by {m['deviation']:.4f}" for p, m in measured.items()
                if "deviation" in m and m["deviation"] > TOLERANCE * PROBE_MARGIN]
    return f"{speed:.1f}x fp32 on the probe" + (f"; rejected {', '.join(rejected)}" if rejected else "")


def _timed(runner: Runner, probe: list[dict[str, Any]], hopeless: float = float("inf")) -> tuple[Any, float]:
    """All probe outputs stacked, and the least CPU seconds of ``PROBE_PASSES`` passes after a warm-up batch.

    CPU time, not wall time: on a machine shared with other jobs (ours has 2 cores and several users) wall
    time swings several-fold from one run to the next, while the work a candidate needs barely moves. The
    least of a few passes (as ``timeit`` takes) steadies the choice between two close candidates, which one
    pass once got the wrong way round; a first pass slower than ``hopeless`` is not worth repeating.
    """
    import numpy as np

    runner.run(probe[0])
    passes: list[float] = []
    while len(passes) < PROBE_PASSES and (not passes or passes[0] <= hopeless):
        started = time.process_time()
        outputs = [runner.run(batch) for batch in probe]
        passes.append(time.process_time() - started)
    # Rows of every batch, stacked: a (batch, segments, k) output has a segment count per batch.
    return np.concatenate([o.reshape(-1, o.shape[-1]) for o in outputs]), min(passes)


def _build(spec: ModelSpec, precision: str) -> Runner:
    folder = cache_dir(spec)
    if precision == "bf16":
        return TorchRunner(_bf16(spec.module), spec.input_names, precision)
    fp32 = folder / _ONNX_FILES["fp32-onnx"]
    if not fp32.is_file():
        _export(spec, fp32)
    if precision == "fp32-onnx":
        return OnnxRunner(fp32, precision)
    int8 = folder / _ONNX_FILES["int8-onnx"]
    _quantise(fp32, int8)
    return OnnxRunner(int8, precision)


def _export(spec: ModelSpec, path: Path) -> None:
    import torch

    names = list(spec.input_names)
    sample = tuple(torch.from_numpy(spec.probe[0][name]) for name in names)
    axes = {name: _axes(spec.probe[0][name].ndim) for name in names} | {"output": _axes(spec.output_dims, output=True)}
    scratch = _scratch(path)
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notices
        # The TorchScript exporter (dynamo=False) traces these BERT graphs with dynamic batch and length;
        # opset 17 has LayerNormalization, which ONNX Runtime fuses.
        torch.onnx.export(spec.module, sample, str(scratch), input_names=names,
                          output_names=["output"], dynamic_axes=axes, opset_version=17, dynamo=False)
    scratch.replace(path)  # a half-written file never sits under the final name


def _axes(ndim: int, output: bool = False) -> dict[int, str]:
    """Dynamic axes by position: batch first; an input's last is its tokens; a 3-D array's middle its segments."""
    return {0: "batch"} | ({} if output else {ndim - 1: "tokens"}) | ({1: "segments"} if ndim == 3 else {})


def _quantise(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    scratch = _scratch(target)
    quiet = logging.Filter("onnxruntime-never")  # its "consider pre-processing" advice goes to the root logger
    logging.getLogger().addFilter(quiet)
    try:
        # MatMul only: the Linear layers are nearly all the work; embeddings and the classifier stay fp32.
        quantize_dynamic(source, scratch, per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        logging.getLogger().removeFilter(quiet)
    scratch.replace(target)


def _positional(model: Any, names: Sequence[str], output: Callable[[Any, Any], Any]) -> Any:
    import torch

    class Positional(torch.nn.Module):
        """Inputs by position in ``names`` (as the ONNX exporter passes them) to the model's keywords."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: Any) -> Any:
            inputs = dict(zip(names, tensors, strict=True))
            return output(self.model(**inputs), inputs)

    return Positional().eval()


def logits_module(model: Any, names: Sequence[str]) -> Any:
    """A classifier's logits: what detoxify puts through its sigmoid."""
    return _positional(model, names, lambda out, _: out[0])


def _bf16(module: Any) -> Any:
    """A copy of ``module`` whose Linear layers compute in bfloat16 (inputs and weights), returning fp32."""
    import copy

    import torch

    class Bf16Linear(torch.nn.Module):
        def __init__(self, linear: torch.nn.Linear) -> None:
            super().__init__()
            self.weight = linear.weight.detach().to(torch.bfloat16)
            self.bias = None if linear.bias is None else linear.bias.detach().to(torch.bfloat16)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.nn.functional.linear(x.to(torch.bfloat16), self.weight, self.bias).to(x.dtype)

    copied = copy.deepcopy(module)
    for parent in list(copied.modules()):
        for child_name, child in list(parent.named_children()):
            if isinstance(child, torch.nn.Linear):
                setattr(parent, child_name, Bf16Linear(child))
    return copied
