# Where ycfn is, for CMakeLists.txt and the toolchain files beside this one.
# The project names no path of its own: ycfn is
#   1. YCFN_ROOT, the CMake variable (-DYCFN_ROOT=<path>) or else the environment
#      variable: a ycfn checkout or an install prefix (cmake --install);
#   2. else an install prefix on CMAKE_PREFIX_PATH (the CMake variable or the
#      environment variable), or in /usr/local or /usr.
# A relative YCFN_ROOT is taken from the project's folder.

# ycfn_given_root(<root var> <kind var>): YCFN_ROOT resolved, and `checkout` or
# `prefix`; both empty when YCFN_ROOT is not set. Stops when it is set to
# something else than a ycfn.
function(ycfn_given_root root_var kind_var)
  set(root "")
  set(kind "")
  if(NOT "${YCFN_ROOT}" STREQUAL "")
    set(given "${YCFN_ROOT}")
    set(from "YCFN_ROOT (CMake variable)")
  elseif(NOT "$ENV{YCFN_ROOT}" STREQUAL "")
    set(given "$ENV{YCFN_ROOT}")
    set(from "YCFN_ROOT (environment variable)")
  endif()
  if(DEFINED given)
    get_filename_component(root "${given}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
    if(EXISTS "${root}/core/CMakeLists.txt" AND EXISTS "${root}/toolchains/emscripten.cmake")
      set(kind checkout)
    elseif(EXISTS "${root}/share/ycfn/toolchains/emscripten.cmake")
      set(kind prefix)
    else()
      message(FATAL_ERROR "${from} is ${given}: that is neither a ycfn checkout (core/CMakeLists.txt) "
                          "nor a ycfn install prefix (share/ycfn/toolchains/, made by cmake --install)")
    endif()
  endif()
  set(${root_var} "${root}" PARENT_SCOPE)
  set(${kind_var} "${kind}" PARENT_SCOPE)
endfunction()

# ycfn_toolchain_dir(<var>): the folder of ycfn's toolchain files
# (emscripten.cmake, wasi-sdk.cmake), or a stop saying how to point at ycfn.
function(ycfn_toolchain_dir var)
  ycfn_given_root(root kind)
  if(kind STREQUAL "checkout")
    set(${var} "${root}/toolchains" PARENT_SCOPE)
    return()
  elseif(kind STREQUAL "prefix")
    set(${var} "${root}/share/ycfn/toolchains" PARENT_SCOPE)
    return()
  endif()
  set(prefixes ${CMAKE_PREFIX_PATH})
  if(NOT "$ENV{CMAKE_PREFIX_PATH}" STREQUAL "")
    string(REPLACE ":" ";" from_env "$ENV{CMAKE_PREFIX_PATH}")
    list(APPEND prefixes ${from_env})
  endif()
  foreach(prefix IN LISTS prefixes ITEMS /usr/local /usr)
    if(EXISTS "${prefix}/share/ycfn/toolchains/emscripten.cmake")
      set(${var} "${prefix}/share/ycfn/toolchains" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  ycfn_not_found_message(hint)
  message(FATAL_ERROR "${hint}")
endfunction()

function(ycfn_not_found_message var)
  string(CONCAT text
         "ycfn not found. Set the environment variable YCFN_ROOT to a ycfn checkout or install prefix "
         "(export YCFN_ROOT=$HOME/ycfn), or pass -DYCFN_ROOT=<path> to cmake --preset, or put the "
         "install prefix on CMAKE_PREFIX_PATH.")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
