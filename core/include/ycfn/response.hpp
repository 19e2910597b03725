// What a handler returns, and its rendering to the platform's HTTP result
// object {statusCode, headers, multiValueHeaders, body, isBase64Encoded} (or,
// for a function authorizer, to {"isAuthorized", "context"}).
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "ycfn/headers.hpp"
#include "ycfn/log.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

// The platform refuses a result whose JSON is larger than this (3.5 MB).
constexpr std::size_t kMaxResponseBytes = 3'500'000;

class Response {
 public:
  // Same as empty(): 204 with no body.
  Response() = default;

  // A text body (sent as is when valid UTF-8) with a Content-Type header.
  static Response text(std::string body, int status = 200,
                       std::string content_type = "text/plain; charset=utf-8");
  // `body` serialized compactly, Content-Type: application/json.
  static Response json(const nlohmann::json& body, int status = 200);
  // Bytes sent base64-encoded (isBase64Encoded: true) with `content_type`.
  static Response binary(std::string bytes, std::string content_type, int status = 200);
  // No body, no Content-Type.
  static Response empty(int status = 204);
  // A failure in the platform's error shape:
  // {"errorMessage": message, "errorType": error_type}, application/json.
  static Response failure(std::string error_type, std::string message, int status = 500);
  // failure(e.code, e.message, status).
  static Response from_error(const Error& e, int status);
  // A function authorizer's answer to API Gateway, rendered as
  // {"context": context, "isAuthorized": is_authorized} instead of an HTTP
  // result. The gateway hands `context` to the integration (its
  // requestContext.authorizer) when the request is authorized. An authorizer
  // is called with an HTTP-shaped event (Request::http(): resource, path,
  // method, headers with Authorization, query, path parameters, cookies in
  // raw()); which answer to give is the handler's choice. Headers set on it are
  // not sent. A `context` that is not a JSON object renders, with an ERROR
  // record, as a denial with an empty context (an authorizer fails closed).
  static Response authorizer(bool is_authorized, nlohmann::json context = nlohmann::json::object());

  // Sets header `name` to one value, replacing earlier values (an existing
  // name keeps its first spelling). Chainable on temporaries and variables.
  Response& header(std::string name, std::string value) &;
  Response&& header(std::string name, std::string value) &&;
  // Adds one more value for `name` (e.g. several Set-Cookie headers).
  Response& add_header(std::string name, std::string value) &;
  Response&& add_header(std::string name, std::string value) &&;

  int status() const { return status_; }
  const Headers& headers() const { return headers_; }
  // The body bytes (for json() and failure(), the serialized JSON).
  const std::string& body() const { return body_; }
  bool is_binary() const { return binary_; }
  bool is_failure() const { return failure_; }
  // The errorType of a failure(); empty otherwise.
  const std::string& error_type() const { return error_type_; }
  // Whether this is an authorizer() answer, and its two fields.
  bool is_authorizer() const { return authorizer_; }
  bool is_authorized() const { return authorized_; }
  const nlohmann::json& authorizer_context() const { return authorizer_context_; }

 private:
  int status_ = 204;
  Headers headers_;
  std::string body_;
  bool binary_ = false;
  bool failure_ = false;
  std::string error_type_;
  bool authorizer_ = false;
  bool authorized_ = false;
  nlohmann::json authorizer_context_;
};

// The platform's result object for `r`:
//   {"statusCode": N, "headers": {name: value}   (names with exactly one value),
//    "multiValueHeaders": {name: [values]}       (names with two or more),
//    "body": "...", "isBase64Encoded": bool}
// Binary bodies, and text bodies that are not valid UTF-8 (a WARN record), are
// sent base64-encoded. Response headers are dropped, each with a WARN record
// naming it, when the platform would reject the whole result for them
// (Transfer-Encoding, Via, Proxy-Authenticate, in any case), when the name is
// not an HTTP token, or when the name or a value contains CR, LF or NUL
// (header injection) or is not valid UTF-8.
// A status outside 100..599 renders instead a 500 failure `handler.bad_status`;
// a result whose JSON would exceed kMaxResponseBytes renders instead a 500
// failure `response.too_large`; both log an ERROR record.
// An authorizer() answer renders as {"context": {...}, "isAuthorized": bool};
// a context that is not an object, or an answer over kMaxResponseBytes,
// renders as {"context": {}, "isAuthorized": false} with an ERROR record.
nlohmann::json render_response(const Response& r, LogBuffer& log);

// The same result as compact JSON text, exactly render_response(r, log).dump()
// with invalid UTF-8 replaced. The runtime splices it into its `respond` step:
// rendering checks the size by serialising anyway, so the text is not built twice.
std::string render_response_text(const Response& r, LogBuffer& log);

}  // namespace ycfn
