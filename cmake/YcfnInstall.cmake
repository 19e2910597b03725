# Install rules: `cmake --install build/<preset> --prefix <prefix>` makes
# <prefix> a ycfn package that find_package(ycfn CONFIG) finds. One prefix can
# hold the native, node and wasi builds side by side (install each preset into
# it): the headers and CMake files are the same for all three, the libraries and
# the exported targets are per target, and ycfnConfig.cmake loads the ones of
# the consumer's toolchain.
#
#   include/ycfn/...                          the headers
#   lib/ycfn/<target>/libycfn_core.a          (+ libycfn_testing.a on native)
#   lib/cmake/ycfn/ycfnConfig.cmake           (+ ycfnConfigVersion.cmake)
#   lib/cmake/ycfn/ycfnTargets-<target>.cmake ycfn::core (+ ycfn::testing)
#   share/ycfn/cmake/                         ycfn_add_function and the per-target functions
#   share/ycfn/bindings-node/, bindings-wasi/ what those functions build in (function-host/, wasm/, ...)
#   share/ycfn/toolchains/                    toolchain files for a consumer's presets
#   share/ycfn/scripts/new.sh                 scripts/new.sh and its templates
#
# share/ycfn keeps the source tree's layout, so the function modules find their
# files the same way in a checkout and in an install.
include(CMakePackageConfigHelpers)
set(_ycfn_cmake_dir lib/cmake/ycfn)
set(_ycfn_share share/ycfn)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/core/include/" DESTINATION include)
# Included by ycfn/detail/host_contract.hpp from its own folder.
install(FILES core/abi/host_contract.def DESTINATION include/ycfn/detail)

set(_ycfn_installed ycfn_core)
if(TARGET ycfn_testing)
  list(APPEND _ycfn_installed ycfn_testing)
endif()
install(TARGETS ${_ycfn_installed} EXPORT ycfnTargets ARCHIVE DESTINATION lib/ycfn/${YCFN_TARGET})
install(EXPORT ycfnTargets FILE ycfnTargets-${YCFN_TARGET}.cmake NAMESPACE ycfn::
        DESTINATION ${_ycfn_cmake_dir})

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/ycfnConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/ycfnConfig.cmake" INSTALL_DESTINATION ${_ycfn_cmake_dir})
# ARCH_INDEPENDENT: a 64-bit native build and a wasm32 consumer use the same
# files; the per-target check is ycfnConfig.cmake's.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/ycfnConfigVersion.cmake"
                                 COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/ycfnConfig.cmake" "${PROJECT_BINARY_DIR}/ycfnConfigVersion.cmake"
        DESTINATION ${_ycfn_cmake_dir})

install(FILES cmake/YcfnCompileOptions.cmake cmake/YcfnThirdParty.cmake cmake/YcfnFunction.cmake
              cmake/YcfnNodeFunction.cmake cmake/YcfnNodeHostBundle.cmake cmake/YcfnWasiFunction.cmake cmake/YcfnCheckZipSize.cmake
              cmake/YcfnAbiExports.cmake cmake/YcfnPythonFunction.cmake
        DESTINATION ${_ycfn_share}/cmake)
# The one list of ABI exports (YcfnAbiExports.cmake reads it) and what a
# python-function.zip is made of (YcfnPythonFunction.cmake).
install(FILES core/abi/exports.def DESTINATION ${_ycfn_share}/core/abi)
install(DIRECTORY bindings-wasi/python-function/ DESTINATION ${_ycfn_share}/bindings-wasi/python-function
        PATTERN test EXCLUDE PATTERN __pycache__ EXCLUDE)
install(DIRECTORY bindings-wasi/python-host/ DESTINATION ${_ycfn_share}/bindings-wasi/python-host
        PATTERN __pycache__ EXCLUDE)
install(FILES scripts/lib/versions.sh DESTINATION ${_ycfn_share}/scripts/lib)
install(DIRECTORY bindings-node/function-host/ DESTINATION ${_ycfn_share}/bindings-node/function-host)
install(FILES bindings-node/function-package.json.in DESTINATION ${_ycfn_share}/bindings-node)
# C++ that YcfnNodeFunction.cmake links into every Node function (the allocator's small-block cache).
install(DIRECTORY bindings-node/wasm/ DESTINATION ${_ycfn_share}/bindings-node/wasm)
# The guest sources of the WASI modules and components, their worlds and the
# generated WASI 0.2 bindings (YcfnWasiFunction.cmake compiles them).
install(DIRECTORY bindings-wasi/guest/ DESTINATION ${_ycfn_share}/bindings-wasi/guest)
install(DIRECTORY bindings-wasi/command/ DESTINATION ${_ycfn_share}/bindings-wasi/command)
install(DIRECTORY bindings-wasi/components/ DESTINATION ${_ycfn_share}/bindings-wasi/components)
install(DIRECTORY toolchains/ DESTINATION ${_ycfn_share}/toolchains USE_SOURCE_PERMISSIONS)
# scripts/new.sh, which then defaults to this prefix (share/ycfn/scripts/../../..).
install(PROGRAMS scripts/new.sh DESTINATION ${_ycfn_share}/scripts)
install(DIRECTORY scripts/new-project DESTINATION ${_ycfn_share}/scripts)
