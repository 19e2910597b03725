// The steps the runtime answers, written as JSON text (docs/design.md, "The C
// ABI"). Internal to the core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ycfn/detail/metadata.hpp"
#include "ycfn/detail/outbound.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/log.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

// One request of a fetch step.
struct FetchStepEntry {
  std::uint64_t id = 0;
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent as body_base64 when not empty
  std::int64_t delay_ms = 0;
  std::int64_t timeout_ms = 0;
  std::size_t max_body_bytes = 0;
};

FetchStepEntry fetch_entry(std::uint64_t id, const OutboundFetch& fetch);

// Keys sorted, as nlohmann writes objects. `give_up_ms` is the host clock time
// at which a host still waiting on the step's I/O resumes with cancel
// (give_up_at).
std::string fetch_step(std::uint64_t invocation, std::int64_t give_up_ms,
                       const std::vector<FetchStepEntry>& fetches, const std::vector<std::string>& logs);
std::string wait_step(std::uint64_t invocation, std::int64_t give_up_ms, std::uint64_t fetch_id,
                      std::int64_t timeout_ms, const std::vector<std::string>& logs);
// Keys sorted but the response last, so that a host may take its text without
// parsing it (the WASI command prints it as it is).
std::string respond_step(std::uint64_t invocation, const std::vector<std::string>& logs,
                         const std::string& response_text);
// A host's broken ABI call that names no invocation in progress: the error,
// an ERROR record in `logs` and the 500 `response` the host answers (last).
std::string abi_error_step(const Error& error);

// The HttpReply a handler gets for what the host reported; a body over
// `max_body_bytes` (a host that did not stop reading) is fetch.too_large too.
HttpReply reply_from_outcome(const FetchOutcome& outcome, std::string url, std::int64_t duration_ms,
                             std::size_t max_body_bytes);

// One log record per request: method, origin, path, status or error code,
// duration. Never the query, a header value or a body.
void log_reply(LogBuffer& log, const std::string& method, const OutboundUrl& url, const HttpReply& reply);

}  // namespace ycfn
