#!/usr/bin/env bash
# Regenerates bindings-wasi/gen/: wit-bindgen's C bindings of the two component
# worlds (bindings-wasi/wit/{http,cli}/world.wit, each with the WASI 0.2 WIT
# files that scripts/setup.sh puts in .tools/wasi-wit/ as its deps/).
#
#   scripts/gen-wasi-bindings.sh           rewrite bindings-wasi/gen/
#   scripts/gen-wasi-bindings.sh --check   exit 1 (and show the diff) when the
#                                          committed files are not what the
#                                          pinned wit-bindgen makes of the WIT
#
# No guest_component_type.o (--no-object-file): the build embeds the world with
# `wasm-tools component embed` (cmake/YcfnWasiFunction.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/versions.sh
source scripts/lib/versions.sh

WIT_BINDGEN=.tools/wit-bindgen/bin/wit-bindgen
DEPS=.tools/wasi-wit/$WASI_WIT_CRATE_VERSION/deps
[ -x "$WIT_BINDGEN" ] && [ -d "$DEPS" ] || { echo "gen-wasi-bindings: run scripts/setup.sh first" >&2; exit 2; }
"$WIT_BINDGEN" --version | grep -q " $WIT_BINDGEN_VERSION\\b" ||
  { echo "gen-wasi-bindings: $WIT_BINDGEN is not wit-bindgen $WIT_BINDGEN_VERSION: run scripts/setup.sh" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for world in http cli; do
  mkdir -p "$tmp/wit/$world" "$tmp/gen/$world"
  cp "bindings-wasi/wit/$world/world.wit" "$tmp/wit/$world/"
  cp -r "$DEPS" "$tmp/wit/$world/deps"
  "$WIT_BINDGEN" c "$tmp/wit/$world" --world guest --no-object-file --out-dir "$tmp/gen/$world" \
    >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
done

if [ "${1:-}" = --check ]; then
  if diff -r bindings-wasi/gen "$tmp/gen" >"$tmp/diff"; then
    echo "gen-wasi-bindings: bindings-wasi/gen is current (wit-bindgen $WIT_BINDGEN_VERSION, WASI $WASI_WIT_VERSION)"
    exit 0
  fi
  head -50 "$tmp/diff"
  echo "gen-wasi-bindings: bindings-wasi/gen is stale: run scripts/gen-wasi-bindings.sh and commit" >&2
  exit 1
fi
rm -rf bindings-wasi/gen
cp -r "$tmp/gen" bindings-wasi/gen
echo "gen-wasi-bindings: wrote bindings-wasi/gen/{http,cli} (wit-bindgen $WIT_BINDGEN_VERSION, WASI $WASI_WIT_VERSION)"
