// Features the runtime reaches only through a pointer that the feature's own
// entry point installs: HttpCall::retry (retry_runner.cpp) installs
// retry_hook, Context::protect_secret (context.cpp) installs
// masked_log_line, the Lockbox payload cache's maker (lockbox_cache.cpp)
// installs free_lockbox_payloads. Until then a pointer is null and the
// runtime takes the plain path, so a module that never names a retry rule,
// protects a value or caches a payload links none of their code, log strings
// included (issue 25: the typed clients add nothing to a function that does
// not use them).
//
// Process-wide on purpose: each pointer is only ever set, always to the same
// function, and the core runs on one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ycfn/fetch.hpp"
#include "ycfn/log.hpp"

namespace ycfn {

class Context;
struct OutboundState;
struct CachePolicy;

// One call's retries so far, kept by the runtime in the call's slot.
struct RetryState {
  int attempts = 1;           // of this call, the one in flight included
  std::int64_t delay_ms = 0;  // before the next attempt leaves (a retry's wait)
};

// Asks `call`'s retry rule about `reply`: on a retry it logs why, counts the
// attempt in `state` and `invocation_retries`, sets `state.delay_ms` and
// empties `reply` (the runtime then issues the call again) and returns true;
// otherwise it leaves `reply` as it is (logging a final verdict after
// retries) and returns false.
using RetryHook = bool (*)(const HttpCall& call, const OutboundState& outbound,
                           std::optional<HttpReply>& reply, RetryState& state, int& invocation_retries,
                           Context& context, const CachePolicy& policy);

// format_log_line with the protected values masked (log.hpp).
using MaskedLogLine = std::string (*)(const LogRecord& record, const std::string& request_id,
                                      const std::vector<std::string>& secrets,
                                      const std::vector<std::string>& masked);

// Frees HostEnvironment::lockbox_payloads (detail/runtime.hpp).
using FreeLockboxPayloads = void (*)(void* payloads);

namespace detail {
extern RetryHook retry_hook;
extern MaskedLogLine masked_log_line;
extern FreeLockboxPayloads free_lockbox_payloads;
}  // namespace detail

}  // namespace ycfn
