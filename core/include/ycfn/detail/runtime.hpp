// The invocation state machine behind the C ABI: parses what the host hands
// in, obtains a token when the handler needs one (asking the host to fetch or
// wait, see docs/design.md), calls the handler and renders its response.
// Hosts use it through ycfn.h; C++ tests may use it directly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ycfn/detail/metadata.hpp"
#include "ycfn/detail/token_cache.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

struct RuntimeConfig {
  std::string yc_metadata_addr;   // YC_METADATA_ADDR as the host read it ("" = unset)
  std::string gce_metadata_host;  // GCE_METADATA_HOST as the host read it ("" = unset)
  bool network = true;            // false: the host cannot fetch (WASI command)
  CachePolicy cache_policy;
};

// Parses the ycfn_runtime_new() JSON (docs/design.md). Empty input means defaults.
// Unknown keys are ignored; wrong types are an `abi.bad_config` error.
Result<RuntimeConfig> parse_runtime_config(std::string_view json);

class Runtime {
 public:
  Runtime(const HandlerSpec& handler, Result<RuntimeConfig> config);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // ycfn_invoke(): the first step of a new invocation, as JSON.
  std::string invoke(std::string_view event_json, std::string_view invocation_json);
  // ycfn_resume(): the next step of an invocation after "fetch" or "wait".
  std::string resume(std::string_view input_json);

  const TokenCache& token_cache() const { return cache_; }
  std::size_t invocations_in_progress() const { return in_progress_.size(); }

 private:
  struct Invocation;
  using Step = std::string;

  Step start(std::unique_ptr<Invocation> inv);
  Step continue_with_token(std::unique_ptr<Invocation> inv, std::int64_t now_ms);
  Step act_on(std::unique_ptr<Invocation> inv, TokenDecision decision);
  Step call_handler(Invocation& inv);
  Step respond_error(Invocation& inv, const Error& error, int status);
  // `response_text`: the rendered result, compact JSON (render_response_text).
  Step respond(Invocation& inv, const std::string& response_text);
  nlohmann::json take_log_lines(Invocation& inv);

  HandlerSpec handler_;
  Result<RuntimeConfig> config_;
  Result<HttpRequestSpec> metadata_request_;
  TokenCache cache_;
  std::uint64_t next_invocation_id_ = 1;
  std::map<std::uint64_t, std::unique_ptr<Invocation>> in_progress_;
};

}  // namespace ycfn
