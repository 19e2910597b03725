# YCFN_ABI_EXPORTS: the C ABI's exports, read from their one list,
# core/abi/exports.def.
include_guard(GLOBAL)
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../core/abi/exports.def" _ycfn_export_lines REGEX "^YCFN_EXPORT\\(")
set(YCFN_ABI_EXPORTS "")
foreach(_line IN LISTS _ycfn_export_lines)
  string(REGEX REPLACE "^YCFN_EXPORT\\(([a-z_]+)\\).*" "\\1" _name "${_line}")
  list(APPEND YCFN_ABI_EXPORTS "${_name}")
endforeach()
if(NOT YCFN_ABI_EXPORTS)
  message(FATAL_ERROR "no YCFN_EXPORT lines in core/abi/exports.def")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/../core/abi/exports.def")
