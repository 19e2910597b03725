# ycfn_node_host_bundle(<source dir> <output file>)
#
# Makes the Node function host (bindings-node/function-host/, plain CommonJS
# files with one job each) one script that --extern-post-js appends to the
# Emscripten glue, so a function stays three files (index.js, index.wasm,
# package.json). Each file becomes a function (module, exports, require) in a
# table; `require('./x')` between them resolves in the table, anything else is
# Node's require. The entry, index.js, gets the glue's factory
# (createYcfnModule) and the function's index.wasm, and its createHost()
# becomes the function module's exports.
#
# Runs at configure time; the output is rewritten only when it changes (so
# the functions relink only then), and an edit of a host file re-runs the
# configure step.
include_guard(GLOBAL)

function(ycfn_node_host_bundle source_dir output)
  file(GLOB sources RELATIVE "${source_dir}" "${source_dir}/*.js")
  list(SORT sources)
  if(NOT CMAKE_SCRIPT_MODE_FILE)
    # A host file edited, added or removed re-runs the configure step.
    file(GLOB _ycfn_watched CONFIGURE_DEPENDS "${source_dir}/*.js")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_ycfn_watched})
  endif()
  set(text "// Generated from bindings-node/function-host/*.js by cmake/YcfnNodeHostBundle.cmake; do not edit.\n")
  string(APPEND text "/* global createYcfnModule */\n")
  string(APPEND text "(function ycfnHostBundle(outerModule, outerRequire, functionDir, factory) {\n")
  string(APPEND text "  'use strict';\n  const sources = Object.create(null);\n")
  foreach(source IN LISTS sources)
    file(READ "${source_dir}/${source}" body)
    string(REGEX REPLACE "\\.js$" "" id "${source}")
    string(APPEND text "  // ---- ${source}\n  sources['./${id}'] = function (module, exports, require) {\n")
    string(APPEND text "${body}")
    string(APPEND text "  };\n")
  endforeach()
  string(APPEND text [=[
  const loaded = Object.create(null);
  function load(id) {
    if (!loaded[id]) {
      const module = { exports: {} };
      loaded[id] = module;
      sources[id](module, module.exports, (dep) => (dep in sources ? load(dep) : outerRequire(dep)));
    }
    return loaded[id].exports;
  }
  outerModule.exports = load('./index').createHost({
    factory,
    wasmPath: outerRequire('path').join(functionDir, 'index.wasm'),
  });
})(module, require, __dirname, typeof createYcfnModule === 'function' ? createYcfnModule : null);
]=])
  file(WRITE "${output}.tmp" "${text}")
  configure_file("${output}.tmp" "${output}" COPYONLY)
  file(REMOVE "${output}.tmp")
endfunction()

# As a script, for the host's tests:
#   cmake -DSOURCE_DIR=bindings-node/function-host -DOUTPUT=<file> -P cmake/YcfnNodeHostBundle.cmake
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  ycfn_node_host_bundle("${SOURCE_DIR}" "${OUTPUT}")
endif()
