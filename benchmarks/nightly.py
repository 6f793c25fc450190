"""End-to-end benchmark: nightly runs for 1, 10 and 100 schools, then an immediate re-run with nothing new.

    .venv/bin/python benchmarks/nightly.py                 # SQLite, all three sizes
    .venv/bin/python benchmarks/nightly.py --postgres      # also on a throwaway PostgreSQL cluster
    .venv/bin/python benchmarks/nightly.py --sizes 1x2000  # one size only

Each size runs in its own child process (so its peak memory is its own), started as ``clausewatch run``
starts a night: one school's profile on its own, or a folder of profiles through the all-schools flow, with
the schools' default scorers. The SQLite rows use a Prefect server on SQLite, as one school's machine does;
the PostgreSQL rows put clausewatch and the Prefect server on PostgreSQL, as a local authority does.
Printed side by side in one run.

Columns: ``rerun s`` is the immediate re-run in the same process (``rerun %`` of the first run), with what it
fetched again (``refetch``) and stored new (``new``); ``fresh s`` is the same re-run once more in a new process,
as a real night runs, imports included.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _child(folder: str, labels: tuple[str, ...]) -> None:
    """Run the night once per label in this process and print the figures as JSON.

    It starts the night as ``clausewatch run`` does: one school's profile on its own, or the folder of them.
    ``fresh`` is a re-run in a new process, as a real night is: its time includes importing clausewatch.
    """
    started = time.perf_counter()
    from clausewatch.settings import quiet_prefect_defaults

    quiet_prefect_defaults()
    from flows.schools import run_now

    profiles = sorted(Path(folder).glob("*.toml"))
    target = profiles[0] if len(profiles) == 1 else Path(folder)
    figures = {"imports_s": time.perf_counter() - started}
    for label in labels:
        started = time.perf_counter() if label != "fresh" else started
        outcomes = run_now(target)
        figures[f"{label}_s"] = time.perf_counter() - started
        figures[f"{label}_fetched"] = sum(s.fetched for o in outcomes for s in getattr(o, "sources", []))
        figures[f"{label}_new"] = sum(s.new for o in outcomes for s in getattr(o, "sources", []))
        figures[f"{label}_failed"] = sum(1 for o in outcomes if not hasattr(o, "sources"))
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("FIGURES " + json.dumps(figures))


def _measure(schools: int, posts: int, database_url: str | None, api_url: str) -> dict[str, float]:
    from nights import write_night

    with tempfile.TemporaryDirectory(prefix="clausewatch-bench-") as tmp:
        folder = Path(tmp) / "profiles"
        write_night(folder, schools, posts)
        env = {**os.environ, "CLAUSEWATCH_HOME": str(Path(tmp) / "home"), "PREFECT_API_URL": api_url}
        if database_url:
            env["CLAUSEWATCH_DATABASE_URL"] = database_url
        else:
            env.pop("CLAUSEWATCH_DATABASE_URL", None)
        figures = _run_child(folder, env, "first,rerun")
        figures["fresh_s"] = _run_child(folder, env, "fresh")["fresh_s"]
        return figures


def _run_child(folder: Path, env: dict[str, str], labels: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", str(folder), "--labels", labels], env=env,
                          capture_output=True, text=True, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("FIGURES ")), None)
    if line is None:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(line.removeprefix("FIGURES "))
    return figures


def _row(database: str, schools: int, posts: int, f: dict[str, float]) -> str:
    rate = f["first_fetched"] / f["first_s"] if f["first_s"] else 0.0
    share = 100 * f["rerun_s"] / f["first_s"] if f["first_s"] else 0.0
    return (f"{database:10} {schools:>7} {posts:>9} {f['first_fetched']:>9.0f} {f['first_s']:>9.1f} {rate:>9.0f} "
            f"{f['peak_mb']:>8.0f} {f['rerun_s']:>9.2f} {share:>7.1f}% {f['fresh_s']:>8.1f} {f['rerun_new']:>5.0f} "
            f"{f['rerun_fetched']:>7.0f} {f['first_failed']:>6.0f}")


def _build_models_once() -> None:
    """Build the optimised models into one shared cache before timing, as `clausewatch models optimise` does
    once on a school's machine: a night's time is scoring, not a one-off build (about 15 CPU-seconds)."""
    cache = Path(tempfile.mkdtemp(prefix="clausewatch-bench-models-"))
    os.environ["CLAUSEWATCH_MODEL_CACHE"] = str(cache)
    env = {**os.environ, "CLAUSEWATCH_HOME": str(cache / "home")}
    subprocess.run([sys.executable, "-m", "clausewatch.cli", "models", "optimise"], env=env, check=True,
                   capture_output=True)


def main() -> None:
    """Parse the options and print one table of figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1x2000,10x500,100x500", help="SCHOOLSxPOSTS, comma-separated")
    parser.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL cluster")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--labels", default="first,rerun", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, tuple(args.labels.split(",")))
        return
    # A fresh Prefect database for every benchmark: flow-run creation slows as the server's SQLite file grows
    # (a 450 MB ~/.prefect/prefect.db made each school's subflow cost about 1.5 s), which is not our night.
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="clausewatch-bench-prefect-")
    from clausewatch.settings import quiet_prefect_defaults

    quiet_prefect_defaults()
    _build_models_once()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    print(f"{'database':10} {'schools':>7} {'posts/sch':>9} {'fetched':>9} {'first s':>9} {'posts/s':>9} "
          f"{'peak MB':>8} {'rerun s':>9} {'rerun %':>8} {'fresh s':>8} {'new':>5} {'refetch':>7} {'failed':>6}")
    with _prefect_server(None) as api_url:
        for schools, posts in sizes:
            print(_row("sqlite", schools, posts, _measure(schools, posts, None, api_url)), flush=True)
    if args.postgres:
        from postgres_server import create_database, temporary_cluster

        # A local authority's set-up (README): clausewatch and the Prefect server both on PostgreSQL.
        with temporary_cluster() as pg:
            prefect_url = create_database(pg, "prefect").replace("+psycopg", "+asyncpg")
            with _prefect_server(prefect_url) as api_url:
                for schools, posts in sizes:
                    figures = _measure(schools, posts, create_database(pg), api_url)
                    print(_row("postgresql", schools, posts, figures), flush=True)


@contextlib.contextmanager
def _prefect_server(database_url: str | None) -> Iterator[str]:
    """A Prefect server for the runs (its own SQLite file, or the PostgreSQL database given); yields its API URL.

    Prefect's SQLite server answers 503 "database is locked" when a subflow's tracking task run is written
    while it records events (PrefectHQ/prefect#18934), and the client waits about two seconds before trying
    again: one school on its own has no subflow, but a folder of them on a SQLite Prefect server pays that
    wait on most schools. A local authority runs its Prefect server on PostgreSQL, as the PostgreSQL rows do.
    """
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL, temporary_settings

    updates = {PREFECT_API_DATABASE_CONNECTION_URL: database_url} if database_url else {}
    with temporary_settings(updates=updates):
        server = SubprocessASGIServer()
        server.start(timeout=120)
    try:
        yield server.api_url
    finally:
        server.stop()


if __name__ == "__main__":
    main()
