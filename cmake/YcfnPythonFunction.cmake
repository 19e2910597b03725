# ycfn_add_python_function(<target> ZIP <file.zip>)
#
# Packages the reactor module of a WASI handler (<target>_reactor, made by
# ycfn_add_wasi_function) as a Yandex Cloud Functions Python function
# (runtimes python311 / python312, entry point index.handler):
#
#   <file>/                the package's files, laid out (the ZIP's contents):
#     index.py, ycfn_*.py    bindings-wasi/python-function/ (entry point, context
#                            mapping, module loading, invocation glue)
#     ycfn_host/             the host package's library files, copied from
#                            bindings-wasi/python-host/ycfn_host/ (not its command-line tool)
#     index.wasm             the reactor module
#     index.cwasm            the same module precompiled by wasmtime-py's Module.serialize()
#                            (only when YCFN_PYTHON_PRECOMPILE finds wasmtime WASMTIME_PY_VERSION)
#     requirements.txt       wasmtime==<WASMTIME_PY_VERSION of scripts/lib/versions.sh>
#     __pycache__/, ycfn_host/__pycache__/ *.cpython-311.pyc, *.cpython-312.pyc
#                            the sources' bytecode, for each of python3.11 / python3.12
#                            that runs at configure time (YCFN_PYTHON_BYTECODE)
#   <file.zip>             those files, ready to upload
#
# The build FAILS when the ZIP is over YCFN_PYTHON_ZIP_LIMIT (the platform's
# 3.5 MB direct-upload limit). Only for the wasi target (YcfnWasiFunction.cmake
# includes this module).
include_guard(GLOBAL)

set(YCFN_PYTHON_ZIP_LIMIT 3500000 CACHE STRING "Largest python-function.zip ycfn_add_wasi_function accepts (bytes)")
set(YCFN_PYTHON_FUNCTION_DIR "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/python-function")
set(YCFN_PYTHON_HOST_DIR "${CMAKE_CURRENT_LIST_DIR}/../bindings-wasi/python-host/ycfn_host")
# The host package's files a function needs (cli.py and __main__.py are the
# command-line tool, which a function never runs; contract_generated.py is
# written by scripts/gen-host-contract.py).
set(YCFN_PYTHON_HOST_SOURCES __init__.py contract_generated.py instance.py steps.py fetch.py)
# The package's own sources (the build-time precompile.py is not shipped).
set(YCFN_PYTHON_FUNCTION_SOURCES index.py ycfn_context.py ycfn_function.py ycfn_module.py)

# The wasmtime version the package pins: one place, scripts/lib/versions.sh.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../scripts/lib/versions.sh" _ycfn_wasmtime_py REGEX "^WASMTIME_PY_VERSION=")
string(REGEX REPLACE "^WASMTIME_PY_VERSION=([0-9A-Za-z.]+).*" "\\1" YCFN_WASMTIME_PY_VERSION "${_ycfn_wasmtime_py}")
if(NOT YCFN_WASMTIME_PY_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "WASMTIME_PY_VERSION not found in scripts/lib/versions.sh")
endif()

# A module serialized by one wasmtime version loads only in that same version
# (and the same engine configuration), so precompiling needs exactly the
# version requirements.txt pins: the venv scripts/setup.sh makes.
option(YCFN_PYTHON_PRECOMPILE "Ship index.cwasm (Module.serialize()) in python-function.zip" ON)
set(YCFN_PRECOMPILE_PYTHON "${CMAKE_CURRENT_LIST_DIR}/../.tools/venv/bin/python" CACHE FILEPATH
    "Python with wasmtime ${YCFN_WASMTIME_PY_VERSION} that precompiles the reactor modules")
set(_ycfn_precompile OFF)
if(YCFN_PYTHON_PRECOMPILE)
  execute_process(
    COMMAND "${YCFN_PRECOMPILE_PYTHON}" -c "import importlib.metadata as m; print(m.version('wasmtime'))"
    OUTPUT_VARIABLE _ycfn_found_version OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _ycfn_rc ERROR_QUIET)
  if(_ycfn_rc EQUAL 0 AND _ycfn_found_version STREQUAL YCFN_WASMTIME_PY_VERSION)
    set(_ycfn_precompile ON)
  else()
    message(WARNING "${YCFN_PRECOMPILE_PYTHON} has no wasmtime ${YCFN_WASMTIME_PY_VERSION} (run scripts/setup.sh): "
                    "python-function.zip ships without index.cwasm and compiles the module on every cold start.")
  endif()
endif()

# Bytecode shipped in the ZIP: without it every cold start compiles the sources
# (the host package is about 25 KB: 5 to 20 ms), because the platform's runtime cannot
# keep what it would write in __pycache__ from one instance to the next.
# "unchecked-hash" pycs do not depend on the sources' mtimes, which unpacking
# changes. A runtime whose version has no pyc here compiles the sources as usual.
option(YCFN_PYTHON_BYTECODE "Ship __pycache__ bytecode for python3.11 / python3.12 in python-function.zip" ON)
set(_ycfn_bytecode_pythons "")
if(YCFN_PYTHON_BYTECODE)
  foreach(_ycfn_minor IN ITEMS 11 12)
    find_program(YCFN_PYTHON3${_ycfn_minor} python3.${_ycfn_minor})
    # A found name may not run (a pyenv shim of a version not selected): ask it.
    if(YCFN_PYTHON3${_ycfn_minor})
      execute_process(COMMAND "${YCFN_PYTHON3${_ycfn_minor}}" -c "import sys; print('%d.%d' % sys.version_info[:2])"
                      OUTPUT_VARIABLE _ycfn_said OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _ycfn_rc ERROR_QUIET)
      if(_ycfn_rc EQUAL 0 AND _ycfn_said STREQUAL "3.${_ycfn_minor}")
        list(APPEND _ycfn_bytecode_pythons "${YCFN_PYTHON3${_ycfn_minor}}")
      endif()
    endif()
  endforeach()
