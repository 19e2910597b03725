#!/usr/bin/env bash
# Sets up the machine, then builds and runs every test suite of every target.
# Ends with one line "N passed, N failed" (N counts test suites per runtime:
# each ctest entry, each node:test test, each pytest test, each conformance
# vector per host) and exits non-zero on any failure.
#
#   scripts/test.sh                 everything
#   scripts/test.sh native wasi     only the named stages (see STAGES below)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS="$ROOT/build/test-logs"

# shellcheck source=scripts/lib/stages.sh
source scripts/lib/stages.sh

STAGES=(lint native native-asan fuzz node node_binding wasi wasi_binding python_function consumer conformance load)
if [ $# -gt 0 ]; then
  # An unknown stage is an error that lists the stages, not "0 passed, 0 failed".
  for stage in "$@"; do
    if ! declare -F "stage_${stage//-/_}" >/dev/null; then
      echo "scripts/test.sh: unknown stage '$stage'; the stages are: ${STAGES[*]}" >&2
      echo "0 passed, 1 failed"
      exit 2
    fi
  done
  STAGES=("$@")
fi

setup_start=$(date +%s)
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
setup_seconds=$(( $(date +%s) - setup_start ))
mkdir -p "$LOGS"

start=$(date +%s)
TIMES=()
for stage in "${STAGES[@]}"; do
  stage_start=$(date +%s)
  "stage_${stage//-/_}" || true
  TIMES+=("$(printf '%-16s %5ds' "$stage" $(( $(date +%s) - stage_start )))")
done
elapsed=$(( $(date +%s) - start ))

echo
echo "== wall time per stage (${elapsed}s, and ${setup_seconds}s of setup before them) =="
printf '%s\n' "${TIMES[@]}"
echo
echo "== summary (${elapsed}s) =="
printf '%s\n' "${SUMMARY[@]}"
if [ "${#FAILURES[@]}" -gt 0 ]; then
  echo
  echo "== what failed (from the logs above) =="
  printf '%s\n' "${FAILURES[@]}"
  echo
fi
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
