// What every client (ycfn/clients/*.hpp) shares: its endpoint from the
// environment, the errors it answers (each naming the service and the
// operation), reading a service's error body, percent-encoding.
//
// Error codes, for every service S (docs/clients.md):
//   S.invalid_argument  a builder refused an argument (nothing was sent)
//   config.missing      a required endpoint variable is not set
//   fetch.*             the request got no reply (HttpReply::error(), kept)
//   S.not_found 404, S.denied 401/403, S.conflict 409/412,
//   S.throttled 429 (retryable), S.unavailable 5xx (retryable but 501),
//   S.rejected any other status that is not 2xx,
//   S.bad_reply         a 2xx whose body is not what the service documents;
// a service may map its own error codes to others (docapi.condition_failed).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn::client {

// A client operation, for error codes and messages: {"lockbox", "get_payload"}.
struct Operation {
  std::string_view service;
  std::string_view name;
};

// The service's own account of a failed request, read from its error body:
// its code (S3 "NoSuchKey", a gRPC code, a DynamoDB exception name) and its
// message. Empty when the body says nothing readable.
struct ServiceError {
  std::string code;
  std::string message;
};
using ErrorBodyReader = ServiceError (*)(const HttpReply& reply);

// The environment variable `variable`, else `fallback`; without trailing '/'.
std::string endpoint(const Context& context, std::string_view variable, std::string_view fallback);
// The same for an endpoint without a default: config.missing when unset or empty.
Result<std::string> required_endpoint(const Context& context, std::string_view variable, Operation op);

// S.invalid_argument: "S.op: <what>".
Error invalid_argument(Operation op, std::string_view what);
// S.bad_reply: "S.op: <what>".
Error bad_reply(Operation op, std::string_view what);
// The error for a reply that is not a success: the transport failure (its
// fetch.* code, the message prefixed with "S.op: "), or the status mapped to
// a code as above with the service's code and message read by `read`:
// "S.op: HTTP 404 NoSuchKey: The specified key does not exist."
// `code` replaces the status's code when not empty.
Error reply_error(const HttpReply& reply, Operation op, ErrorBodyReader read, std::string_view code = {});

// Error bodies of the JSON APIs on the gRPC gateway (Lockbox, Compute):
// {"code": <gRPC code>, "message": "..."} gives code "gRPC <n>".
ServiceError read_grpc_error(const HttpReply& reply);

// The 2xx reply's body as JSON: bad_reply when it is not JSON (or not an
// object when `object` is set).
Result<nlohmann::json> json_body(const HttpReply& reply, Operation op, bool object = true);

// Every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX, upper case
// (RFC 3986); '/' kept as it is when `keep_slash`.
std::string percent_encode(std::string_view text, bool keep_slash = false);

// Text a service sent, made fit for an error message: valid UTF-8 (bad bytes
// become '?'), control characters become spaces, at most `max_bytes` bytes.
std::string message_text(std::string_view text, std::size_t max_bytes = 200);

}  // namespace ycfn::client
