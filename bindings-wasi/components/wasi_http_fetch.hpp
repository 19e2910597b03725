// HTTP requests through wasi:http/outgoing-handler (WASI 0.2), for the
// components: method, URL, headers, body, a time limit for the whole exchange
// and a body limit -> status, headers and body, or a "timeout", "network" or
// "too_large" failure. Compiled once per component world (bindings-wasi/components/gen/).
#pragma once

#include <vector>

#include "guest_fetch.hpp"
#include "ycfn/detail/host_contract.hpp"

namespace ycfn_wasi {

// All requests are in flight at once (each after its delay_ms); one wasi:io
// poll waits for whichever can make progress. Never follows redirects.
std::vector<FetchOutcome> wasi_http_fetch_all(const std::vector<FetchRequest>& requests);

// The runtime config's "token_hint" of both components: the core's
// token.missing message ends with it.
inline constexpr const char* kComponentTokenHint = ycfn::host_contract::kTokenHint_component;

}  // namespace ycfn_wasi
