# Pinned tool versions and package lists, shared by the scripts.
# shellcheck disable=SC2034
NODE16_VERSION=16.14.1
WASMTIME_CLI_VERSION=49.0.4
WASMTIME_PY_VERSION=50.0.1
PYTEST_VERSION=9.2.0
DEBIAN_PACKAGES=(
  cmake ninja-build zip unzip iproute2
  emscripten binaryen wabt
  clang-19 lld-19 llvm-19 libclang-rt-19-dev clang-format-19 clang-tidy-19
  wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32
  nlohmann-json3-dev catch2
)
