#!/usr/bin/env bash
# The main job, end to end (the examples issue fills this in). For now: set up,
# then build and run the core's smoke check on all three targets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for preset in native node wasi; do
  echo "== $preset"
  cmake --workflow --preset "$preset" | grep -E 'tests passed|Test #'
done
