// The documented "IAM token via the metadata API" function, in C++, done the
// production way: the runtime fetches the token from the metadata service once
// per token lifetime (cached, single-flight, bounded in time, strict about the
// reply) instead of once per call. When the invocation context already carries
// a token, that token wins and no request is made.
//
// WARNING: this returns a live IAM token to whoever calls it; never make it public.
#include <ycfn/handler.hpp>
#include <ycfn/json.hpp>

namespace {

ycfn::Response metadata_token(const ycfn::Request& /*request*/, ycfn::Context& context) {
  // YCFN_HANDLER_WITH_TOKEN guarantees a token.
  const ycfn::Token& token = *context.token();
  // A cached token has less life left than it had when fetched: report what is left.
  const std::int64_t seconds_left = (token.expires_at_ms() - context.started_at_ms()) / 1000;
  const nlohmann::json body = {
      {"access_token", token.access_token},
      {"expires_in", seconds_left},
      {"token_type", token.token_type},
  };
  return ycfn::Response::text(ycfn::json::dump(body), 200, "text/plain");
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(metadata_token)
