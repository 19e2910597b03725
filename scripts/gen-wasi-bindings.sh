#!/usr/bin/env bash
# Regenerates bindings-wasi/components/gen/: wit-bindgen's C bindings of the two component
# worlds (bindings-wasi/components/wit/{http,cli}/world.wit, each with the WASI 0.2 WIT
# files that scripts/setup.sh puts in .tools/wasi-wit/ as its deps/).
#
#   scripts/gen-wasi-bindings.sh           rewrite bindings-wasi/components/gen/
#   scripts/gen-wasi-bindings.sh --check   exit 1 (and show the diff) when the
#                                          committed files are not what the
#                                          pinned wit-bindgen makes of the WIT
#
# wit-bindgen-cli (pinned, C generator only) is built into .tools/wit-bindgen
# here, on first use: setup does not install it, since only regenerating needs
# it (a cargo build of several minutes). bindings-wasi/components/gen/INPUTS records the
# wit-bindgen version and the SHA-256 of every WIT file fed to it, so the tests
# (bindings-wasi/test/test_components.py::test_generated_bindings_are_current)
# tell the bindings are current without it.
#
# No guest_component_type.o (--no-object-file): the build embeds the world
# itself (bindings-wasi/components/tools/make-component.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/lib/versions.sh
source scripts/lib/versions.sh

WIT_BINDGEN=.tools/wit-bindgen/bin/wit-bindgen
DEPS=.tools/wasi-wit/$WASI_WIT_CRATE_VERSION/deps
[ -d "$DEPS" ] || { echo "gen-wasi-bindings: run scripts/setup.sh first (no $DEPS)" >&2; exit 2; }
if ! { [ -x "$WIT_BINDGEN" ] && "$WIT_BINDGEN" --version 2>/dev/null | grep -q " $WIT_BINDGEN_VERSION\\b"; }; then
  command -v cargo >/dev/null 2>&1 || { echo "gen-wasi-bindings: cargo (Rust >= 1.88) is needed to build wit-bindgen-cli" >&2; exit 2; }
  echo "gen-wasi-bindings: building wit-bindgen-cli $WIT_BINDGEN_VERSION from crates.io into .tools/wit-bindgen (once)"
  cargo install --quiet --locked "wit-bindgen-cli@$WIT_BINDGEN_VERSION" --no-default-features --features c \
    --root "$ROOT/.tools/wit-bindgen" >/tmp/ycfn-cargo-wit-bindgen.log 2>&1 ||
    { echo "gen-wasi-bindings: cargo install failed (see /tmp/ycfn-cargo-wit-bindgen.log)" >&2; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for world in http cli; do
  mkdir -p "$tmp/wit/$world" "$tmp/gen/$world"
  cp "bindings-wasi/components/wit/$world/world.wit" "$tmp/wit/$world/"
  cp -r "$DEPS" "$tmp/wit/$world/deps"
  "$WIT_BINDGEN" c "$tmp/wit/$world" --world guest --no-object-file --out-dir "$tmp/gen/$world" \
    >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
done
# What went in: the generator's version, then "<sha256>  <input>" per WIT file
# (bindings-wasi/components/wit/<world>/world.wit, deps/<file> for .tools/wasi-wit's).
{
  echo "wit-bindgen $WIT_BINDGEN_VERSION"
  for world in http cli; do
    echo "$(sha256sum <"bindings-wasi/components/wit/$world/world.wit" | cut -d' ' -f1)  bindings-wasi/components/wit/$world/world.wit"
  done
  for file in "$DEPS"/*.wit; do
    echo "$(sha256sum <"$file" | cut -d' ' -f1)  deps/$(basename "$file")"
  done
} >"$tmp/gen/INPUTS"

if [ "${1:-}" = --check ]; then
  if diff -r bindings-wasi/components/gen "$tmp/gen" >"$tmp/diff"; then
    echo "gen-wasi-bindings: bindings-wasi/components/gen is current (wit-bindgen $WIT_BINDGEN_VERSION, WASI $WASI_WIT_VERSION)"
    exit 0
  fi
  head -50 "$tmp/diff"
  echo "gen-wasi-bindings: bindings-wasi/components/gen is stale: run scripts/gen-wasi-bindings.sh and commit" >&2
  exit 1
fi
rm -rf bindings-wasi/components/gen
cp -r "$tmp/gen" bindings-wasi/components/gen
echo "gen-wasi-bindings: wrote bindings-wasi/components/gen/{http,cli} and INPUTS (wit-bindgen $WIT_BINDGEN_VERSION, WASI $WASI_WIT_VERSION)"
