# WASI (preview1) toolchain for the `wasi` preset.
#
# With WASI_SDK_PATH set (environment or -D), the compilers and sysroot of that
# wasi-sdk are used. Otherwise Debian's equivalent: clang-19, lld-19, llvm-19
# (llvm-ar), wasi-libc, libc++-19-dev-wasm32, libc++abi-19-dev-wasm32 and
# libclang-rt-19-dev-wasm32, whose sysroot is /usr (scripts/setup.sh installs them).
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")

if(NOT WASI_SDK_PATH AND DEFINED ENV{WASI_SDK_PATH})
  set(WASI_SDK_PATH "$ENV{WASI_SDK_PATH}")
endif()

if(WASI_SDK_PATH)
  set(YCFN_WASI_FLAVOUR "wasi-sdk")
  set(CMAKE_C_COMPILER "${WASI_SDK_PATH}/bin/clang")
  set(CMAKE_CXX_COMPILER "${WASI_SDK_PATH}/bin/clang++")
  set(CMAKE_AR "${WASI_SDK_PATH}/bin/llvm-ar" CACHE FILEPATH "archiver")
  set(CMAKE_RANLIB "${WASI_SDK_PATH}/bin/llvm-ranlib" CACHE FILEPATH "ranlib")
  set(CMAKE_SYSROOT "${WASI_SDK_PATH}/share/wasi-sysroot")
  # wasi-sdk 22+ spells the preview1 target wasm32-wasip1; older ones wasm32-wasi.
  if(EXISTS "${CMAKE_SYSROOT}/lib/wasm32-wasip1")
    set(YCFN_WASI_TRIPLE wasm32-wasip1)
  else()
    set(YCFN_WASI_TRIPLE wasm32-wasi)
  endif()
else()
  set(YCFN_WASI_FLAVOUR "debian")
  set(CMAKE_C_COMPILER clang-19)
  set(CMAKE_CXX_COMPILER clang++-19)
  set(CMAKE_AR llvm-ar-19 CACHE FILEPATH "archiver")
  set(CMAKE_RANLIB llvm-ranlib-19 CACHE FILEPATH "ranlib")
  set(CMAKE_SYSROOT /usr)
  set(YCFN_WASI_TRIPLE wasm32-wasi)
endif()

set(CMAKE_C_COMPILER_TARGET ${YCFN_WASI_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${YCFN_WASI_TRIPLE})
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld")
# A wasm module cannot be run by the configure step, so only try static libs.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest runs the test modules under the wasmtime CLI: the one scripts/setup.sh
# installed in .tools/, else the first on PATH.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  find_program(YCFN_WASMTIME NAMES wasmtime
               HINTS "${CMAKE_CURRENT_LIST_DIR}/../.tools/venv/bin" NO_CMAKE_FIND_ROOT_PATH)
  if(YCFN_WASMTIME)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${YCFN_WASMTIME};run" CACHE STRING "runs WASI modules")
  endif()
endif()
