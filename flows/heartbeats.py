"""Prefect flow-run heartbeats, switched off where nothing watches them.

A heartbeat lets a Prefect server mark a flow run as crashed when its process dies, through an automation
that watches for missing heartbeats. A served deployment keeps them. Two kinds of run do not need them:

- a school's subflow inside the all-schools flow: that flow's own heartbeat already says the process is alive;
- a night started from the command line: no runner or automation is watching it, and the run contact hears
  of a night that never finished from the deadline check (flows/deadline.py).

They are not free: the heartbeat thread sleeps in whole seconds, so a flow with one waits up to a second for
it to stop, at every flow's end. On a night with nothing new, that wait was most of the night.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import prefect.context
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, Settings

__all__ = ["without_heartbeats"]

_COPIES: dict[int, tuple[Settings, Settings]] = {}  # id(settings) -> (settings, the same without heartbeats)
_COPYING = threading.Lock()


@contextmanager
def without_heartbeats() -> Iterator[Settings]:
    """Prefect settings, for this thread (and the task threads it starts), under which flows send none.

    Copying Prefect's settings re-reads its environment and files (tens of milliseconds), so each settings
    object is copied once and the copy reused: every school of every night enters here.
    """
    current = prefect.context.get_settings_context()
    with _COPYING:
        original, quiet = _COPIES.get(id(current.settings), (None, None))
        if original is not current.settings or quiet is None:
            quiet = current.settings.copy_with_update(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
            _COPIES[id(current.settings)] = (current.settings, quiet)  # keeps the original alive: ids stay unique
    with prefect.context.SettingsContext(profile=current.profile, settings=quiet):
        yield quiet
