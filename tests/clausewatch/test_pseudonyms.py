"""clausewatch/pseudonyms.py: stable per-school keyed pseudonyms, key from settings or a private file."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.settings import Settings, get_settings


def _keyed(key: str, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", pseudonym_key=key)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(("school-a", "reddit", "dad123"), ("school-a", "reddit", "dad123"), True,
                     id="same-author-same-school-same"),
        pytest.param(("school-a", "reddit", "Dad123"), ("school-a", "reddit", "dad123"), True,
                     id="handle-case-ignored"),
        pytest.param(("school-a", "reddit", "dad123"), ("school-b", "reddit", "dad123"), False,
                     id="different-school-different"),
        pytest.param(("school-a", "reddit", "dad123"), ("school-a", "bluesky", "dad123"), False,
                     id="different-platform-different"),
        pytest.param(("school-a", "reddit", "dad123"), ("school-a", "reddit", "mum456"), False,
                     id="different-author-different"),
    ],
)
def test_pseudonym_stability(tmp_path: Path, first: tuple[str, str, str], second: tuple[str, str, str],
                             same: bool) -> None:
    settings = _keyed("test-key", tmp_path)
    one = Pseudonymiser(settings, first[0])(first[1], first[2])
    two = Pseudonymiser(settings, second[0])(second[1], second[2])
    assert (one == two) is same


def test_pseudonym_shape_hides_the_handle(tmp_path: Path) -> None:
    pseudonym = Pseudonymiser(_keyed("test-key", tmp_path), "school-a")("reddit", "dad123")
    assert re.fullmatch(r"author-[0-9a-f]{10}", pseudonym)
    assert "dad123" not in pseudonym


def test_different_key_gives_different_pseudonym(tmp_path: Path) -> None:
    one = Pseudonymiser(_keyed("key-one", tmp_path), "school-a")("reddit", "dad123")
    two = Pseudonymiser(_keyed("key-two", tmp_path), "school-a")("reddit", "dad123")
    assert one != two


def test_key_from_settings_writes_no_key_file(tmp_path: Path) -> None:
    settings = _keyed("test-key", tmp_path)
    Pseudonymiser(settings, "school-a")("reddit", "dad123")
    assert not (settings.home_dir / "pseudonym.key").exists()


def test_key_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_PSEUDONYM_KEY", "env-key")
    from_env = Pseudonymiser(get_settings(), "school-a")("reddit", "dad123")
    assert from_env == Pseudonymiser(_keyed("env-key", tmp_path), "school-a")("reddit", "dad123")


def test_without_key_a_private_key_file_is_made_under_home(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = Pseudonymiser(settings, "school-a")("reddit", "dad123")
    key_file = tmp_path / "home" / "pseudonym.key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    # A second pseudonymiser reads the same file: pseudonyms survive between runs.
    assert Pseudonymiser(settings, "school-a")("reddit", "dad123") == first


def test_key_file_differs_from_a_settings_key(tmp_path: Path) -> None:
    from_file = Pseudonymiser(Settings(home=tmp_path / "home"), "school-a")("reddit", "dad123")
    from_settings = Pseudonymiser(_keyed("test-key", tmp_path), "school-a")("reddit", "dad123")
    assert from_file != from_settings


def test_default_home_comes_from_environment(tmp_path: Path) -> None:
    # conftest points CLAUSEWATCH_HOME at tmp_path.
    Pseudonymiser(get_settings(), "school-a")("reddit", "dad123")
    assert (tmp_path / "pseudonym.key").is_file()


@pytest.mark.parametrize(
    ("author", "expected_empty"),
    [pytest.param("", True, id="empty-author-empty"), pytest.param("x", False, id="one-letter-author-pseudonym")],
)
def test_empty_author_gives_empty_pseudonym(tmp_path: Path, author: str, expected_empty: bool) -> None:
    pseudonym = Pseudonymiser(_keyed("test-key", tmp_path), "school-a")("reddit", author)
    assert (pseudonym == "") is expected_empty
