#!/usr/bin/env bash
# The main job: set up (if needed), build every example for Node and WASI,
# start the metadata-service emulator on loopback, invoke every example with
# fixture events on Node 16.14.1, the machine's Node, `wasmtime run`, `wasmtime
# serve` and the Python function (python311, in a fresh virtual environment),
# print the comparison table and the deploy command. Exits non-zero if any two
# runtimes disagree (docs/hosts.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for preset in node wasi; do
  echo "== building the examples for $preset"
  cmake --preset "$preset" >/dev/null
  mkdir -p build
  cmake --build --preset "$preset" >build/demo-build-"$preset".log 2>&1 ||
    { tail -n 40 build/demo-build-"$preset".log; exit 1; }
done
echo
node scripts/demo/run-demo.js
