// The metadata service protocol (docs/design.md "Metadata protocol"): which
// request to make, and what a reply (or the lack of one) means. The host does
// the I/O; the core only describes and classifies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ycfn/result.hpp"
#include "ycfn/token.hpp"

namespace ycfn {

inline constexpr std::string_view kDefaultMetadataHost = "169.254.169.254";
inline constexpr std::string_view kMetadataTokenPath =
    "/computeMetadata/v1/instance/service-accounts/default/token";

struct HttpRequestSpec {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A metadata service address as YC_METADATA_ADDR / GCE_METADATA_HOST hold it.
struct MetadataAddress {
  std::string host;  // an IPv6 literal without its brackets
  int port = 80;     // when the address names none: the service's plain HTTP
};

// The address rule: `host` or `host:port`, where host is letters, digits, '.'
// and '-', or a bracketed IPv6 literal (hex digits, ':' and '.'), and port is
// 1..65535. Otherwise `metadata.bad_address`: "<source> is not host or
// host:port (N bytes): <why, with the offending offset>" (the message gives the
// length, never the value). `ycfn serve` checks --metadata with it too
// (ycfn_http.h).
Result<MetadataAddress> parse_metadata_address(std::string_view address, std::string_view source);

// GET http://<host>/computeMetadata/v1/instance/service-accounts/default/token
// with `Metadata-Flavor: Google`. <host> is the first non-empty of the two
// environment values (an empty string means unset), else 169.254.169.254. It
// must pass parse_metadata_address(), whose error names the variable.
Result<HttpRequestSpec> metadata_token_request(std::string_view yc_metadata_addr,
                                               std::string_view gce_metadata_host);

struct RawHttpReply {
  int status = 0;
  // Names as received (matched case-insensitively); repeated names allowed.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Failures the host reports instead of a reply.
enum class TransportFailure {
  timeout,    // no complete reply within the fetch's timeout_ms
  network,    // connection refused, reset, DNS, ...
  too_large,  // the body exceeded max_body_bytes; the host stopped reading
};

// "timeout", "network", "too_large": the names the ABI uses.
const char* transport_failure_name(TransportFailure failure);
std::optional<TransportFailure> parse_transport_failure(std::string_view name);

// What became of one fetch: a reply, or a transport failure with the host's
// description (which must hold no secrets and no body bytes; the core still
// keeps only printable ASCII of it, at most 200 bytes).
struct FetchOutcome {
  std::variant<RawHttpReply, TransportFailure> result;
  std::string message;
};

inline FetchOutcome fetch_replied(RawHttpReply reply) { return FetchOutcome{std::move(reply), {}}; }
inline FetchOutcome fetch_failed(TransportFailure failure, std::string message = {}) {
  return FetchOutcome{failure, std::move(message)};
}

// A host's description of a failure as the core keeps it: printable ASCII
// only (others become '?'), at most 200 bytes.
std::string sanitize_host_message(std::string_view message);

// Classifies a reply. Order:
//  1. a `Metadata-Flavor` header (any status, 3xx included) whose trimmed value
//     is not exactly `Google` -> metadata.not_metadata_server;
//  2. 3xx -> metadata.redirect (never followed);
//  3. 200 -> the token rules on the body: metadata.too_large / metadata.bad_reply;
//  4. 404 -> metadata.not_found; 403 -> metadata.forbidden;
//     429 and 5xx -> metadata.unavailable (retryable); other 4xx -> metadata.http_error;
//  5. anything else (1xx, 2xx other than 200, out of range) -> metadata.bad_reply.
// Messages name the status and what to check; never a body or header value.
Result<Token> classify_metadata_reply(const RawHttpReply& reply, std::int64_t now_ms);

// A reply goes to classify_metadata_reply(); timeout -> metadata.timeout
// (retryable), network -> metadata.network (retryable), too_large ->
// metadata.too_large.
Result<Token> interpret_fetch_outcome(const FetchOutcome& outcome, std::int64_t now_ms);

}  // namespace ycfn
