"""Shared fixtures: every test gets its own data folder and no pseudonym key from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _session_homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Nothing at any fixture scope, nor any child process, touches the real ~/.clausewatch or ~/.prefect."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CLAUSEWATCH_HOME", str(tmp_path_factory.mktemp("clausewatch-home")))
    patch.setenv("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    # Optimised models are built once per session, not once per test's home (a build costs ~15 CPU-seconds).
    patch.setenv("CLAUSEWATCH_MODEL_CACHE", str(tmp_path_factory.mktemp("model-cache")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_HOME", str(tmp_path))
    monkeypatch.delenv("CLAUSEWATCH_PSEUDONYM_KEY", raising=False)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server on loopback for the whole session: flows run for real, offline."""
    import os

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


pytest_plugins = ["postgres_server"]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same test on SQLite and on a real PostgreSQL server; also set as the configured database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clausewatch.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("CLAUSEWATCH_DATABASE_URL", url)
    return url
