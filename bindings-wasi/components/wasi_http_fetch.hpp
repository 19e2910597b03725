// HTTP requests through wasi:http/outgoing-handler (WASI 0.2), for the
// components: method, URL, headers, body, a time limit for the whole exchange
// and a body limit -> status, headers and body, or a "timeout", "network" or
// "too_large" failure. Compiled once per component world (bindings-wasi/components/gen/).
#pragma once

#include <vector>

#include "guest_fetch.hpp"

namespace ycfn_wasi {

// All requests are in flight at once (each after its delay_ms); one wasi:io
// poll waits for whichever can make progress. Never follows redirects.
std::vector<FetchOutcome> wasi_http_fetch_all(const std::vector<FetchRequest>& requests);

// The runtime config's "token_hint" of both components: the core's
// token.missing message ends with it.
inline constexpr const char* kComponentTokenHint =
    "under wasmtime pass YCFN_CONTEXT with a \"token\" (--env YCFN_CONTEXT='{\"token\":{\"access_token\":"
    "\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}}') or set YC_METADATA_ADDR to the metadata "
    "service's host:port (--env YC_METADATA_ADDR=...; wasmtime serve needs -S cli for the environment)";

}  // namespace ycfn_wasi
