"""Make docs/report.png: the top of the example night's triage report, as a headteacher sees it.

Runs the example night in a throwaway data folder (no network, no credentials), opens the report in Debian's
headless Chromium through Playwright and saves a screenshot. Usage: .venv/bin/python scripts/screenshot_report.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "report.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def run_example_night(home: str) -> Path:
    """Run `clausewatch run` with the bundled example; returns the report's path."""
    env = {**os.environ, "CLAUSEWATCH_HOME": home}
    done = subprocess.run([sys.executable, "-m", "clausewatch.cli", "run"], env=env, capture_output=True,
                          text=True, check=False)
    if "Report written to " not in done.stdout:
        sys.exit(f"the example night did not write a report:\n{done.stdout}\n{done.stderr}")
    return Path(done.stdout.split("Report written to ", 1)[1].splitlines()[0].strip())


def screenshot(report: Path, target: Path, width: int = 960, height: int = 1500) -> None:
    """The first screenful and a half of the report, at desktop width."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.goto(report.resolve().as_uri())
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()


def main() -> None:
    """Run the night, take the picture, say where it is."""
    with tempfile.TemporaryDirectory() as home:
        screenshot(run_example_night(home), TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
