# Compile settings shared by every ycfn target on every platform.
#
# ycfn_target_options(<target>) applies them; the core, the bindings, the
# examples and the tests all use the same ones so that "compiles on one target"
# means "compiles on all three".
#
# What code that includes ycfn's headers must be compiled with (C++17,
# -fno-exceptions, JSON_NOEXCEPTION=1) is not here: ycfn::core carries it as
# usage requirements (core/CMakeLists.txt), so a consumer gets it by linking.
include_guard(GLOBAL)

option(YCFN_WERROR "Treat warnings as errors" ON)
set(YCFN_SANITIZE "" CACHE STRING "Sanitizers for native builds, e.g. address,undefined")
# The `fuzz` preset: every ycfn target is instrumented for libFuzzer (coverage
# and comparison tracing) and built with ASan+UBSan; the fuzz/ executables add
# libFuzzer's main (fuzz/CMakeLists.txt). Clang only.
option(YCFN_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)
if(YCFN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "YCFN_FUZZ needs clang (libFuzzer); use the `fuzz` preset (clang++-19)")
  endif()
  if(YCFN_SANITIZE)
    message(FATAL_ERROR "YCFN_FUZZ sets its own sanitizers; leave YCFN_SANITIZE empty")
  endif()
endif()

function(ycfn_target_options target)
  target_compile_options(${target} PRIVATE
    -fno-exceptions
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wmissing-declarations -Wimplicit-fallthrough)
  target_compile_definitions(${target} PRIVATE JSON_NOEXCEPTION=1)
  if(YCFN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(YCFN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${YCFN_SANITIZE} -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${YCFN_SANITIZE})
  endif()
  if(YCFN_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# _ycfn_publish(<variable>...): makes settings a module computes visible to its
# functions wherever they are called from. A consumer that adds ycfn with
# add_subdirectory or FetchContent calls ycfn_add_function from its own
# directories, which do not see ycfn's directory variables; cache entries
# (INTERNAL: recomputed on every configure) are seen everywhere.
macro(_ycfn_publish)
  foreach(_ycfn_var IN ITEMS ${ARGN})
    set(${_ycfn_var} "${${_ycfn_var}}" CACHE INTERNAL "")
  endforeach()
endmacro()

# ycfn_handler_options(<target>): for a handler target made by ycfn_add_function
# and the per-target functions. ycfn's own handlers (YCFN_STRICT_HANDLERS, set
# by ycfn's top-level CMakeLists.txt for its directories) get ycfn's warnings
# and -Werror; a consumer's handlers only what ycfn::core requires, and the
# consumer's own flags.
#
# Handlers are C++20, so they may be coroutines (ycfn/async.hpp); the core
# itself stays C++17.
function(ycfn_handler_options target)
  target_compile_features(${target} PRIVATE cxx_std_20)
  if(YCFN_STRICT_HANDLERS)
    ycfn_target_options(${target})
  endif()
endfunction()

# ycfn_precompile_headers(<target> <header>...): ycfn's own targets of many
# translation units (the core, the core's unit tests) parse nlohmann/json (and
# Catch2) once per target instead of once per file: a fresh build of every
# preset is the larger part of scripts/test.sh's time. Build-only: nothing of it
# is installed or reaches a consumer. YCFN_PRECOMPILE_HEADERS=OFF turns it off
# (e.g. to check that every file includes what it uses).
option(YCFN_PRECOMPILE_HEADERS "Precompile the third-party headers of ycfn's many-file targets" ON)
function(ycfn_precompile_headers target)
  if(YCFN_PRECOMPILE_HEADERS)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
