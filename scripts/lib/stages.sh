# Test stages for scripts/test.sh. Each stage_<name> runs one suite and records
# its counts with `record`; a stage that cannot build counts as one failure.
# shellcheck shell=bash
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

record() {  # record <stage> <passed> <failed>
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
  SUMMARY+=("$(printf '%-28s %4d passed, %d failed' "$1" "$2" "$3")")
}

# run_logged <stage> <cmd...>: runs the command, output to build/test-logs/<stage>.log;
# shows the log's tail when it fails.
run_logged() {
  local stage=$1; shift
  local log="$LOGS/$stage.log"
  echo "== $stage: $*"
  if "$@" >"$log" 2>&1; then return 0; fi
  echo "-- $stage failed; last lines of $log:"
  tail -n 40 "$log"
  return 1
}

# ctest_workflow <preset>: configure, build, test through the workflow preset and
# count ctest's results ("N% tests passed, F tests failed out of T").
ctest_workflow() {
  local preset=$1 log="$LOGS/$1.log"
  run_logged "$preset" cmake --workflow --preset "$preset"
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    record "$preset (build)" 0 1
    return 1
  fi
  local failed total
  failed=$(sed -E 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
  record "ctest $preset" $((total - failed)) "$failed"
  [ "$failed" -eq 0 ]
}

stage_native() { ctest_workflow native; }
stage_native_asan() { ctest_workflow native-asan; }
stage_node() { ctest_workflow node; }
stage_wasi() { ctest_workflow wasi; }

# stage_fuzz: every libFuzzer target for YCFN_FUZZ_SECONDS (default 20) seconds
# (scripts/fuzz.sh); one pass or fail per target.
stage_fuzz() {
  local seconds=${YCFN_FUZZ_SECONDS:-20} log="$LOGS/fuzz.log"
  run_logged fuzz scripts/fuzz.sh "$seconds"
  local status=$? lines line target result
  lines=$(sed -n '/^== fuzz summary/,$p' "$log" | grep '^fuzz: ')
  if [ -z "$lines" ]; then
    record "fuzz (build)" 0 1
    return 1
  fi
  while read -r line; do
    target=$(awk '{print $2}' <<<"$line")
    result=$(awk '{print $3}' <<<"$line")
    if [ "$result" = ok ]; then record "fuzz $target (${seconds}s)" 1 0; else record "fuzz $target (${seconds}s)" 0 1; fi
  done <<<"$lines"
  return "$status"
}
