// Test handler registered WITH_TOKEN: the runtime must hand it a token (from the
// context, or the metadata service through the cache) or answer an error itself.
// It reports the token's shape and where it came from, never the token, and logs
// the token on purpose: the core must redact it from every log line, and the tests
// check every output for it. With the event {"trap": true} it traps after getting
// the token (a trap while other invocations of the instance wait on the metadata
// service).
#include <ycfn/handler.hpp>
#include <ycfn/redact.hpp>
#include <ycfn/token.hpp>

#include <nlohmann/json.hpp>

namespace {

ycfn::Response needs_token(const ycfn::Request& request, ycfn::Context& context) {
  const nlohmann::json& event = request.raw();
  if (event.is_object()) {
    const auto it = event.find("trap");
    if (it != event.end() && it->is_boolean() && it->get<bool>()) __builtin_trap();
  }
  const ycfn::Token& token = *context.token();
  const auto source = context.token_source();
  const std::string source_name = source ? ycfn::token_source_name(*source) : "none";
  // Deliberately unsafe: the runtime must redact this before it reaches a log.
  context.log().info("needs-token: got token " + token.access_token);
  nlohmann::json out = nlohmann::json::object();
  out["requestId"] = context.request_id();
  out["source"] = source_name;
  out["tokenSource"] = source_name;
  out["tokenType"] = token.token_type;
  out["redacted"] = ycfn::redact_secret(token.access_token);
  out["length"] = token.access_token.size();
  out["tokenLength"] = token.access_token.size();
  out["expiresInS"] = token.expires_in_s;
  out["expiresIn"] = token.expires_in_s;
  out["obtainedAtMs"] = token.obtained_at_ms;
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(needs_token)
