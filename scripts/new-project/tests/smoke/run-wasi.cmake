# cmake -DWASMTIME=<wasmtime> -DMODULE=<name>.wasm -DEVENT=<event.json> -DCONTEXT=<context.json> -P run-wasi.cmake
# Runs `wasmtime run --env YCFN_CONTEXT=<context> <module> < <event>` and prints its answer.
file(READ "${CONTEXT}" context)
string(STRIP "${context}" context)
execute_process(COMMAND "${WASMTIME}" run --env "YCFN_CONTEXT=${context}" "${MODULE}"
                INPUT_FILE "${EVENT}" OUTPUT_VARIABLE answer RESULT_VARIABLE status)
message("${answer}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "wasmtime run exited with ${status}")
endif()
