// Test handler, the ONLY one that answers the token itself: the tests compare it with
// the value the emulator or the context handed out. Never a pattern for real code.
#include <ycfn/handler.hpp>
#include <ycfn/token.hpp>

#include <nlohmann/json.hpp>

namespace {

ycfn::Response token_value(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const ycfn::Token* token = context.token();
  nlohmann::json out = nlohmann::json::object();
  out["accessToken"] = token->access_token;
  out["tokenType"] = token->token_type;
  const auto source = context.token_source();
  out["source"] = source ? ycfn::token_source_name(*source) : "";
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(token_value)
