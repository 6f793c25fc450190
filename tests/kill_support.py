"""A real kill for the recovery tests: ``clausewatch`` in a child process that dies mid-scoring, no clean-up."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

# The child's second scoring call ends the process with os._exit(137): no finally, no atexit, no flush.
KILLER = (
    "import os, sys\n"
    "from classifiers.profanity import ProfanityScorer\n"
    "real = ProfanityScorer.score\n"
    "calls = []\n"
    "def score(self, texts):\n"
    "    calls.append(1)\n"
    "    if len(calls) == 2:\n"
    "        os._exit(137)\n"
    "    return real(self, texts)\n"
    "ProfanityScorer.score = score\n"
    "from clausewatch.cli import main\n"
    "sys.argv = ['clausewatch', *sys.argv[1:]]\n"
    "main()\n"
)


def run_killed_midway(args: list[str], log: Path) -> int:
    """Run ``clausewatch ARGS`` until it kills itself while scoring; its output goes to ``log``; its exit code."""
    # The child starts its own temporary Prefect server: give it the start-up time tests/conftest.py gives the
    # harness's (Prefect's default 20 s is not always enough on 2 busy cores).
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    with log.open("wb") as out:
        # Its own process group, so the temporary Prefect server it started dies with it.
        child = subprocess.Popen([sys.executable, "-c", KILLER, *args], env=env, stdout=out, stderr=out,
                                 start_new_session=True)
        try:
            return child.wait(timeout=300)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
