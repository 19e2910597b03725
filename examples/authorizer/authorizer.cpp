// An API Gateway function authorizer: a request is authorized when its
// Authorization header is exactly `Bearer <AUTH_TOKEN>`.
//
// Environment:
//   AUTH_TOKEN  the token callers must present; unset or empty: every request is denied
//
// Answers {"isAuthorized": true, "context": {"subject": "bearer"}} (the gateway
// hands the context to the integration), and {"isAuthorized": false,
// "context": {}} for anything else: no header, another scheme, a wrong token,
// no AUTH_TOKEN, the header sent twice. The comparison takes the same time wherever the two differ
// (no timing side channel on the token), and neither the header nor the token
// is ever logged: the log says only which kind of refusal it was.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <ycfn/handler.hpp>

namespace {

constexpr std::string_view kScheme = "Bearer ";

// Compares every byte of `presented` against `expected` whatever they hold;
// only the length of `presented` (which the caller sent) shapes the loop.
bool constant_time_equals(std::string_view presented, std::string_view expected) {
  unsigned difference = presented.size() == expected.size() ? 0U : 1U;
  for (std::size_t i = 0; i < presented.size(); ++i) {
    const auto want = i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0U;
    difference |= static_cast<unsigned char>(presented[i]) ^ want;
  }
  return difference == 0;
}

ycfn::Response deny(ycfn::Context& context, const char* why) {
  context.log().info(std::string("denied: ") + why);
  return ycfn::Response::authorizer(false);
}

ycfn::Response authorizer(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) return deny(context, "not an HTTP-shaped authorizer event");
  const auto expected = context.env("AUTH_TOKEN");
  if (!expected || expected->empty()) return deny(context, "AUTH_TOKEN is not set");
  const std::vector<std::string> headers = http->headers().get_all("Authorization");
  if (headers.empty()) return deny(context, "no Authorization header");
  if (headers.size() > 1) return deny(context, "more than one Authorization header");
  const std::string_view header = headers.front();
  if (header.substr(0, kScheme.size()) != kScheme) return deny(context, "not a Bearer credential");
  if (!constant_time_equals(header.substr(kScheme.size()), *expected)) return deny(context, "wrong token");
  context.log().info("authorized");
  return ycfn::Response::authorizer(true, {{"subject", "bearer"}});
}

}  // namespace

YCFN_HANDLER(authorizer)
