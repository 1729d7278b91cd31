#!/usr/bin/env bash
# The main job: set up, ingest PATHS (default: the sample corpus we ship), show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export STORYLINE_DB=${STORYLINE_DB:-storyline.db}
status=0
if [ $# -eq 0 ]; then set -- samples/corpus; fi
.venv/bin/storyline ingest "$@" || status=$?
.venv/bin/storyline summary
.venv/bin/storyline stories --limit 5
# the largest story's briefing: what a newcomer should see first
story=$(.venv/bin/storyline stories --json | .venv/bin/python -c 'import json,sys; s=json.load(sys.stdin); print(s[0]["id"] if s else "")')
if [ -n "$story" ]; then .venv/bin/storyline timeline "$story"; fi
exit $status
