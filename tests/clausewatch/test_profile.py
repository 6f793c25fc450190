"""clausewatch/profile.py: profiles load, and every broken one names the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewatch.errors import InputError, ProfileError
from clausewatch.profile import EXAMPLE_PROFILE, load_profile

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach" / "profile.toml"
SCHOOL = '[school]\nname = "Test School"\n'


def test_bundled_example_loads_with_no_path() -> None:
    profile = load_profile()
    assert profile.path == EXAMPLE_PROFILE.resolve()
    assert profile.school.name == "Llandough Primary School"
    assert profile.school.slug == "llandough-primary-school"
    assert len(profile.sha256) == 64


def test_bundled_example_declares_two_staff_with_handles() -> None:
    profile = load_profile()
    with_handles = [p.name for p in profile.people if p.handles]
    assert with_handles == ["Sian Pritchard", "Gareth Llewellyn"]
    assert all(p.role == "staff" for p in profile.people if p.handles)
    assert "reddit:sian_pritchard_teaches" in profile.staff_handles()


def test_bundled_example_file_paths_resolve_to_existing_file() -> None:
    paths = load_profile().file_paths()
    assert len(paths) == 1
    assert paths[0].name == "llandough-posts.jsonl"
    assert paths[0].is_file()


def test_bundled_example_thresholds_come_from_its_profile() -> None:
    profile = load_profile()
    assert (profile.threshold("threatening").review, profile.threshold("threatening").priority) == (0.4, 0.67)
    assert (profile.threshold("confidential").review, profile.threshold("confidential").priority) == (0.5, 0.75)


def test_st_brynach_profile_loads() -> None:
    profile = load_profile(ST_BRYNACH)
    assert profile.school.name == "St Brynach's Church in Wales Primary School"
    assert profile.school.slug == "st-brynach-s-church-in-wales-primary-school"
    assert profile.school.local_authority == "Pembrokeshire County Council"
    assert profile.file_paths() == [ST_BRYNACH.resolve().parent / "posts.jsonl"]
    assert profile.file_paths()[0].is_file()


def test_profile_without_people_or_sources_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "minimal.toml"
    path.write_text(SCHOOL)
    profile = load_profile(path)
    assert profile.people == []
    assert profile.file_paths() == []
    assert profile.scoring.scorers == ["minilm", "profanity", "confidential"]  # the whole offline ensemble


def _person(name: str, role: str, extra: str = "") -> str:
    return f'[[people]]\nname = "{name}"\nrole = "{role}"\n{extra}'


BROKEN = [
    pytest.param(b'[school\nname = "x"\n', None, "not valid TOML", id="bad-toml"),
    pytest.param(b'[school]\naliases = ["Test"]\n', "school.name", "required", id="missing-school-name"),
    pytest.param(b'name = "Test School"\n', "school", "required", id="missing-school-table"),
    pytest.param((SCHOOL + _person("Ann Example", "teacher")).encode(), "people[1].role", "staff",
                 id="role-teacher-first-person"),
    pytest.param((SCHOOL + _person("Ann Example", "staff") + _person("Bob Example", "teacher")).encode(),
                 "people[2].role", "staff", id="role-teacher-second-person"),
    pytest.param((SCHOOL + '[thresholds]\nderogatory = { review = "high" }\n').encode(),
                 "thresholds.derogatory.review", "number", id="threshold-review-not-a-number"),
    pytest.param((SCHOOL + '[thresholds]\nderogatory = { review = 1.5 }\n').encode(),
                 "thresholds.derogatory.review", "less than or equal to 1", id="threshold-review-above-one"),
    pytest.param((SCHOOL + '[thresholds]\nderogatory = { review = 0.8, priority = 0.5 }\n').encode(),
                 "thresholds.derogatory", "priority must be at least review", id="priority-below-review"),
    pytest.param((SCHOOL + '[thresholds]\nrudeness = { review = 0.5 }\n').encode(),
                 "thresholds.rudeness", "derogatory", id="unknown-threshold-category"),
    pytest.param((SCHOOL + '[sources.myspace]\ngroups = ["x"]\n').encode(), "sources", "myspace",
                 id="unknown-source"),
    pytest.param((SCHOOL + '[sources.file]\npaths = 3\n').encode(), "sources.file.paths", "list",
                 id="file-source-paths-not-a-list"),
    pytest.param((SCHOOL + _person("Ann Example", "staff", 'handles = ["ann_example"]\n')).encode(),
                 "people[1].handles", "platform:name", id="handle-without-platform"),
    pytest.param((SCHOOL + _person("Ann Example", "staff", 'handles = ["myspace:ann"]\n')).encode(),
                 "people[1].handles", "platform:name", id="handle-unknown-platform"),
    pytest.param((SCHOOL + _person("Cai Example", "pupil", 'handles = ["reddit:cai"]\n')).encode(),
                 "people[1]", "only staff", id="handles-on-a-pupil"),
    pytest.param((SCHOOL + _person("Gov Example", "governor", 'handles = ["reddit:gov"]\n')).encode(),
                 "people[1]", "only staff", id="handles-on-a-governor"),
    pytest.param(('colour = "red"\n' + SCHOOL).encode(), "colour", "not a known field",
                 id="unknown-top-level-key"),
    pytest.param((SCHOOL + 'motto = "x"\n').encode(), "school.motto", "not a known field",
                 id="unknown-school-key"),
    pytest.param(SCHOOL.encode() + b'local_authority = "Cyngor \xff"\n', None, "UTF-8", id="invalid-utf8"),
]


@pytest.mark.parametrize(("content", "field", "problem"), BROKEN)
def test_broken_profile_names_file_and_field(tmp_path: Path, content: bytes, field: str | None,
                                             problem: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    error = caught.value
    assert error.field == field
    assert str(path) in str(error)
    if field:
        assert f": {field}:" in str(error)
    assert problem in str(error)


def test_missing_profile_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ProfileError, match="file not found") as caught:
        load_profile(path)
    assert caught.value.path == str(path)
    assert caught.value.field is None
    assert str(path) in str(caught.value)


def test_profile_error_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[school\n")
    with pytest.raises(InputError):
        load_profile(path)
