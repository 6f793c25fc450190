"""flows/deadline.py: the late-run check as a flow, as ``clausewatch deploy`` serves it at finish_by."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewatch.profile import EXAMPLE_PROFILE
from flows.deadline import check_deadline_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _profile(tmp_path: Path, finish_by: str) -> str:
    path = tmp_path / "school.toml"
    path.write_text(EXAMPLE_PROFILE.read_text(encoding="utf-8") + f'\n[schedule]\nfinish_by = "{finish_by}"\n',
                    encoding="utf-8")
    return str(path)


def test_with_no_run_by_finish_by_the_contact_is_told_once_a_day(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "00:00")  # always past today's deadline, and no run has ever finished

    first = check_deadline_flow(profile_paths=[profile])
    again = check_deadline_flow(profile_paths=[profile])

    # The example names no recipients: the notice is recorded as not sent, and not tried twice in a day.
    assert first == ["Llandough Primary School: late-run notice not sent (no recipients in the profile)"]
    assert again == ["Llandough Primary School: nothing due"]


def test_every_school_in_a_folder_is_checked(tmp_path: Path) -> None:
    folder = tmp_path / "schools"
    folder.mkdir()
    example = Path(_profile(tmp_path, "00:00")).read_text(encoding="utf-8")
    (folder / "a.toml").write_text(example, encoding="utf-8")
    (folder / "b.toml").write_text(example.replace('name = "Llandough Primary School"', 'name = "Llandough Infants"'),
                                   encoding="utf-8")

    lines = check_deadline_flow(profiles_dir=str(folder))

    assert lines == [f"{school}: late-run notice not sent (no recipients in the profile)"
                     for school in ("Llandough Primary School", "Llandough Infants")]
