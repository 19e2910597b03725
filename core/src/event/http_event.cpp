#include "ycfn/http_event.hpp"

#include <limits>
#include <utility>

#include "event_fields.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn {
namespace {

using event_fields::member;
using event_fields::optional_object;
using event_fields::optional_string;
using event_fields::read_value_maps;
using event_fields::Values;
using event_fields::wrong_type;

// Unix seconds as a JSON number. The platform sends an integer; a float is
// truncated, as long as it fits (converting an out-of-range double is UB).
Result<std::optional<std::int64_t>> read_epoch(const nlohmann::json& context) {
  const std::string path = "event.requestContext.requestTimeEpoch";
  const nlohmann::json* value = member(context, "requestTimeEpoch");
  if (value == nullptr) return std::optional<std::int64_t>();
  if (value->is_number_integer() && !value->is_number_unsigned()) {
    return std::optional<std::int64_t>(value->get<std::int64_t>());
  }
  if (value->is_number_unsigned()) {
    const auto n = value->get<std::uint64_t>();
    if (n <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(n));
    }
  } else if (value->is_number_float()) {
    const double d = value->get<double>();
    // 2^63 is exactly representable; every double below it converts safely.
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
    }
  }
  return wrong_type(path, "an integer number of seconds", *value);
}

std::optional<Error> read_request_context(const nlohmann::json& event, RequestContextInfo& out) {
  auto context = optional_object(event, "requestContext", "event.requestContext");
  if (!context) return context.error();
  if (*context == nullptr) return std::nullopt;
  const nlohmann::json& rc = **context;

  auto request_id = optional_string(rc, "requestId", "event.requestContext.requestId");
  if (!request_id) return request_id.error();
  auto request_time = optional_string(rc, "requestTime", "event.requestContext.requestTime");
  if (!request_time) return request_time.error();
  auto http_method = optional_string(rc, "httpMethod", "event.requestContext.httpMethod");
  if (!http_method) return http_method.error();
  auto epoch = read_epoch(rc);
  if (!epoch) return epoch.error();
  out.request_id = std::move(request_id).value();
  out.request_time = std::move(request_time).value();
  out.http_method = std::move(http_method).value();
  out.request_time_epoch = *epoch;

  auto identity = optional_object(rc, "identity", "event.requestContext.identity");
  if (!identity) return identity.error();
  if (*identity != nullptr) {
    auto source_ip = optional_string(**identity, "sourceIp", "event.requestContext.identity.sourceIp");
    if (!source_ip) return source_ip.error();
    auto user_agent = optional_string(**identity, "userAgent", "event.requestContext.identity.userAgent");
    if (!user_agent) return user_agent.error();
    out.source_ip = std::move(source_ip).value();
    out.user_agent = std::move(user_agent).value();
  }

  auto authorizer = optional_object(rc, "authorizer", "event.requestContext.authorizer");
  if (!authorizer) return authorizer.error();
  if (*authorizer != nullptr) out.authorizer = **authorizer;

  auto api_gateway = optional_object(rc, "apiGateway", "event.requestContext.apiGateway");
  if (!api_gateway) return api_gateway.error();
  if (*api_gateway != nullptr) {
    // The integration's `context` is "an arbitrary object": keep whatever came.
    if (const nlohmann::json* op = member(**api_gateway, "operationContext")) out.operation_context = *op;
  }
  return std::nullopt;
}

// Reads the v0.1 pair of maps if either is present, else the v1.0 pair. Both
// are validated whenever present.
std::optional<Error> read_either_maps(const nlohmann::json& event, std::string_view multi_v0,
                                      std::string_view single_v0, std::string_view multi_v1,
                                      std::string_view single_v1, QueryParams& out) {
  // An empty key means "this payload version has no such map".
  const nlohmann::json* m0 = multi_v0.empty() ? nullptr : member(event, multi_v0);
  const nlohmann::json* s0 = member(event, single_v0);
  if (auto error = read_value_maps(m0, multi_v0, s0, single_v0, Values::scalars, out)) return error;
  QueryParams v1;
  const nlohmann::json* m1 = multi_v1.empty() ? nullptr : member(event, multi_v1);
  if (auto error = read_value_maps(m1, multi_v1, member(event, single_v1), single_v1, Values::scalars, v1)) {
    return error;
  }
  if (m0 == nullptr && s0 == nullptr) out = std::move(v1);
  return std::nullopt;
}

