// Invoking another Cloud Function over HTTPS with the invocation's IAM token
// (the service account needs functions.functionInvoker on it):
//
//   POST {YC_FUNCTIONS_ENDPOINT}/{functionId}[?integration=raw][&tag=...]
//
// Without integration=raw the callee gets an HTTP event made from this
// request; with it, the body itself is its event. Each operation is a request
// builder and a reply parser (see lockbox.hpp for the pattern).
//
// parse_invoke takes any 2xx for the callee's answer; any other status is an
// error (functions.not_found, .denied, .throttled, .unavailable, .rejected;
// the platform's {"errorType", "errorMessage"} body read into the message),
// also when the callee chose that status itself: read the HttpReply for the
// status as data. Errors: functions.invalid_argument, fetch.*.
#pragma once

#include <string>
#include <string_view>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/headers.hpp"
#include "ycfn/result.hpp"

namespace ycfn::functions {

inline constexpr std::string_view kEndpointVariable = "YC_FUNCTIONS_ENDPOINT";
inline constexpr std::string_view kDefaultEndpoint = "https://functions.yandexcloud.net";

struct InvokeOptions {
  bool raw = false;  // ?integration=raw: the body is the callee's event
  std::string tag;   // ?tag=: a version tag ("" for $latest)
  std::string content_type = "application/json";
};

struct Invocation {
  int status = 0;
  Headers headers;
  std::string body;
};

Result<HttpCall> invoke_call(const Context& context, std::string_view function_id, std::string body,
                             const InvokeOptions& options = {});
Result<Invocation> parse_invoke(const HttpReply& reply);

}  // namespace ycfn::functions
