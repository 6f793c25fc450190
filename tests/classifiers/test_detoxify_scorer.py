"""classifiers/detoxify_scorer.py: a tiny random-weight checkpoint in detoxify's format, installed the way a
school installs real files, then scored through the same code path. No download (sockets are blocked)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from classifiers import ScorerUnavailable, load_available
from classifiers.detoxify_scorer import CATEGORY_LABELS, DetoxifyScorer
from classifiers.model_files import install, installed, locate
from classifiers.training.random_detoxify import write_random_detoxify
from clausewatch.profile import load_profile


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_detoxify(tmp_path_factory.mktemp("detoxify"))


@pytest.fixture
def installed_scorer(model_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> DetoxifyScorer:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))  # no real cache can leak in
    install(model_folder)
    scorer = DetoxifyScorer()
    scorer.load()
    return scorer


def test_missing_files_make_it_unavailable_not_a_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    with pytest.raises(ScorerUnavailable, match="clausewatch models install"):
        DetoxifyScorer().load()
    loaded, skipped = load_available(["confidential", "detoxify"])
    assert [s.name for s in loaded] == ["confidential"]
    assert skipped == ["detoxify skipped (no detoxify 'original' model files on this machine; install them with "
                       "`clausewatch models install FOLDER-OR-ARCHIVE`)"]


def test_scores_through_the_real_loader(installed_scorer: DetoxifyScorer) -> None:
    texts = ["short", "a much longer post about the school " * 40, "", "medium length post here"]
    scores = installed_scorer.score(texts)
    assert len(scores) == 4
    for row in scores:
        assert set(row) == set(CATEGORY_LABELS)
        assert all(0.0 <= v <= 1.0 for v in row.values())
    assert installed_scorer.version.startswith("0.5.4+original-")


def test_length_sorted_batches_keep_the_callers_order(installed_scorer: DetoxifyScorer) -> None:
    texts = [f"post {'word ' * n}" for n in (30, 1, 12, 5)]
    together = installed_scorer.score(texts)
    one_by_one = [installed_scorer.score([t])[0] for t in texts]
    # int8 scales each batch's activations by that batch's range, so a post's score moves a little with its
    # batch-mates (well within the tolerance); every other precision gives the same numbers either way.
    close = 0.01 if installed_scorer.version.endswith("int8-onnx") else 1e-5
    for a, b in zip(together, one_by_one, strict=True):
        assert a == pytest.approx(b, abs=close)


def test_markup_a_post_carries_as_text_is_read_as_a_person_sees_it(installed_scorer: DetoxifyScorer) -> None:
    plain = "Testing this forum lol anyway is breakfast club back on?"
    marked = "Testing this forum lol <script>alert(1)</script><img src=x onerror=alert(2)> anyway is breakfast" \
             " club back on?"
    unstripped = installed_scorer.raw([plain, marked])  # read raw, the random weights do see the tags
    assert any(abs(bare - tagged) > 1e-6 for bare, tagged in unstripped.values())
    assert installed_scorer.score([marked])[0] == pytest.approx(installed_scorer.score([plain])[0], abs=1e-6)


def test_install_from_an_archive_and_check(model_folder: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    archive = tmp_path / "detoxify-original.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(model_folder, arcname="detoxify-original")
    files = install(archive)
    assert files.variant == "original" and files.where == "installed"
    assert installed()["original"] == locate("original")
    assert installed()["unbiased"] is None


def test_install_rejects_a_folder_without_a_checkpoint(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ScorerUnavailable, match="exactly one .ckpt"):
        install(tmp_path)


def test_profile_chooses_the_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    profile = tmp_path / "p.toml"
    profile.write_text('[school]\nname = "Test School"\n[scoring]\nscorers = ["detoxify"]\n'
                       'detoxify_model = "multilingual"\n', encoding="utf-8")
    scorer = DetoxifyScorer()
    scorer.configure(load_profile(profile))
    with pytest.raises(ScorerUnavailable, match="'multilingual'"):
        scorer.load()


def test_cli_models_install_and_check(model_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from clausewatch.cli import app

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    runner = CliRunner()
    before = runner.invoke(app, ["models", "check"])
    assert "detoxify original: not installed" in before.output
    done = runner.invoke(app, ["models", "install", str(model_folder)])
    assert done.exit_code == 0, done.output
    assert "detoxify original installed" in done.output
    after = runner.invoke(app, ["models", "check"])
    assert "detoxify original: installed:" in after.output
    bad = runner.invoke(app, ["models", "install", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "error:" in bad.output


def test_optimised_scores_stay_within_tolerance_of_plain_fp32(installed_scorer: DetoxifyScorer,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from classifiers import fast_runtime

    precision = installed_scorer.version.split(f"{locate('original').fingerprint}-", 1)[1]
    assert installed_scorer.note.startswith(f"detoxify-original runs at {precision} (")
    texts = ["short", "a much longer post about the school " * 40, "", "you are a disgrace to that school"]
    optimised = installed_scorer.score(texts)
    monkeypatch.setattr(fast_runtime, "ENABLED", False)
    plain = DetoxifyScorer()
    plain.load()
    assert plain.version.endswith("-fp32")
    for fast, slow in zip(optimised, plain.score(texts), strict=True):
        assert fast == pytest.approx(slow, abs=fast_runtime.TOLERANCE)


def test_cli_models_optimise_and_check_name_the_precision(model_folder: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from classifiers import fast_runtime
    from clausewatch.cli import app

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setattr(fast_runtime, "PROBE_COUNT", 8)
    install(model_folder)
    runner = CliRunner()
    before = runner.invoke(app, ["models", "check"])
    assert "original: installed:" in before.output and "runs at fp32 until optimised" in before.output
    done = runner.invoke(app, ["models", "optimise"])
    assert done.exit_code == 0, done.output
    assert "minilm runs at " in done.output and "detoxify-original runs at " in done.output
    chosen = done.output.split("detoxify-original runs at ", 1)[1].split(" ", 1)[0]
    after = runner.invoke(app, ["models", "check"])
    assert f"runs at {chosen}" in after.output
