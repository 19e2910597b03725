#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-19, ASan+UBSan) and
# runs each for a while at low priority, as many at once as the machine has
# cores (YCFN_FUZZ_JOBS overrides): each target still gets its full time.
#
#   scripts/fuzz.sh                  every target, 60 s each
#   scripts/fuzz.sh 20               every target, 20 s each
#   scripts/fuzz.sh 600 fuzz_abi     one target, 10 minutes
#
# Each target runs over a temporary working corpus seeded from
# fuzz/corpus/<target>/ (the committed seeds are never written to), with the
# dictionaries of fuzz/dict/ that fit it. One line per target:
#
#   fuzz: <target> <ok|CRASH|FAIL> <seconds>s <executions> execs <N> exec/s cov <N> ft <N> corpus <N>
#
# A crash (sanitizer report, abort, broken invariant, leak, timeout) is saved
# under build/fuzz/artifacts/<target>/ and its reproducer printed; the script
# then exits non-zero. Logs: build/fuzz/logs/<target>.log.
# YCFN_FUZZ_KEEP_CORPUS=1 keeps the working corpora (build/fuzz/work/).
set -uo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(fuzz_metadata_reply fuzz_context_token fuzz_http_event fuzz_trigger_event fuzz_websocket_event fuzz_base64 fuzz_abi fuzz_outbound fuzz_json_writer fuzz_xml)
SECONDS_PER_TARGET=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
if ! [[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds-per-target] [target...]" >&2
  exit 2
fi
for target in "${TARGETS[@]}"; do
  if [[ " ${ALL_TARGETS[*]} " != *" $target "* ]]; then
    echo "fuzz: unknown target $target (targets: ${ALL_TARGETS[*]})" >&2
    exit 2
  fi
done

BUILD=build/fuzz
ARTIFACTS=$BUILD/artifacts
LOGS=$BUILD/logs
WORK=$BUILD/work
DICTS=$BUILD/dict

scripts/setup.sh || { echo "fuzz: setup failed"; exit 2; }
mkdir -p "$LOGS"
echo "== fuzz: configure and build (preset fuzz)"
if ! { cmake --preset fuzz && nice -n 10 cmake --build --preset fuzz -j2; } >"$LOGS/build.log" 2>&1; then
  tail -n 40 "$LOGS/build.log"
  echo "fuzz: build failed (see $LOGS/build.log)"
  exit 2
fi

# The dictionaries each target gets (concatenated; libFuzzer takes one).
dicts_for() {
  case $1 in
    fuzz_metadata_reply) echo json token metadata ;;
    fuzz_context_token) echo json token ;;
    fuzz_http_event) echo json http_event ;;
    fuzz_trigger_event) echo json trigger_event ;;
    fuzz_websocket_event) echo json websocket_event http_event ;;
    fuzz_base64) echo base64 ;;
    fuzz_abi) echo json token http_event metadata abi ;;
    fuzz_outbound) echo outbound ;;
    fuzz_json_writer) echo json ;;
    fuzz_xml) echo xml ;;
  esac
}
# Inputs longer than libFuzzer's default (4096 bytes) for the targets whose
# seeds are several sections or a reply with headers.
max_len_for() {
  case $1 in
    fuzz_abi | fuzz_metadata_reply) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# final_stat <log> <name>: a `stat::<name>: N` line of -print_final_stats.
final_stat() { sed -n "s/^stat::$2: *\([0-9]*\).*/\1/p" "$1" | tail -n 1; }

# run_target <target>: one libFuzzer run; writes its summary line to
# $RESULTS/<target> and prints what a failure needs to be reproduced.
run_target() {
  local target=$1 work dict log start rc elapsed execs rate last cov ft corp artifact result line
  mkdir -p "$WORK" "$ARTIFACTS/$target" "$DICTS"
  work=$(mktemp -d "$WORK/$target.XXXXXX")
  cp fuzz/corpus/"$target"/* "$work"/
  dict="$DICTS/$target.dict"
  : >"$dict"
  for d in $(dicts_for "$target"); do cat "fuzz/dict/$d.dict" >>"$dict"; done
  log="$LOGS/$target.log"
  echo "== fuzz: $target for ${SECONDS_PER_TARGET}s (log: $log)"
  start=$(date +%s)
  nice -n 10 "$BUILD/fuzz/$target" "$work" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len_for "$target")" -timeout=10 \
    -rss_limit_mb=2048 -dict="$dict" -artifact_prefix="$ARTIFACTS/$target/" -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))

  execs=$(final_stat "$log" number_of_executed_units)
  rate=$(final_stat "$log" average_exec_per_sec)
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p' <<<"$last")
  artifact=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -n 1)
  if [ "$rc" -eq 0 ]; then
    result=ok
  elif [ -n "$artifact" ]; then
    result=CRASH
  else
    result=FAIL
  fi
  line=$(printf 'fuzz: %-20s %-5s %5ss %11s execs %7s exec/s cov %5s ft %6s corpus %5s' "$target" "$result" \
    "$elapsed" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")
  echo "$line"
  echo "$line" >"$RESULTS/$target"
  if [ "$result" != ok ]; then
    grep -E 'ERROR: |runtime error|invariant broken|SUMMARY' "$log" | head -n 5
    if [ -n "$artifact" ]; then
      echo "fuzz: reproduce with: $BUILD/fuzz/$target $artifact"
    else
      echo "fuzz: $target exited with status $rc; see $log"
    fi
  fi
  if [ "${YCFN_FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
    echo "fuzz: working corpus kept in $work"
  else
    rm -rf "$work"
  fi
}

# The targets are independent processes: run them side by side, at most JOBS at once.
JOBS=${YCFN_FUZZ_JOBS:-$(nproc)}
RESULTS=$(mktemp -d)
trap 'rm -rf "$RESULTS"' EXIT
running=0
for target in "${TARGETS[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
wait

# The summary in the targets' order; a target without a line did not finish.
failed=0
summary=()
for target in "${TARGETS[@]}"; do
  if [ -s "$RESULTS/$target" ]; then
    line=$(cat "$RESULTS/$target")
  else
    line=$(printf 'fuzz: %-20s %-5s (no result: the run did not finish)' "$target" FAIL)
  fi
  summary+=("$line")
  [[ "$line" == *" ok "* ]] || failed=1
done

echo
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
