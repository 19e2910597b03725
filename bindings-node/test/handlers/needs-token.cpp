// Test handler that needs an IAM token: answers where the token came from and its
// redacted form, never the token itself. It also logs the token on purpose: the core
// must redact it from the log line, and the tests check stdout for it. With the event
// {"trap": true} it traps after getting the token (a trap while other invocations of
// the same instance are waiting on the metadata service).
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
  const ycfn::Token* token = context.token();
  nlohmann::json out = nlohmann::json::object();
  out["tokenType"] = token->token_type;
  out["redacted"] = ycfn::redact_secret(token->access_token);
  out["length"] = token->access_token.size();
  out["expiresInS"] = token->expires_in_s;
  out["obtainedAtMs"] = token->obtained_at_ms;
  const auto source = context.token_source();
  out["source"] = source ? ycfn::token_source_name(*source) : "";
  context.log().info("got token " + token->access_token);
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(needs_token)
