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
exit $status
