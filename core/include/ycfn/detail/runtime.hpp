// The invocation state machine behind the C ABI: parses what the host hands
// in, obtains a token when the handler needs one (asking the host to fetch or
// wait), calls the handler, has the host perform the handler's requests and
// feeds their replies to its continuations, and renders its response
// (docs/design.md). Hosts use it through ycfn.h; C++ tests and the native test
// kit may use it directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ycfn/detail/metadata.hpp"
#include "ycfn/detail/token_cache.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

// The instance's Lockbox payload cache (clients/lockbox_cache.cpp), made on
// first use: a void pointer freed through the hook its maker installs
// (detail/feature_hooks.hpp), so that a module that never caches links none
// of its code (one word, a null check when the instance ends; a shared_ptr
// would link its control block's release into every module). A copy (another
// instance's environment) starts without a cache; a move takes it along.
class LockboxPayloadsSlot {
 public:
  LockboxPayloadsSlot() = default;
  LockboxPayloadsSlot(const LockboxPayloadsSlot& /*other*/) {}
  LockboxPayloadsSlot& operator=(const LockboxPayloadsSlot& other) {
    if (this != &other) payloads_.reset();
    return *this;
  }
  LockboxPayloadsSlot(LockboxPayloadsSlot&&) noexcept = default;
  LockboxPayloadsSlot& operator=(LockboxPayloadsSlot&&) noexcept = default;
  ~LockboxPayloadsSlot() = default;

  void* get() const { return payloads_.get(); }
  // Takes ownership; the maker has installed detail::free_lockbox_payloads.
  void reset(void* payloads) { payloads_.reset(payloads); }

 private:
  struct Deleter {
    void operator()(void* payloads) const;
  };
  std::unique_ptr<void, Deleter> payloads_;
};

// What the host says about itself once, at ycfn_runtime_new.
struct HostEnvironment {
  // The function's environment variables (configuration, Lockbox secrets,
  // YC_METADATA_ADDR, YCFN_TIMEOUT_MS, ...), exactly as the host read them.
  std::map<std::string, std::string, std::less<>> env;
  // false: this host cannot perform requests (the WASI command).
  bool network = true;
  // How a token can be provided on this host; ends the token.missing message.
  std::string token_hint;
  // When !network: which hosts can perform requests; ends fetch.unsupported.
  std::string fetch_hint;
  // The instance's Lockbox payload cache. Here because an instance has
  // exactly one HostEnvironment.
  mutable LockboxPayloadsSlot lockbox_payloads;
};

// Used when the invocation has no deadline and YCFN_TIMEOUT_MS is not set:
// the platform's default function timeout.
inline constexpr std::int64_t kDefaultTimeoutMs = 3000;
// YCFN_TIMEOUT_MS may be 1 .. this (the platform's longest timeout, 10 minutes).
inline constexpr std::int64_t kMaxTimeoutMs = 600000;
// Every fetch and wait step says when a host still waiting on I/O gives up
// (`give_up_ms`, then it resumes with cancel): this long before the
// invocation's deadline, so that the core's 504 reaches the platform in time.
// The hosts never see this number, only the absolute time.
inline constexpr std::int64_t kHostGiveUpReserveMs = 100;
// The most steps one invocation is given: the step that would come after them
// is a 500 invocation.too_many_steps instead, so that a runaway handler or core
// loop cannot spin a host (no host counts steps).
inline constexpr int kMaxStepsPerInvocation = 1000;

struct RuntimeConfig {
  HostEnvironment host;
  CachePolicy cache_policy;
  // From YCFN_TIMEOUT_MS; `timeout_error` when it is set but malformed (every
  // invocation then answers it: config.bad_timeout).
  std::int64_t default_timeout_ms = kDefaultTimeoutMs;
  std::optional<Error> timeout_error;
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
  // ycfn_invoke_with_body(): the same with the event's top-level "body" string
  // content given apart from `event_json` (parse_event's `body_text`).
  std::string invoke(std::string_view event_json, std::string_view invocation_json,
                     std::optional<std::string_view> body_text = std::nullopt);
  // ycfn_resume(): the next step of an invocation after "fetch" or "wait", or
  // its final answer when the host cancels it.
  std::string resume(std::string_view input_json);

  const TokenCache& token_cache() const { return cache_; }
  std::size_t invocations_in_progress() const { return in_progress_.size(); }

 private:
  struct Invocation;
  using Step = std::string;
  using Owned = std::unique_ptr<Invocation>;

  Step continue_with_token(Owned inv, std::int64_t now_ms);
  Step act_on(Owned inv, TokenDecision decision);
  Step call_handler(Owned inv);
  Step run_task(Owned inv, Task task);
  Step resume_requests(Owned inv, const struct ResumeInput& input);
  std::vector<struct FetchStepEntry> issue_requests(Invocation& inv);
  Task run_continuation(Invocation& inv);
  Step park(Owned inv, std::string step);
  Step respond_error(Invocation& inv, const Error& error, int status);
  Step respond_error(Invocation& inv, const Error& error);
  // `response_text`: the rendered result, compact JSON (render_response_text).
  Step respond(Invocation& inv, const std::string& response_text);
  std::vector<std::string> take_log_lines(Invocation& inv);
  void forget_abandoned(std::int64_t now_ms, Invocation& reporter);

  HandlerSpec handler_;
  Result<RuntimeConfig> config_;
  Result<HttpRequestSpec> metadata_request_;
  TokenCache cache_;
  std::uint64_t next_invocation_id_ = 1;
  std::map<std::uint64_t, Owned> in_progress_;
};

}  // namespace ycfn
