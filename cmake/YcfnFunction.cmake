# ycfn_add_function(<name> SOURCES <files...>)
#
# The one line a handler's CMakeLists.txt needs. On the `node` target it
# packages a Yandex Cloud Functions ZIP (ycfn_add_node_function,
# cmake/YcfnNodeFunction.cmake); on the `wasi` target it builds the wasmtime
# command and reactor modules and the Python function python-function.zip
# (ycfn_add_wasi_function, cmake/YcfnWasiFunction.cmake); on `native` it
# compiles the handler into an object library, so the native presets check
# every handler with the host compiler and its sanitizers too.
function(ycfn_add_function name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ycfn_add_function(${name}): SOURCES is required")
  endif()
  if(YCFN_TARGET STREQUAL "node" AND COMMAND ycfn_add_node_function)
    ycfn_add_node_function(${name} SOURCES ${ARG_SOURCES})
  elseif(YCFN_TARGET STREQUAL "wasi" AND COMMAND ycfn_add_wasi_function)
    # One handler per directory: its Python function is python-function.zip.
    ycfn_add_wasi_function(${name} SOURCES ${ARG_SOURCES} PYTHON_ZIP python-function.zip)
  elseif(YCFN_TARGET STREQUAL "native")
    add_library(${name}_handler OBJECT ${ARG_SOURCES})
    target_link_libraries(${name}_handler PRIVATE ycfn::core)
    ycfn_handler_options(${name}_handler)
  endif()
endfunction()
