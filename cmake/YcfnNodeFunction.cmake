# ycfn_add_node_function(<target> SOURCES <files...> [OUTPUT_DIR <dir>]
#                        [MAXIMUM_MEMORY <bytes>] [NAME <package name>])
#
# Builds a Yandex Cloud Functions Node.js function (nodejs16, nodejs18 and newer,
# entry point `index.main`) from C++ handler sources, in the spirit of
# aws-lambda-cpp's aws_lambda_package_target:
#
#   <target>            Emscripten executable: the handler sources + ycfn::core, with the
#                       JS host (bindings-node/function-host/, bundled into one script by
#                       YcfnNodeHostBundle.cmake) appended to the glue
#   <target>_package    (ALL) lays out and zips the function:
#     <dir>/function/index.js      Emscripten glue + the host; exports main
#     <dir>/function/index.wasm    the handler and the core
#     <dir>/function/package.json  {"main": "index.js", dependencies: node-fetch ^2.7.0}
#     <dir>/function.zip           the three files above, ready to upload
#   The build FAILS when function.zip is over 3,500,000 bytes (the platform's limit
#   for a direct upload).
#
# OUTPUT_DIR defaults to ${CMAKE_CURRENT_BINARY_DIR} (one function per directory, as
# examples/<name>/ -> build/node/examples/<name>/{function/,function.zip}); two
# functions with the same OUTPUT_DIR are an error. MAXIMUM_MEMORY caps the
# wasm heap (default: Emscripten's 2 GiB); past it an allocation fails and the
# invocation is answered 500 `ycfn.trap`.
include_guard(GLOBAL)

include("${CMAKE_CURRENT_LIST_DIR}/YcfnNodeHostBundle.cmake")
get_filename_component(_ycfn_node_host_dir "${CMAKE_CURRENT_LIST_DIR}/../bindings-node/function-host" ABSOLUTE)
set(YCFN_NODE_HOST_JS "${CMAKE_BINARY_DIR}/ycfn-node-host.js")
ycfn_node_host_bundle("${_ycfn_node_host_dir}" "${YCFN_NODE_HOST_JS}")
set(YCFN_NODE_PACKAGE_JSON_IN "${CMAKE_CURRENT_LIST_DIR}/../bindings-node/function-package.json.in")
get_filename_component(YCFN_NODE_PACKAGE_JSON_IN "${YCFN_NODE_PACKAGE_JSON_IN}" ABSOLUTE)
set(YCFN_NODE_ZIP_LIMIT 3500000 CACHE STRING "Largest function.zip ycfn_add_node_function accepts (bytes)")
find_program(YCFN_ZIP zip)

# The C ABI the host calls (core/abi/exports.def), and the glue's settings. See
# bindings-node/README.md.
include("${CMAKE_CURRENT_LIST_DIR}/YcfnAbiExports.cmake")
list(TRANSFORM YCFN_ABI_EXPORTS PREPEND "_" OUTPUT_VARIABLE YCFN_NODE_EXPORTED_FUNCTIONS)
set(YCFN_NODE_LINK_FLAGS
    -Oz                          # wasm-opt and the glue optimised for size
    -sMODULARIZE=1
    -sEXPORT_NAME=createYcfnModule
    -sENVIRONMENT=node
    -sALLOW_MEMORY_GROWTH=1
    -sFILESYSTEM=0
    -sNODEJS_CATCH_EXIT=0        # the glue must not hook the platform's process
    -sNODEJS_CATCH_REJECTION=0
    -sINVOKE_RUN=0
    -sEXIT_RUNTIME=0)

# Size first (the ZIP is uploaded and the .wasm compiled on every cold start):
# the core and every function compile with -Oz rather than the preset's -O3 and
# with LTO (wasm-ld then drops and inlines across the core's files), and the heap
# is emmalloc rather than dlmalloc. context-token.wasm: 266 KB (-O3) -> 125 KB,
# 55 KB gzipped; bench/README.md has the speed side of the trade.
# -mbulk-memory: memcpy/memset become wasm's memory.copy/fill (V8 has them since
# Node 12). Without it a -Oz link takes Emscripten's size-optimised libc, whose
# memcpy copies one byte per loop turn: a 1 MiB body cost 1 ms in copies alone.
# -msimd128: wasm SIMD (V8 has it since Node 16.4; the nodejs16 runtime is
# 16.14.1): base64 bodies are decoded 16 characters at a time
# (core/src/base64_groups.hpp); a 1 MiB body's decode, half of the call, gets
# several times faster (bench/README.md, item 2).
option(YCFN_NODE_OPTIMIZE_SIZE "Node target: -Oz, LTO and emmalloc (smaller .wasm, faster cold start)" ON)
if(YCFN_NODE_OPTIMIZE_SIZE)
  set(YCFN_NODE_COMPILE_FLAGS -Oz -finline-functions -flto -mbulk-memory -msimd128)
  list(APPEND YCFN_NODE_LINK_FLAGS -flto -sMALLOC=emmalloc -mbulk-memory -msimd128)
  # Small freed blocks cached in front of emmalloc (the file says why).
  get_filename_component(YCFN_NODE_EXTRA_SOURCES "${CMAKE_CURRENT_LIST_DIR}/../bindings-node/wasm/small_block_cache.cpp"
                         ABSOLUTE)
