// Test handler registered WITH_TOKEN: the runtime must hand it a token (from
// the context, or the metadata service through the cache) or answer an error
// itself. It reports the token's shape, never the token, and logs the token on
// purpose so the tests can check the runtime redacts it from every log line.
#include <ycfn/handler.hpp>

namespace {

ycfn::Response needs_token(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const ycfn::Token& token = *context.token();
  // Deliberately unsafe: the runtime must redact this before it reaches a log.
  context.log().info("needs-token: got " + token.access_token);
  return ycfn::Response::json({
      {"requestId", context.request_id()},
      {"tokenSource", context.token_source() ? ycfn::token_source_name(*context.token_source()) : "none"},
      {"tokenType", token.token_type},
      {"expiresIn", token.expires_in_s},
      {"tokenLength", token.access_token.size()},
  });
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(needs_token)
