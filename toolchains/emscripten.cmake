# Emscripten toolchain for the `node` preset.
#
# Uses an emsdk when EMSDK is set, otherwise Debian's `emscripten` package
# (/usr/share/emscripten). Debian's emcc needs NODE_PATH=/usr/share/nodejs at
# link time, so the compilers are the small wrappers in toolchains/emscripten/
# that set it; CMake then works from any shell, with or without presets.
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/emcc")
  set(YCFN_EMSCRIPTEN_ROOT "$ENV{EMSDK}/upstream/emscripten")
elseif(DEFINED ENV{EMSCRIPTEN} AND EXISTS "$ENV{EMSCRIPTEN}/emcc")
  set(YCFN_EMSCRIPTEN_ROOT "$ENV{EMSCRIPTEN}")
else()
  set(YCFN_EMSCRIPTEN_ROOT "/usr/share/emscripten")
endif()

if(NOT EXISTS "${YCFN_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
  message(FATAL_ERROR "Emscripten not found at ${YCFN_EMSCRIPTEN_ROOT}; run scripts/setup.sh "
                      "(Debian package `emscripten`) or set EMSDK.")
endif()

set(EMSCRIPTEN_ROOT_PATH "${YCFN_EMSCRIPTEN_ROOT}")
set(CMAKE_C_COMPILER "${CMAKE_CURRENT_LIST_DIR}/emscripten/emcc" CACHE FILEPATH "emcc with NODE_PATH set")
set(CMAKE_CXX_COMPILER "${CMAKE_CURRENT_LIST_DIR}/emscripten/em++" CACHE FILEPATH "em++ with NODE_PATH set")

include("${YCFN_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
