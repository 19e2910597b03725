// The platform's HTTP semantics as the wasi:http component needs them: an
// HTTP request -> the function's event JSON, the function's result -> an HTTP
// response (docs: platform.md, "Invoking over HTTPS"). A minimal, faithful
// stand-in: when the core's own module (core/include/ycfn/detail/http_semantics.hpp)
// lands, the bodies of these functions become calls into it.
#pragma once

#include <cstdint>
#include <string>

#include "guest_fetch.hpp"

namespace ycfn_wasi {

// The platform refuses a request whose event would be over 3.5 MB with 413; the
// body is what makes it large, so a body over this is refused unread.
constexpr std::uint64_t kMaxRequestBodyBytes = 3500000;

struct IncomingHttp {
  std::string method;           // as sent, e.g. "GET"
  std::string path_with_query;  // "/a/b?x=1&y=2"
  HeaderList headers;           // in order, names as received
  std::string body;
  std::string request_id;
  std::int64_t now_ms = 0;  // when the request arrived (Unix ms)
};

struct OutgoingHttp {
  int status = 200;
  HeaderList headers;
  std::string body;
};

// The event the platform would pass for this request, as JSON text.
std::string http_request_to_event(const IncomingHttp& request);

// The HTTP response for a function result (the JSON text of the core's
// respond step); a result the platform cannot use becomes its 502.
OutgoingHttp http_result_to_response(const std::string& result_json);

// The platform's answer to a request body over kMaxRequestBodyBytes (413), and
// to a failure of the host itself (500), in its error shape.
OutgoingHttp http_error_response(int status, const std::string& type, const std::string& message);

}  // namespace ycfn_wasi
