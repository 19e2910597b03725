# cmake -DZIP=<function.zip> -DLIMIT=<bytes> [-DWASM=<index.wasm>] -P YcfnCheckZipSize.cmake
# Fails (and removes the ZIP, so the next build tries again) when the ZIP is over LIMIT.
file(SIZE "${ZIP}" zip_size)
set(detail "")
if(WASM AND EXISTS "${WASM}")
  file(SIZE "${WASM}" wasm_size)
  set(detail ", index.wasm ${wasm_size} bytes")
endif()
if(zip_size GREATER LIMIT)
  file(REMOVE "${ZIP}")
  message(FATAL_ERROR "${ZIP} is ${zip_size} bytes${detail}: over the ${LIMIT}-byte limit of a "
                      "Yandex Cloud Functions ZIP upload. Make the handler smaller.")
endif()
message(STATUS "${ZIP}: ${zip_size} bytes (limit ${LIMIT})${detail}")
