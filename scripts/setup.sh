#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the hash-pinned dependencies (requirements.lock),
# then storyline itself. Re-running is quick: nothing is reinstalled unless the lock changed.
# The lock pins smart-open as `smart-open[http]==...` (weasel asks for the extra): pip's
# --require-hashes mode otherwise takes the extra for an unpinned requirement once a newer
# smart-open reaches the registry. Keep that line so when regenerating the lock with uv.
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
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
