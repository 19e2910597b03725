# ycfn_add_wasi_function(<target> SOURCES <files...> [LIBRARIES <libs...>]
#                        [PYTHON_ZIP <file.zip>])
#
# Builds one handler (the sources hold its YCFN_HANDLER / YCFN_HANDLER_WITH_TOKEN
# line) as two WASI preview1 modules and two WASI 0.2 components in the current
# binary directory:
#
#   <target>.wasm          command module: `wasmtime run <target>.wasm < event.json`
#                          (bindings-wasi/command/command_main.cpp drives the C ABI)
#   <target>.reactor.wasm  reactor module: no main, exports `_initialize`, the
#                          memory and the C ABI (ycfn.h) for an embedding host
#                          such as bindings-wasi/python-host/ycfn_host/
#   <target>.python-function.zip
#                          the reactor as a Yandex Cloud Functions Python function
#                          (cmake/YcfnPythonFunction.cmake); PYTHON_ZIP names it
#                          otherwise (relative to the binary directory):
#                          ycfn_add_function, one handler per directory, makes it
#                          python-function.zip (build/wasi/examples/<name>/python-function.zip)
#   <target>.http.wasm     wasi:http/proxy component (+ wasi:cli/environment):
#                          `wasmtime serve -S cli --addr 127.0.0.1:8080 <target>.http.wasm`
#                          (bindings-wasi/components/http_incoming_main.cpp)
#   <target>.cli.wasm      command component importing wasi:http/outgoing-handler:
#                          `wasmtime run -S http <target>.cli.wasm < event.json`
#                          (command_main.cpp with command_network_wasi_http.cpp)
#
# A component is made from a preview1 core module (<target>.http.core.wasm,
# <target>.cli.core.wasm; Debian's wasi-libc is preview1 only): its world
# (bindings-wasi/components/wit/) is embedded, then wrapped with the preview1->preview2
# adapter (proxy for .http, command for .cli): `component embed` and
# `component new --adapt` of the wasm-tools inside npm's @bytecodealliance/jco,
# driven by bindings-wasi/components/tools/make-component.mjs. jco, the adapters and the
# WASI WIT files come from
# scripts/setup.sh (.tools/); without them (YCFN_WASI_COMPONENTS AUTO or OFF) only the
# two modules are built.
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
include("${CMAKE_CURRENT_LIST_DIR}/YcfnPythonFunction.cmake")

# The exports of a reactor: the whole C ABI (core/abi/exports.def).
include("${CMAKE_CURRENT_LIST_DIR}/YcfnAbiExports.cmake")
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

# The guest-side hosts, by role: guest/ (the step driver every one of them
# uses), command/ (the WASI command's main and its networks), components/ (the
# wasi:http components: the incoming handler, the outgoing fetch, their WIT and
# wit-bindgen's generated C).
set(_ycfn_wasi_guest "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/guest")
set(_ycfn_wasi_command "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/command")
set(_ycfn_wasi_components "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/components")
set(_ycfn_wasi_gen "${_ycfn_wasi_components}/gen")

# An OBJECT library of guest code shared by the functions, compiled once.
function(_ycfn_wasi_guest_library name)
  add_library(${name} OBJECT ${ARGN})
  target_link_libraries(${name} PUBLIC ycfn::core)
  target_include_directories(${name} PUBLIC "${_ycfn_wasi_guest}" "${_ycfn_wasi_command}" "${_ycfn_wasi_components}")
  ycfn_target_options(${name})
  target_compile_options(${name} PRIVATE -Oz)
endfunction()

# The step driver every guest-side host uses (C ABI only), and the main of every
# command module (bindings-wasi/command/command_main.cpp) with its network: none
# for the preview1 module.
_ycfn_wasi_guest_library(ycfn_wasi_step_driver "${_ycfn_wasi_guest}/guest_step_driver.cpp")
_ycfn_wasi_guest_library(ycfn_wasi_command_main "${_ycfn_wasi_command}/command_main.cpp")
_ycfn_wasi_guest_library(ycfn_wasi_network_none "${_ycfn_wasi_command}/command_network_none.cpp")

