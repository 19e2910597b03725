// The documented "IAM token from the handler context" function, in C++.
//
// WARNING: this returns a live IAM token to whoever calls it. It exists to show
// the documented behaviour; never make it public (see token-info for the safe
// variant).
#include <ycfn/handler.hpp>
#include <ycfn/json.hpp>

namespace {

ycfn::Response context_token(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const ycfn::Token* token = context.token();
  if (token == nullptr || context.token_source() != ycfn::TokenSource::context) {
    // The host says how a token is provided where this runs: on the platform,
    // attach a service account; under wasmtime, pass YCFN_CONTEXT.
    return ycfn::Response::from_error(context.missing_token_error(), 502);
  }
  const nlohmann::json body = {
      {"access_token", token->access_token},
      {"expires_in", token->expires_in_s},
      {"token_type", token->token_type},
  };
  return ycfn::Response::text(ycfn::json::dump(body), 200, "text/plain");
}

}  // namespace

YCFN_HANDLER(context_token)
