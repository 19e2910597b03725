# Minimal platform file for CMAKE_SYSTEM_NAME=WASI (CMake 3.25 has none built in;
# wasi-sdk ships the same one). Executables are .wasm modules.
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_STATIC_LIBRARY_PREFIX "lib")
set(CMAKE_STATIC_LIBRARY_SUFFIX ".a")
