# ycfn_add_wasi_function(<target> SOURCES <files...> [LIBRARIES <libs...>]
#                        [PYTHON_ZIP <file.zip>])
#
# Builds one handler (the sources hold its YCFN_HANDLER / YCFN_HANDLER_WITH_TOKEN
# line) as two WASI preview1 modules in the current binary directory:
#
#   <target>.wasm          command module: `wasmtime run <target>.wasm < event.json`
#                          (bindings-wasi/src/command_main.cpp drives the C ABI)
#   <target>.reactor.wasm  reactor module: no main, exports `_initialize`, the
#                          memory and the C ABI (ycfn.h) for an embedding host
#                          such as bindings-wasi/host/ycfn_host.py
#   <target>.python-function.zip
#                          the reactor as a Yandex Cloud Functions Python function
#                          (cmake/YcfnPythonFunction.cmake); PYTHON_ZIP names it
#                          otherwise (relative to the binary directory):
#                          ycfn_add_function, one handler per directory, makes it
#                          python-function.zip (build/wasi/examples/<name>/python-function.zip)
#
# The handler's sources compile once (an OBJECT library, <target>_handler) and are
# linked into both. Both modules are size-optimised:
#  - the handler, the command main and (YCFN_WASI_OZ_CORE, ON) the core compile
#    with -Oz: about 30% smaller modules than the preset's -O3 for about 8% more
#    time per event (measured on a 10,000-line batch);
#  - the link drops debug info and the name section (a trap's backtrace then
#    shows code offsets, not function names);
#  - when binaryen's wasm-opt is found (YCFN_WASM_OPT, ON) each module is
#    rewritten with `wasm-opt -Oz`. Besides a few KB, this re-encodes
#    call_indirect's table index canonically: clang 19 writes it the
#    reference-types way, which Node 16's V8 (9.4) refuses to compile.
#
# Only for the wasi target: the top-level CMakeLists.txt includes this module
# (after core/, whose ycfn::core it links) when YCFN_TARGET is "wasi".
include_guard(GLOBAL)
include(YcfnPythonFunction)

# The exports of a reactor: the whole C ABI (core/abi/exports.def).
include(YcfnAbiExports)
set(YCFN_WASI_REACTOR_EXPORTS ${YCFN_ABI_EXPORTS})

_ycfn_publish(YCFN_WASI_REACTOR_EXPORTS)

# 1 MiB of shadow stack instead of wasm-ld's 64 KiB default: costs no bytes in
# the module (only initial memory pages) and leaves room for the core's JSON
# work on large events.
set(YCFN_WASI_STACK_SIZE 1048576 CACHE STRING "Shadow stack size of the WASI modules, in bytes")

option(YCFN_WASM_OPT "Run binaryen's wasm-opt -Oz on the WASI modules when it is found" ON)
option(YCFN_WASI_OZ_CORE "Compile the core with -Oz in the wasi build (smaller modules)" ON)
find_program(YCFN_WASM_OPT_EXECUTABLE NAMES wasm-opt NO_CMAKE_FIND_ROOT_PATH)
if(YCFN_WASM_OPT AND NOT YCFN_WASM_OPT_EXECUTABLE)
  message(WARNING "wasm-opt (Debian package binaryen) not found: the WASI modules stay larger and Node 16 "
                  "cannot load them. scripts/setup.sh installs it.")
endif()

# The core's unit tests then run the -Oz code the modules ship. (An installed
# ycfn::core, found with find_package, was compiled so when it was built.)
if(YCFN_WASI_OZ_CORE AND TARGET ycfn_core)
  target_compile_options(ycfn_core PRIVATE -Oz)
endif()

# The main of every command module (bindings-wasi/src/command_main.cpp): a host
# that uses only the C ABI; compiled once for all functions.
add_library(ycfn_wasi_command_main OBJECT "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/src/command_main.cpp")
target_link_libraries(ycfn_wasi_command_main PUBLIC ycfn::core)
ycfn_target_options(ycfn_wasi_command_main)
target_compile_options(ycfn_wasi_command_main PRIVATE -Oz)

function(_ycfn_wasi_module_options target)
  ycfn_target_options(${target})
  target_link_options(${target} PRIVATE "-Wl,-z,stack-size=${YCFN_WASI_STACK_SIZE}" -Wl,--gc-sections)
  # wasm-ld's --strip-debug drops the name section too, and keeps
  # target_features, which wasm-opt --detect-features reads.
  target_link_options(${target} PRIVATE -Wl,--strip-debug)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  if(YCFN_WASM_OPT AND YCFN_WASM_OPT_EXECUTABLE)
    # --detect-features reads the target_features section clang writes, so the
    # rewritten module uses exactly the features the compiler chose.
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${YCFN_WASM_OPT_EXECUTABLE}" -Oz --detect-features
              "$<TARGET_FILE:${target}>" -o "$<TARGET_FILE:${target}>"
      COMMENT "wasm-opt -Oz $<TARGET_FILE_NAME:${target}>"
      VERBATIM)
  endif()
endfunction()

function(ycfn_add_wasi_function target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "PYTHON_ZIP" "SOURCES;LIBRARIES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ycfn_add_wasi_function(${target}): SOURCES is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ycfn_add_wasi_function(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()

  # The handler, compiled once for both modules.
  add_library(${target}_handler OBJECT ${ARG_SOURCES})
  target_link_libraries(${target}_handler PUBLIC ycfn::core ${ARG_LIBRARIES})
  ycfn_handler_options(${target}_handler)
  target_compile_options(${target}_handler PRIVATE -Oz)

  # Command module: <target>.wasm.
  add_executable(${target})
  target_link_libraries(${target} PRIVATE ${target}_handler ycfn_wasi_command_main ycfn::core ${ARG_LIBRARIES})
  _ycfn_wasi_module_options(${target})

  # Reactor module: <target>.reactor.wasm.
  add_executable(${target}_reactor)
  target_link_libraries(${target}_reactor PRIVATE ${target}_handler ycfn::core ${ARG_LIBRARIES})
  set(_exports "")
  foreach(symbol IN LISTS YCFN_WASI_REACTOR_EXPORTS)
    list(APPEND _exports "-Wl,--export=${symbol}")
  endforeach()
  target_link_options(${target}_reactor PRIVATE -mexec-model=reactor ${_exports})
  set_target_properties(${target}_reactor PROPERTIES OUTPUT_NAME "${target}.reactor")
  _ycfn_wasi_module_options(${target}_reactor)

  # The reactor as a Python function ZIP; named after the target by default, as
  # a directory may hold several handlers (bindings-wasi/test/handlers).
  if(NOT ARG_PYTHON_ZIP)
    set(ARG_PYTHON_ZIP ${target}.python-function.zip)
  endif()
  ycfn_add_python_function(${target} ZIP "${CMAKE_CURRENT_BINARY_DIR}/${ARG_PYTHON_ZIP}")
endfunction()
