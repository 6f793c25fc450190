#!/usr/bin/env bash
# The test command: ruff, then the whole pytest suite, offline (pytest-socket allows loopback only).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