endif()

find_program(YCFN_ZIP zip)
# Read by ycfn_add_python_function, which a consumer may call from its own folders.
_ycfn_publish(YCFN_PYTHON_FUNCTION_DIR YCFN_PYTHON_HOST_DIR YCFN_PYTHON_HOST_SOURCES YCFN_PYTHON_FUNCTION_SOURCES YCFN_WASMTIME_PY_VERSION
              _ycfn_precompile _ycfn_bytecode_pythons)

function(ycfn_add_python_function target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ZIP" "")
  if(NOT ARG_ZIP)
    message(FATAL_ERROR "ycfn_add_python_function(${target}): ZIP is required")
  endif()
  if(NOT YCFN_ZIP)
    message(FATAL_ERROR "zip not found: install the Debian package `zip` (scripts/setup.sh does)")
  endif()
  get_property(taken GLOBAL PROPERTY YCFN_PYTHON_FUNCTION_ZIPS)
  if(ARG_ZIP IN_LIST taken)
    message(FATAL_ERROR "ycfn_add_wasi_function(${target}): ${ARG_ZIP} belongs to another handler of this "
                        "directory; give this one its own PYTHON_ZIP")
  endif()
  set_property(GLOBAL APPEND PROPERTY YCFN_PYTHON_FUNCTION_ZIPS "${ARG_ZIP}")

  string(REGEX REPLACE "\\.zip$" "" stage "${ARG_ZIP}")
  file(WRITE "${stage}/requirements.txt.new" "wasmtime==${YCFN_WASMTIME_PY_VERSION}\n")
  configure_file("${stage}/requirements.txt.new" "${stage}/requirements.txt" COPYONLY)
  file(REMOVE "${stage}/requirements.txt.new")

  set(sources "")
  foreach(name IN LISTS YCFN_PYTHON_FUNCTION_SOURCES)
    list(APPEND sources "${YCFN_PYTHON_FUNCTION_DIR}/${name}")
  endforeach()
  set(host_sources "")
  set(host_files "")
  foreach(name IN LISTS YCFN_PYTHON_HOST_SOURCES)
    list(APPEND host_sources "${YCFN_PYTHON_HOST_DIR}/${name}")
    list(APPEND host_files "ycfn_host/${name}")
  endforeach()
  set(files ${YCFN_PYTHON_FUNCTION_SOURCES} ycfn_host index.wasm requirements.txt)
  set(precompile_cmd "")
  if(_ycfn_precompile)
    list(APPEND files index.cwasm)
    set(precompile_cmd COMMAND "${YCFN_PRECOMPILE_PYTHON}" "${YCFN_PYTHON_FUNCTION_DIR}/precompile.py"
                       --expect-version "${YCFN_WASMTIME_PY_VERSION}" index.wasm index.cwasm)
  else()
    set(precompile_cmd COMMAND "${CMAKE_COMMAND}" -E rm -f index.cwasm)
  endif()

  set(bytecode_cmd COMMAND "${CMAKE_COMMAND}" -E rm -rf __pycache__)
  foreach(python IN LISTS _ycfn_bytecode_pythons)
    list(APPEND bytecode_cmd COMMAND "${python}" -m compileall -q --invalidation-mode unchecked-hash
                             ${YCFN_PYTHON_FUNCTION_SOURCES} ${host_files})
  endforeach()
  if(_ycfn_bytecode_pythons)
    list(APPEND files __pycache__)
  endif()

  add_custom_command(
    OUTPUT "${ARG_ZIP}"
    COMMAND "${CMAKE_COMMAND}" -E rm -f "${ARG_ZIP}"
    COMMAND "${CMAKE_COMMAND}" -E copy ${sources} "${stage}"
    # Only the listed files: a stale one (or a __pycache__) never reaches the ZIP.
    COMMAND "${CMAKE_COMMAND}" -E rm -rf "${stage}/ycfn_host"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${stage}/ycfn_host"
    COMMAND "${CMAKE_COMMAND}" -E copy ${host_sources} "${stage}/ycfn_host"
    COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE:${target}_reactor>" "${stage}/index.wasm"
    ${precompile_cmd}
    ${bytecode_cmd}
    COMMAND "${YCFN_ZIP}" -q -X -9 -r "${ARG_ZIP}" ${files}
    COMMAND "${CMAKE_COMMAND}" -DZIP=${ARG_ZIP} -DLIMIT=${YCFN_PYTHON_ZIP_LIMIT} -DWASM=${stage}/index.wasm
            -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/YcfnCheckZipSize.cmake"
    WORKING_DIRECTORY "${stage}"
    DEPENDS ${target}_reactor ${sources} ${host_sources} "${stage}/requirements.txt"
            "${YCFN_PYTHON_FUNCTION_DIR}/precompile.py" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/YcfnCheckZipSize.cmake"
    COMMENT "Packaging ${target} for the Python runtime into ${ARG_ZIP}"
    VERBATIM)
  add_custom_target(${target}_python ALL DEPENDS "${ARG_ZIP}")
endfunction()
