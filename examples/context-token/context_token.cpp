// The documented "IAM token from the handler context" function, in C++.
//
// WARNING: this returns a live IAM token to whoever calls it. It exists to show
// the documented behaviour; never make it public (see token-info for the safe
// variant).
#include <ycfn/handler.hpp>

namespace {

ycfn::Response context_token(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const ycfn::Token* token = context.token();
  if (token == nullptr || context.token_source() != ycfn::TokenSource::context) {
    return ycfn::Response::failure("token.missing",
                                   "the invocation context has no token: attach a service account to the "
                                   "function version",
                                   502);
  }
  const nlohmann::json body = {
      {"access_token", token->access_token},
      {"expires_in", token->expires_in_s},
      {"token_type", token->token_type},
  };
  return ycfn::Response::text(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 200,
                              "text/plain");
}

}  // namespace

YCFN_HANDLER(context_token)
