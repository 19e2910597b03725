// What a handler knows about its invocation: the platform's context fields,
// the deadline and the time left, the function's environment, the IAM token
// when there is one, a logger, and outbound requests (fetch.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/fetch.hpp"
#include "ycfn/log.hpp"
#include "ycfn/result.hpp"
#include "ycfn/token.hpp"

namespace ycfn {

// The platform's context fields, as parsed by the runtime from the host's
// invocation JSON (docs/design.md, "The C ABI").
struct ContextInfo {
  std::string request_id;
  std::string function_name;
  std::string function_version;
  std::string memory_limit_mb;                    // a string on the platform, e.g. "128"
  std::int64_t started_at_ms = 0;                 // host clock when the invocation started
  std::int64_t deadline_ms = 0;                   // host clock by which the platform ends it
  nlohmann::json raw = nlohmann::json::object();  // the context object as received, without token
  // When not empty: the context object's JSON text as received (strict JSON,
  // within the depth limit), which Context::raw() parses into `raw`, without
  // the token, the first time it is asked (most handlers never ask: a DOM built
  // for every call was about a tenth of a small one).
  std::string raw_text;
};

// What the host told the runtime once, for every invocation: the function's
// environment and how a token can be provided on this host. Owned by the
// runtime (detail/runtime.hpp).
struct HostEnvironment;

class Context {
 public:
  Context(ContextInfo info, LogBuffer& log, const HostEnvironment* host = nullptr)
      : info_(std::move(info)), log_(&log), host_(host), now_ms_(info_.started_at_ms) {}

  const std::string& request_id() const { return info_.request_id; }
  const std::string& function_name() const { return info_.function_name; }
  const std::string& function_version() const { return info_.function_version; }
  const std::string& memory_limit_mb() const { return info_.memory_limit_mb; }
  std::int64_t deadline_ms() const { return info_.deadline_ms; }
  // Host clock (Unix ms) when the invocation started.
  std::int64_t started_at_ms() const { return info_.started_at_ms; }
  // Time left when the invocation started.
  std::int64_t remaining_ms_at_start() const { return info_.deadline_ms - info_.started_at_ms; }
  // Time left now: the core has no clock of its own, so "now" is the host's
  // clock at the latest step (the start, or the arrival of the replies the
  // running continuation was given). Never negative.
  std::int64_t remaining_ms() const { return now_ms_ < info_.deadline_ms ? info_.deadline_ms - now_ms_ : 0; }
  std::int64_t now_ms() const { return now_ms_; }
  // Every data field of the context the host received, without `token`.
  const nlohmann::json& raw() const;

  // A variable of the function's environment (its configuration, Lockbox
  // secrets): process.env on Node, os.environ in Python, `wasmtime run --env`.
  // The view is valid for the whole invocation. ycfn never logs values.
  std::optional<std::string_view> env(std::string_view name) const;
  // The variable's value, or `fallback` when it is unset or empty (an empty
  // setting in the console means "not configured").
  std::string env(std::string_view name, std::string_view fallback) const;

  // The IAM token for this invocation, or nullptr. Handlers registered with
  // YCFN_HANDLER_WITH_TOKEN always get one (the runtime answers an error
  // response instead of calling them without). Never log token()->access_token;
  // to call an API with it, use HttpCall::with_token().
  const Token* token() const { return token_ ? &*token_ : nullptr; }
  std::optional<TokenSource> token_source() const { return token_source_; }
  // token.missing, with this host's explanation of how to provide a token
  // (on the platform: attach a service account; under wasmtime: YCFN_CONTEXT).
  Error missing_token_error() const;

  // Records go out with this invocation's request id, secrets redacted.
  LogBuffer& log() { return *log_; }

  // Makes `value` a secret of this invocation, as its IAM token is: from now
  // on every log line of the invocation (a record's message and fields, an
  // Error's message logged) shows kProtectedMark (redact.hpp: "[secret]",
  // nothing of the value, unlike a token's mark) wherever the value appears,
  // on every host. The clients call it for each secret they
  // return (Lockbox entries); a handler may call it for its own. Values
  // shorter than 4 bytes are not redacted (they would match ordinary words).
  // The handler's own response is never rewritten: what it answers is its
  // choice.
  void protect_secret(std::string value);
  // The invocation's secrets so far: the tokens it has seen, then the
  // protected values, each once.
  const std::vector<std::string>& secrets() const { return secrets_; }
  // The protected values among them (protect_secret), each once.
  const std::vector<std::string>& protected_values() const { return protected_; }

  // One request: `co_await context.fetch(call)` gives its HttpReply (C++20,
  // ycfn/async.hpp); in C++17,
  // `.then([](ycfn::HttpReply reply, ycfn::Context& context) -> ycfn::Task {...})`.
  PendingFetch<HttpReply> fetch(HttpCall call) const {
    std::vector<HttpCall> calls;
    calls.push_back(std::move(call));
    return PendingFetch<HttpReply>(std::move(calls));
  }
  // Several requests in flight at once; the replies come in the calls' order
  // once every one is in. With `max_in_flight` > 0, the host is handed at most
  // that many at a time (one step each): the next ones leave once those have
  // answered, so stopping 500 instances does not open 500 connections.
  PendingFetch<std::vector<HttpReply>> fetch_all(std::vector<HttpCall> calls,
                                                 std::size_t max_in_flight = 0) const {
    return PendingFetch<std::vector<HttpReply>>(std::move(calls), max_in_flight);
  }

  // Used by the runtime.
  void set_token(Token token, TokenSource source) {
    token_ = std::move(token);
    token_source_ = source;
  }
  void set_now_ms(std::int64_t now_ms) { now_ms_ = now_ms; }
  // A token the invocation has seen joins the secrets (once: no look-up).
  void add_token_secret(std::string token) { secrets_.push_back(std::move(token)); }
  const HostEnvironment* host() const { return host_; }

 private:
  mutable ContextInfo info_;  // mutable: raw() parses raw_text on first use
  LogBuffer* log_;
  const HostEnvironment* host_;
  std::int64_t now_ms_;
  std::vector<std::string> secrets_;
  std::vector<std::string> protected_;
  std::optional<Token> token_;
  std::optional<TokenSource> token_source_;
};

}  // namespace ycfn
