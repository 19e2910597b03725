#!/usr/bin/env bash
# Benchmarks ycfn against plain JavaScript and prints one table (bench/README.md
# explains every figure). Not part of the tests: nothing here passes or fails on
# a target, it only reports where the toolkit stands.
#
#   scripts/bench.sh            set up, build the node and wasi presets (incremental), run everything
#   scripts/bench.sh --quick    fewer runs and calls: checks the harness, figures not to quote
#   scripts/bench.sh --skip wasi,warm16    leave benchmarks out (cold warm warm16 trigger metadata wasi python size wasihttp)
#
# Takes under 10 minutes on 2 busy cores once built; raw figures in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
mkdir -p build/bench-logs
for preset in node wasi; do
  echo "bench: building the $preset preset (log: build/bench-logs/$preset.log)"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset"; } >"build/bench-logs/$preset.log" 2>&1; then
    tail -n 30 "build/bench-logs/$preset.log"
    echo "bench: the $preset build failed" >&2
    exit 1
  fi
done
exec node bench/run.js "$@"