# --- WASI 0.2 components ------------------------------------------------------
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../scripts/lib/versions.sh" _ycfn_versions REGEX "^[A-Z_]+=")
foreach(_line IN LISTS _ycfn_versions)
  if(_line MATCHES "^(WASI_ADAPTER_VERSION|WASI_WIT_CRATE_VERSION)=(.*)$")
    set(_ycfn_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  endif()
endforeach()
set(_ycfn_tools "${CMAKE_CURRENT_LIST_DIR}/../.tools")
find_program(YCFN_NODE_EXECUTABLE NAMES node nodejs NO_CMAKE_FIND_ROOT_PATH)
set(YCFN_JCO_DIR "${_ycfn_tools}/jco" CACHE PATH "Where npm installed @bytecodealliance/jco (node_modules/)")
set(YCFN_WASI_ADAPTER_DIR "${_ycfn_tools}/wasi-adapter/${_ycfn_WASI_ADAPTER_VERSION}" CACHE PATH
    "Folder of the preview1->preview2 adapters (wasi_snapshot_preview1.{proxy,command}.wasm)")
set(YCFN_WASI_WIT_DEPS "${_ycfn_tools}/wasi-wit/${_ycfn_WASI_WIT_CRATE_VERSION}/deps" CACHE PATH
    "Folder of the WASI 0.2 WIT packages the component worlds use")
# AUTO: build them when scripts/setup.sh has installed the tools (decided at
# every configure, so installing them later is enough).
set(YCFN_WASI_COMPONENTS AUTO CACHE STRING "Build the wasi:http components (<name>.http.wasm, <name>.cli.wasm): AUTO, ON, OFF")
set(_ycfn_have_component_tools ON)
if(NOT YCFN_NODE_EXECUTABLE OR NOT EXISTS "${YCFN_JCO_DIR}/node_modules/@bytecodealliance/jco/dist/api.js"
   OR NOT EXISTS "${YCFN_WASI_ADAPTER_DIR}/wasi_snapshot_preview1.proxy.wasm"
   OR NOT EXISTS "${YCFN_WASI_WIT_DEPS}/http.wit")
  set(_ycfn_have_component_tools OFF)
endif()
if(YCFN_WASI_COMPONENTS STREQUAL "AUTO")
  set(_ycfn_components ${_ycfn_have_component_tools})
  if(NOT _ycfn_have_component_tools)
    message(WARNING "node, jco, the WASI adapters or the WASI WIT files are missing from .tools/: "
                    "no <name>.http.wasm / <name>.cli.wasm. scripts/setup.sh installs them.")
  endif()
elseif(YCFN_WASI_COMPONENTS)
  if(NOT _ycfn_have_component_tools)
    message(FATAL_ERROR "YCFN_WASI_COMPONENTS is ON but node, jco, the WASI adapters or the WASI WIT files "
                        "are missing from .tools/: run scripts/setup.sh")
  endif()
  set(_ycfn_components ON)
else()
  set(_ycfn_components OFF)
endif()
set(YCFN_WASI_MAKE_COMPONENT "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/components/tools/make-component.mjs")
_ycfn_publish(_ycfn_components YCFN_WASI_MAKE_COMPONENT)

if(_ycfn_components)
  # Each world's WIT folder as `component embed` reads it: world.wit + deps/.
  foreach(world http cli)
    set(_dir "${CMAKE_BINARY_DIR}/wit/${world}")
    file(MAKE_DIRECTORY "${_dir}")
    configure_file("${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/components/wit/${world}/world.wit" "${_dir}/world.wit" COPYONLY)
    file(COPY "${YCFN_WASI_WIT_DEPS}/" DESTINATION "${_dir}/deps")

    # wit-bindgen's generated C (bindings-wasi/components/gen/<world>/, committed; see
    # scripts/gen-wasi-bindings.sh): third-party style code, relaxed warnings.
    add_library(ycfn_wasi_gen_${world} OBJECT "${_ycfn_wasi_gen}/${world}/guest.c"
                                              "${_ycfn_wasi_components}/component_type_stub.c")
    target_include_directories(ycfn_wasi_gen_${world} PUBLIC "${_ycfn_wasi_gen}/${world}")
    target_compile_options(ycfn_wasi_gen_${world} PRIVATE -Oz -w)

    # The wasi:http transport, compiled against this world's bindings.
    _ycfn_wasi_guest_library(ycfn_wasi_fetch_${world} "${_ycfn_wasi_components}/wasi_http_fetch.cpp")
    target_link_libraries(ycfn_wasi_fetch_${world} PUBLIC ycfn_wasi_gen_${world})
  endforeach()
  _ycfn_wasi_guest_library(ycfn_wasi_http_main "${_ycfn_wasi_components}/http_incoming_main.cpp"
                           "${_ycfn_wasi_components}/http_event_bridge.cpp")
  target_link_libraries(ycfn_wasi_http_main PUBLIC ycfn_wasi_gen_http)
  _ycfn_wasi_guest_library(ycfn_wasi_network_http "${_ycfn_wasi_command}/command_network_wasi_http.cpp")
endif()

# <target>.<kind>.wasm from the core module <core_target>: embed the world, adapt.
function(_ycfn_wasi_component target core_target kind world adapter)
  set(_out "${CMAKE_CURRENT_BINARY_DIR}/${target}.${kind}.wasm")
  add_custom_command(
    OUTPUT "${_out}"
    COMMAND "${YCFN_NODE_EXECUTABLE}" "${YCFN_WASI_MAKE_COMPONENT}" "${YCFN_JCO_DIR}" "$<TARGET_FILE:${core_target}>"
            "${CMAKE_BINARY_DIR}/wit/${world}" guest
            "${YCFN_WASI_ADAPTER_DIR}/wasi_snapshot_preview1.${adapter}.wasm" "${_out}"
    DEPENDS ${core_target} "${CMAKE_BINARY_DIR}/wit/${world}/world.wit" "${YCFN_WASI_MAKE_COMPONENT}"
    COMMENT "jco: component ${target}.${kind}.wasm (${adapter} adapter)"
    VERBATIM)
  add_custom_target(${target}_${kind} ALL DEPENDS "${_out}")
endfunction()

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
  target_link_libraries(${target} PRIVATE ${target}_handler ycfn_wasi_command_main ycfn_wasi_step_driver
                                          ycfn_wasi_network_none ycfn::core ${ARG_LIBRARIES})
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
  if(NOT _ycfn_components)
    return()
  endif()

  # wasi:http/proxy component: <target>.http.wasm (a reactor core module whose
  # incoming-handler export serves each request).
  add_executable(${target}_http_core)
  target_link_libraries(${target}_http_core PRIVATE ${target}_handler ycfn_wasi_http_main ycfn_wasi_step_driver
                                                    ycfn_wasi_fetch_http ycfn_wasi_gen_http ycfn::core ${ARG_LIBRARIES})
  target_link_options(${target}_http_core PRIVATE -mexec-model=reactor)
  set_target_properties(${target}_http_core PROPERTIES OUTPUT_NAME "${target}.http.core")
  _ycfn_wasi_module_options(${target}_http_core)
  _ycfn_wasi_component(${target} ${target}_http_core http http proxy)

  # Command component: <target>.cli.wasm (command_main.cpp with the wasi:http network).
  add_executable(${target}_cli_core)
  target_link_libraries(${target}_cli_core PRIVATE ${target}_handler ycfn_wasi_command_main ycfn_wasi_step_driver
                                                   ycfn_wasi_network_http ycfn_wasi_fetch_cli ycfn_wasi_gen_cli
                                                   ycfn::core ${ARG_LIBRARIES})
  set_target_properties(${target}_cli_core PROPERTIES OUTPUT_NAME "${target}.cli.core")
  _ycfn_wasi_module_options(${target}_cli_core)
  _ycfn_wasi_component(${target} ${target}_cli_core cli cli command)
endfunction()
