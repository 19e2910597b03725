# The wasi preset's toolchain: ycfn's WASI toolchain file, from the ycfn
# that cmake/ycfn-locate.cmake finds (YCFN_ROOT, or CMAKE_PREFIX_PATH).
if(NOT YCFN_TOOLCHAIN_DIR)
  include("${CMAKE_CURRENT_LIST_DIR}/ycfn-locate.cmake")
  ycfn_toolchain_dir(YCFN_TOOLCHAIN_DIR)
endif()
# try_compile projects read this file again: they get the folder found here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES YCFN_TOOLCHAIN_DIR)
include("${YCFN_TOOLCHAIN_DIR}/wasi-sdk.cmake")
