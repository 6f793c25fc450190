#!/usr/bin/env bash
# Create .venv and install clausewatch into it. torch goes first and pinned: the CPU build lies on
# disk here, and any unpinned torch would pull a multi-GB CUDA build from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
echo "clausewatch installed in .venv: .venv/bin/clausewatch --help"
