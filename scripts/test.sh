#!/usr/bin/env bash
# Set up with the test extras, then lint, type-check and run every test (quality gates included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check storyline tests bench samples
.venv/bin/ruff format --check storyline tests bench samples
.venv/bin/mypy
.venv/bin/pytest -q "$@"
