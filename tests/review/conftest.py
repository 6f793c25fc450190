"""Fixtures for the review pages' tests: one night's database per module, and the app over it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from review_support import Night, fill_night


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Night:
    """One filled database per test module (tests in a module may change it: each picks its own finding)."""
    return fill_night(tmp_path_factory.mktemp("night"))


@pytest.fixture
def app_for(night: Night) -> Callable[..., FastAPI]:
    """Build the app over the night's database, its profile copy editable from the pages."""
    from review.app import create_app

    return lambda **kw: create_app(database_url=night.url, profiles=[night.profile], **kw)
