# Compile settings shared by every ycfn target on every platform.
#
# ycfn_target_options(<target>) applies them; the core, the bindings, the
# examples and the tests all use the same ones so that "compiles on one target"
# means "compiles on all three".
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

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
