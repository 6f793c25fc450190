"""Every school of a local authority in one run: parallel, separate, one failure never stops another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from clausewatch.errors import InputError
from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Finding, StoredPost
from flows.nightly import RunSummary
from flows.schools import SchoolFailure, profiles_in, with_parallelism

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLE_PROFILE, folder / "llandough.toml")
    shutil.copy(EXAMPLE_PROFILE.parent / "llandough-posts.jsonl", folder)
    shutil.copy(ST_BRYNACH / "profile.toml", folder / "st-brynach.toml")
    shutil.copy(ST_BRYNACH / "posts.jsonl", folder)
    return folder


@pytest.mark.usefixtures("prefect_harness")
def test_every_school_in_a_folder_runs_and_one_broken_school_never_stops_another(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.toml").write_text("[school]\nname = 'Broken School'\nscoring = 3\n", encoding="utf-8")

    outcomes = with_parallelism(get_settings())(str(folder))

    summaries = [o for o in outcomes if isinstance(o, RunSummary)]
    failures = [o for o in outcomes if isinstance(o, SchoolFailure)]
    assert sorted(s.school for s in summaries) == ["Llandough Primary School",
                                                   "St Brynach's Church in Wales Primary School"]
    assert [Path(f.profile_path).name for f in failures] == ["broken.toml"]
    assert "ProfileError" in failures[0].error
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        by_school = {school: set(session.scalars(select(StoredPost.post_id).where(StoredPost.school == school)))
                     for school in ("llandough-primary-school", "st-brynach-s-church-in-wales-primary-school")}
        finding_schools = set(session.scalars(select(Finding.school)))
    assert all(by_school.values()) and not by_school["llandough-primary-school"] & by_school[
        "st-brynach-s-church-in-wales-primary-school"]
    assert finding_schools == set(by_school)


def test_an_empty_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no school profiles"):
        profiles_in(tmp_path)


@pytest.mark.usefixtures("prefect_harness")
def test_with_dask_scoring_a_school_with_news_scores_on_the_cluster_and_a_quiet_night_starts_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import distributed

    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLE_PROFILE, folder / "llandough.toml")
    shutil.copy(EXAMPLE_PROFILE.parent / "llandough-posts.jsonl", folder)
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER", "dask")  # a LocalCluster on 127.0.0.1 for each subflow
    clusters: list[object] = []
    real = distributed.LocalCluster.__init__

    def counted(self, *args, **kwargs):
        clusters.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(distributed.LocalCluster, "__init__", counted)
    flow = with_parallelism(get_settings())

    [first] = flow(str(folder))
    [quiet] = flow(str(folder))

    assert isinstance(first, RunSummary) and first.sources[0].new > 0 and first.sources[0].findings > 0
    assert isinstance(quiet, RunSummary) and quiet.artifact and quiet.sources[0].error is None
    assert len(clusters) == 1  # the school's subflow scored on one; its quiet night needed none
