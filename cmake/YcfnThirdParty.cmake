# Third-party headers come from Debian packages (nlohmann-json3-dev, catch2),
# never vendored. Emscripten's and WASI's sysroots do not see /usr/include, and
# adding -I/usr/include would drag glibc headers into a wasm build, so only the
# two library folders are exposed, through a staging directory of symlinks.
# Every target (native included) uses the same staging dir.
set(YCFN_THIRD_PARTY_INCLUDE "${CMAKE_BINARY_DIR}/third_party/include")
file(MAKE_DIRECTORY "${YCFN_THIRD_PARTY_INCLUDE}")

function(_ycfn_stage_header_dir folder probe package)
  find_path(_ycfn_found_${folder} "${folder}/${probe}"
            HINTS /usr/include /usr/local/include
            NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
  if(NOT _ycfn_found_${folder})
    message(FATAL_ERROR "${folder}/${probe} not found: install the Debian package `${package}` "
                        "(scripts/setup.sh does).")
  endif()
  file(CREATE_LINK "${_ycfn_found_${folder}}/${folder}" "${YCFN_THIRD_PARTY_INCLUDE}/${folder}" SYMBOLIC)
endfunction()

_ycfn_stage_header_dir(nlohmann json.hpp nlohmann-json3-dev)
# Also made by ycfnConfig.cmake in a consumer's build (find_package), where the
# staging folder is the consumer's: once per build.
if(NOT TARGET ycfn_nlohmann_json)
  add_library(ycfn_nlohmann_json INTERFACE)
  target_include_directories(ycfn_nlohmann_json SYSTEM INTERFACE "${YCFN_THIRD_PARTY_INCLUDE}")
  target_compile_definitions(ycfn_nlohmann_json INTERFACE JSON_NOEXCEPTION=1)
endif()

# Catch2: ycfn's own tests only.
if(BUILD_TESTING AND YCFN_BUILD_TESTS)
  _ycfn_stage_header_dir(catch2 catch.hpp catch2)
endif()
