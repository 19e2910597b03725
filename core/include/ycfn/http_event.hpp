// The HTTP event: what a function receives when it is called over HTTPS,
// directly or through API Gateway (payload v0.1 and v1.0), parsed once into
// typed, validated fields.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/detail/lazy_json.hpp"
#include "ycfn/headers.hpp"
#include "ycfn/query_params.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

namespace detail {
// Fills requests from event text without a DOM (core/src/event/fast_http_event.cpp).
struct FastEventBuilder;
// Fills requests from the DOM (core/src/event/http_event.cpp).
struct HttpEventParser;
}  // namespace detail

// The event's `requestContext`. Absent fields are empty.
struct RequestContextInfo {
  std::string request_id;    // requestContext.requestId
  std::string source_ip;     // requestContext.identity.sourceIp
  std::string user_agent;    // requestContext.identity.userAgent
  std::string request_time;  // requestContext.requestTime, CLF: "26/Dec/2019:14:22:07 +0000"
  std::optional<std::int64_t> request_time_epoch;  // requestContext.requestTimeEpoch (Unix seconds)
  std::string http_method;                         // requestContext.httpMethod
  // requestContext.authorizer (API Gateway authorizers, e.g. {"jwt": {...}}).
  std::optional<nlohmann::json> authorizer;
  // requestContext.apiGateway.operationContext: the `context` of the API
  // Gateway integration, an arbitrary object.
  std::optional<nlohmann::json> operation_context;
};

class HttpRequest {
 public:
  // The event's `httpMethod`, as sent ("GET", "POST", ...).
  const std::string& method() const { return method_; }
  // The request path: the path part of `url` (API Gateway v0.1, where `path`
  // is the specification's template), else `path`. May be empty (a direct
  // call to the function's URL has `"path": ""`).
  const std::string& path() const { return path_; }
  // The event's `url` (API Gateway v0.1: the actual path and query), or empty.
  const std::string& url() const { return url_; }
  // From `multiValueHeaders` where a name has a non-empty list, else `headers`.
  // Note the platform strips the caller's Authorization and Cookie headers.
  const Headers& headers() const { return headers_; }
  // From `multiValueQueryStringParameters` / `queryStringParameters`, the same way.
  const QueryParams& query() const { return query_; }
  // Path parameters: `pathParams` (API Gateway v0.1), else `pathParameters` (v1.0).
  const QueryParams& path_params() const { return path_params_; }
  // Every parameter the OpenAPI specification declares (query, path, header):
  // `multiValueParams`/`params` (v0.1), else `multiValueParameters`/`parameters` (v1.0).
  const QueryParams& params() const { return params_; }
  const RequestContextInfo& context() const { return context_; }

  // The body as bytes: base64-decoded when `isBase64Encoded`, else the string as
  // sent. Empty when `body` is absent or null.
  const std::string& body() const { return body_; }
  bool is_base64_encoded() const { return is_base64_encoded_; }
  // Whether body() is valid UTF-8 (a decoded form or upload may not be).
  bool body_is_utf8() const { return body_is_utf8_; }
  // body() parsed as JSON (nesting limited like the event's). Error code
  // `event.bad_json_body`; the message says why (empty, not UTF-8, not JSON at
  // byte N, too deep) and never quotes the body.
  Result<nlohmann::json> json_body() const;

  // The whole event as received (parsed on the first call when the event took
  // the fast parse; the same object as Request::raw()).
  const nlohmann::json& raw() const { return raw_->value(&body_); }

 private:
  friend struct detail::HttpEventParser;
  friend struct detail::FastEventBuilder;
  HttpRequest() = default;

  std::shared_ptr<const detail::LazyJson> raw_;
  std::string method_;
  std::string path_;
  std::string url_;
  Headers headers_;
  QueryParams query_;
  QueryParams path_params_;
  QueryParams params_;
  RequestContextInfo context_;
  std::string body_;
  bool is_base64_encoded_ = false;
  bool body_is_utf8_ = true;
};

// Validates and parses an HTTP event. `httpMethod` must be a string; every
// other field is optional (absent or null is fine). A known field of the wrong
// type -> `event.malformed` naming the field and the type it must have, e.g.
// "event.headers must be an object of strings (it is a string)".
// `isBase64Encoded: true` with a body that is not base64 -> `event.bad_base64`.
Result<HttpRequest> parse_http_event(const nlohmann::json& event);
// The same, sharing `event` instead of copying it (the request keeps it as raw()).
Result<HttpRequest> parse_http_event(std::shared_ptr<const nlohmann::json> event);

namespace detail {
// parse_http_event for an HTTP-like event that may lack the top-level
// `httpMethod` (WebSocket MESSAGE and DISCONNECT): the method is then
// requestContext.httpMethod, or empty. Same checks, same errors otherwise.
Result<HttpRequest> parse_http_like_event(std::shared_ptr<const nlohmann::json> event);
}  // namespace detail

}  // namespace ycfn
