// What a handler knows about its invocation: the platform's context fields,
// the deadline, the IAM token when there is one, and a logger.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/log.hpp"
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
  nlohmann::json raw = nlohmann::json::object();  // the context object as received
};

class Context {
 public:
  Context(ContextInfo info, LogBuffer& log) : info_(std::move(info)), log_(&log) {}

  const std::string& request_id() const { return info_.request_id; }
  const std::string& function_name() const { return info_.function_name; }
  const std::string& function_version() const { return info_.function_version; }
  const std::string& memory_limit_mb() const { return info_.memory_limit_mb; }
  std::int64_t deadline_ms() const { return info_.deadline_ms; }
  // Host clock (Unix ms) when the invocation started.
  std::int64_t started_at_ms() const { return info_.started_at_ms; }
  // Time left when the invocation started (the core has no clock of its own).
  std::int64_t remaining_ms_at_start() const { return info_.deadline_ms - info_.started_at_ms; }
  const nlohmann::json& raw() const { return info_.raw; }

  // The IAM token for this invocation, or nullptr. Handlers registered with
  // YCFN_HANDLER_WITH_TOKEN always get one (the runtime answers an error
  // response instead of calling them without). Never log token()->access_token.
  const Token* token() const { return token_ ? &*token_ : nullptr; }
  std::optional<TokenSource> token_source() const { return token_source_; }

  // Records go out with this invocation's request id, tokens redacted.
  LogBuffer& log() { return *log_; }

  // Used by the runtime before calling the handler.
  void set_token(Token token, TokenSource source) {
    token_ = std::move(token);
    token_source_ = source;
  }

 private:
  ContextInfo info_;
  LogBuffer* log_;
  std::optional<Token> token_;
  std::optional<TokenSource> token_source_;
};

}  // namespace ycfn