else()
  set(YCFN_NODE_EXTRA_SOURCES "")
  set(YCFN_NODE_COMPILE_FLAGS -msimd128)
  list(APPEND YCFN_NODE_LINK_FLAGS -msimd128)
endif()
# No RTTI in the core and the handlers: nothing in ycfn uses typeid or
# dynamic_cast, and with RTTI every polymorphic class (std::function's
# wrappers, coroutine frames' helpers) brings its type_info, its mangled name,
# and the C++ runtime's dynamic_cast search that their vtables keep alive:
# context-token 136.0 -> 132.6 KB, gzip 61.0 -> 59.3 KB. A handler that needs
# typeid or dynamic_cast configures with -DYCFN_NODE_RTTI=ON.
option(YCFN_NODE_RTTI "Node target: compile the core and the handlers with RTTI (typeid, dynamic_cast)" OFF)
if(NOT YCFN_NODE_RTTI)
  list(APPEND YCFN_NODE_COMPILE_FLAGS -fno-rtti)
endif()

_ycfn_publish(YCFN_NODE_HOST_JS YCFN_NODE_PACKAGE_JSON_IN YCFN_NODE_EXPORTED_FUNCTIONS YCFN_NODE_LINK_FLAGS
              YCFN_NODE_COMPILE_FLAGS YCFN_NODE_EXTRA_SOURCES)

# The top-level CMakeLists.txt calls this after core/: the core's unit tests then
# run the code the functions ship.
function(ycfn_node_tune_core)
  target_compile_options(ycfn_core PRIVATE ${YCFN_NODE_COMPILE_FLAGS})
endfunction()

function(ycfn_add_node_function target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIR;MAXIMUM_MEMORY;NAME" "SOURCES")
  if(NOT YCFN_TARGET STREQUAL "node")
    message(FATAL_ERROR "ycfn_add_node_function(${target}): only for the node target (Emscripten)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ycfn_add_node_function(${target}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  get_filename_component(ARG_OUTPUT_DIR "${ARG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  get_property(used GLOBAL PROPERTY YCFN_NODE_FUNCTION_DIRS)
  if("${ARG_OUTPUT_DIR}" IN_LIST used)
    message(FATAL_ERROR "ycfn_add_node_function(${target}): ${ARG_OUTPUT_DIR} already holds another "
                        "function; give this one its own OUTPUT_DIR")
  endif()
  set_property(GLOBAL APPEND PROPERTY YCFN_NODE_FUNCTION_DIRS "${ARG_OUTPUT_DIR}")
  if(NOT ARG_NAME)
    set(ARG_NAME "${target}")
  endif()
  if(NOT YCFN_ZIP)
    message(FATAL_ERROR "zip not found: install the Debian package `zip` (scripts/setup.sh does)")
  endif()
  set(fn_dir "${ARG_OUTPUT_DIR}/function")
  set(zip_file "${ARG_OUTPUT_DIR}/function.zip")

  add_executable(${target} ${ARG_SOURCES} ${YCFN_NODE_EXTRA_SOURCES})
  target_link_libraries(${target} PRIVATE ycfn::core)
  ycfn_handler_options(${target})
  target_compile_options(${target} PRIVATE ${YCFN_NODE_COMPILE_FLAGS})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME index
    SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${fn_dir}")
  list(JOIN YCFN_NODE_EXPORTED_FUNCTIONS "," exported)
  target_link_options(${target} PRIVATE ${YCFN_NODE_LINK_FLAGS}
    "-sEXPORTED_FUNCTIONS=${exported}"
    "SHELL:--extern-post-js \"${YCFN_NODE_HOST_JS}\"")
  if(ARG_MAXIMUM_MEMORY)
    target_link_options(${target} PRIVATE "-sMAXIMUM_MEMORY=${ARG_MAXIMUM_MEMORY}")
  endif()
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${YCFN_NODE_HOST_JS}")

  # package.json: the platform installs node-fetch from it (nodejs16 has no global fetch).
  set(YCFN_FUNCTION_NAME "${ARG_NAME}")
  configure_file("${YCFN_NODE_PACKAGE_JSON_IN}" "${fn_dir}/package.json" @ONLY)

  add_custom_command(
    OUTPUT "${zip_file}"
    COMMAND "${CMAKE_COMMAND}" -E rm -f "${zip_file}"
    COMMAND "${YCFN_ZIP}" -q -X -9 "${zip_file}" index.js index.wasm package.json
    COMMAND "${CMAKE_COMMAND}" -DZIP=${zip_file} -DLIMIT=${YCFN_NODE_ZIP_LIMIT}
            -DWASM=${fn_dir}/index.wasm -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/YcfnCheckZipSize.cmake"
    WORKING_DIRECTORY "${fn_dir}"
    DEPENDS ${target} "${fn_dir}/package.json" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/YcfnCheckZipSize.cmake"
    COMMENT "Packaging ${target} into ${zip_file}"
    VERBATIM)
  add_custom_target(${target}_package ALL DEPENDS "${zip_file}")
endfunction()
