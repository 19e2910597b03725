// What a guest-side host asks of its network: one HTTP request as a core step
// describes it, and how it ended. Plain data, no JSON and no WASI, so the step
// driver (guest_step_driver.cpp) and the transports (wasi_http_fetch.cpp, or
// none in a preview1 command) meet only here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ycfn_wasi {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct FetchRequest {
  std::uint64_t id = 0;
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
  std::int64_t delay_ms = 0;    // start after this
  std::int64_t timeout_ms = 0;  // the whole exchange (connect, headers, body)
  std::uint64_t max_body_bytes = 0;
};

struct FetchOutcome {
  std::uint64_t id = 0;
  // Empty: `status`, `headers` and `body` hold the reply. Else "timeout",
  // "network" or "too_large", and `message` says why (never reply bytes).
  std::string error;
  std::string message;
  int status = 0;
  HeaderList headers;
  std::string body;
};

// Performs every request, concurrently where the transport can, and answers
// one outcome per request, in the same order. Redirects are never followed.
using FetchAll = std::vector<FetchOutcome> (*)(const std::vector<FetchRequest>& requests);

}  // namespace ycfn_wasi