Result<std::string> read_body(const nlohmann::json& event, bool base64) {
  const nlohmann::json* body = member(event, "body");
  if (body == nullptr) return std::string();
  if (!body->is_string()) return wrong_type("event.body", "a string", *body);
  const auto& text = body->get_ref<const std::string&>();
  if (!base64) return text;
  auto decoded = base64_decode(text);
  if (!decoded) {
    // Keep the decoder's reason ("unexpected character at offset N"), not its prefix.
    std::string reason = decoded.error().message;
    const std::size_t colon = reason.find(": ");
    if (colon != std::string::npos) reason.erase(0, colon + 2);
    return make_error("event.bad_base64",
                      "event.isBase64Encoded is true but event.body is not valid base64: " + reason);
  }
  return std::move(decoded).value();
}

}  // namespace

namespace detail {
// The DOM parse of an HTTP(-like) event, the friend of HttpRequest that fills it.
struct HttpEventParser {
  static Result<HttpRequest> parse(std::shared_ptr<const nlohmann::json> event, bool method_optional);
};
}  // namespace detail

Result<HttpRequest> parse_http_event(const nlohmann::json& event) {
  return parse_http_event(std::make_shared<const nlohmann::json>(event));
}

Result<HttpRequest> parse_http_event(std::shared_ptr<const nlohmann::json> event) {
  return detail::HttpEventParser::parse(std::move(event), false);
}

Result<HttpRequest> detail::parse_http_like_event(std::shared_ptr<const nlohmann::json> event) {
  return detail::HttpEventParser::parse(std::move(event), true);
}

Result<HttpRequest> detail::HttpEventParser::parse(std::shared_ptr<const nlohmann::json> event,
                                                   bool method_optional) {
  if (event == nullptr) return make_error("event.malformed", "event is missing");
  if (!event->is_object()) return event_fields::not_an_object(*event);
  const nlohmann::json& e = *event;
  HttpRequest request;

  auto method = method_optional ? optional_string(e, "httpMethod", "event.httpMethod")
                                : event_fields::required_string(e, "httpMethod", "event.httpMethod");
  if (!method) return method.error();
  request.method_ = std::move(method).value();

  auto url = optional_string(e, "url", "event.url");
  if (!url) return url.error();
  auto path = optional_string(e, "path", "event.path");
  if (!path) return path.error();
  request.url_ = std::move(url).value();
  if (!request.url_.empty()) {
    request.path_ = request.url_.substr(0, request.url_.find_first_of("?#"));
  } else {
    request.path_ = std::move(path).value();
  }

  if (auto error = read_value_maps(member(e, "multiValueHeaders"), "multiValueHeaders", member(e, "headers"),
                                   "headers", Values::strings, request.headers_)) {
    return *error;
  }
  if (auto error = read_value_maps(member(e, "multiValueQueryStringParameters"),
                                   "multiValueQueryStringParameters", member(e, "queryStringParameters"),
                                   "queryStringParameters", Values::strings, request.query_)) {
    return *error;
  }
  // Path parameters have no multi-value map.
  if (auto error = read_either_maps(e, "", "pathParams", "", "pathParameters", request.path_params_)) {
    return *error;
  }
  if (auto error = read_either_maps(e, "multiValueParams", "params", "multiValueParameters", "parameters",
                                    request.params_)) {
    return *error;
  }
  if (auto error = read_request_context(e, request.context_)) return *error;
  if (method_optional && request.method_.empty()) request.method_ = request.context_.http_method;

  const nlohmann::json* base64 = member(e, "isBase64Encoded");
  if (base64 != nullptr && !base64->is_boolean())
    return wrong_type("event.isBase64Encoded", "a boolean", *base64);
  request.is_base64_encoded_ = base64 != nullptr && base64->get<bool>();

  auto body = read_body(e, request.is_base64_encoded_);
  if (!body) return body.error();
  request.body_ = std::move(body).value();
  request.body_is_utf8_ = is_valid_utf8(request.body_);

  request.raw_ = std::make_shared<const detail::LazyJson>(std::move(event));
  return request;
}

Result<nlohmann::json> HttpRequest::json_body() const {
  const std::size_t bad = first_invalid_utf8(body_);
  if (bad != std::string::npos) {
    return make_error("event.bad_json_body", "request body is not JSON: it is not valid UTF-8 (byte offset " +
                                                 std::to_string(bad) + ")");
  }
  return parse_json_text(body_, "event.bad_json_body", "request body");
}

}  // namespace ycfn
