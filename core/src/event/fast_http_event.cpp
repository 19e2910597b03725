#include "fast_http_event.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "../json/json_scanner.hpp"
#include "event_fields.hpp"
#include "fast_event_maps.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn::detail {
namespace {

using event_fields::Values;

// The top-level members the HTTP event parse reads (http_event.cpp).
enum Field : unsigned {
  kHttpMethod,
  kUrl,
  kPath,
  kMultiValueHeaders,
  kHeaders,
  kMultiValueQuery,
  kQuery,
  kPathParams,
  kPathParameters,
  kMultiValueParams,
  kParams,
  kMultiValueParameters,
  kParameters,
  kRequestContext,
  kIsBase64Encoded,
  kBody,
  kFieldCount,
  kOtherField = kFieldCount,
};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "httpMethod",
    "url",
    "path",
    "multiValueHeaders",
    "headers",
    "multiValueQueryStringParameters",
    "queryStringParameters",
    "pathParams",
    "pathParameters",
    "multiValueParams",
    "params",
    "multiValueParameters",
    "parameters",
    "requestContext",
    "isBase64Encoded",
    "body",
};

unsigned field_of(std::string_view key) {
  for (unsigned i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == key) return i;
  }
  return kOtherField;
}

// Remembers which of up to 32 keys were read, to give up on a repeat: nlohmann
// keeps the last of duplicate keys, and copying that is not worth the code.
class SeenKeys {
 public:
  bool first_time(unsigned key) {
    const std::uint32_t bit = std::uint32_t{1} << key;
    if ((seen_ & bit) != 0) return false;
    seen_ |= bit;
    return true;
  }
  bool has(unsigned key) const { return (seen_ & (std::uint32_t{1} << key)) != 0; }

 private:
  std::uint32_t seen_ = 0;
};

// A string member: null -> absent (empty), as event_fields::optional_string.
bool read_optional_string(JsonScanner& scanner, std::string& out) {
  if (scanner.peek() == 'n') return scanner.read_literal("null");
  return scanner.peek() == '"' && scanner.read_string(out);
}

// An object member kept as a JSON value (requestContext.authorizer,
// .apiGateway): null -> absent, an object -> its own small DOM, parsed from its
// text (the same parser gives the same value as the subtree of the whole
// event's DOM), anything else is the ordinary parse's error to report.
bool read_object_value(JsonScanner& scanner, std::size_t depth, std::optional<nlohmann::json>& out) {
  const char next = scanner.peek();
  if (next == 'n') return scanner.read_literal("null");
  const char* const start = scanner.position();
  if (next != '{' || !scanner.skip_value(depth)) return false;
  JsonDocument document =
      parse_json_document(std::string_view(start, static_cast<std::size_t>(scanner.position() - start)));
  if (!document.ok) return false;
  out = std::move(document.value);
  return true;
}

bool read_api_gateway(JsonScanner& scanner, RequestContextInfo& out) {
  std::optional<nlohmann::json> api_gateway;
  if (!read_object_value(scanner, 3, api_gateway)) return false;
  if (!api_gateway) return true;
  // The integration's `context` is "an arbitrary object": kept whatever came
  // (null is absent), as read_request_context keeps it.
  const auto op = api_gateway->find("operationContext");
  if (op != api_gateway->end() && !op->is_null()) out.operation_context = std::move(*op);
  return true;
}

// requestTimeEpoch as read_epoch reads it, for integers that fit in 64 bits
// with room to spare; fractions and exponents are left to the ordinary parse.
bool read_epoch(JsonScanner& scanner, std::optional<std::int64_t>& out) {
  if (scanner.peek() == 'n') return scanner.read_literal("null");
  std::string_view number;
  if (!scanner.read_number(number)) return false;
  const bool negative = number[0] == '-';
  const std::string_view digits = number.substr(negative ? 1 : 0);
  if (digits.size() > 18) return false;
  std::int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  return true;
}

bool read_identity(JsonScanner& scanner, RequestContextInfo& out) {
  if (scanner.peek() == 'n') return scanner.read_literal("null");
  SeenKeys seen;
  return scanner.read_object(3, [&](std::string_view key) {
    if (key == "sourceIp") return seen.first_time(0) && read_optional_string(scanner, out.source_ip);
    if (key == "userAgent") return seen.first_time(1) && read_optional_string(scanner, out.user_agent);
    return scanner.skip_value(4);
  });
}

bool read_request_context(JsonScanner& scanner, RequestContextInfo& out) {
  if (scanner.peek() == 'n') return scanner.read_literal("null");
  SeenKeys seen;
  return scanner.read_object(2, [&](std::string_view key) {
    if (key == "requestId") return seen.first_time(0) && read_optional_string(scanner, out.request_id);
    if (key == "requestTime") return seen.first_time(1) && read_optional_string(scanner, out.request_time);
    if (key == "httpMethod") return seen.first_time(2) && read_optional_string(scanner, out.http_method);
    if (key == "requestTimeEpoch") return seen.first_time(3) && read_epoch(scanner, out.request_time_epoch);
    if (key == "identity") return seen.first_time(4) && read_identity(scanner, out);
    if (key == "authorizer") return seen.first_time(5) && read_object_value(scanner, 3, out.authorizer);
    if (key == "apiGateway") return seen.first_time(6) && read_api_gateway(scanner, out);
    // A WebSocket event (CONNECT has an httpMethod too) is the ordinary parse's to classify.
    if (key == "connectionId" || key == "eventType") return false;
    return scanner.skip_value(3);
  });
}

// What the scan collects before the request is put together.
struct ScannedEvent {
  SeenKeys seen;
  std::string method;
  std::string url;
  std::string path;
  // Indexed by Field, for the map members.
  std::array<SentMap, kFieldCount> maps;
  RequestContextInfo context;
  bool is_base64_encoded = false;
  bool body_present = false;  // not absent, not null
  std::string_view body;      // a view of the text or of body_scratch
  std::string body_scratch;   // the body when it had escapes
};

bool read_member(JsonScanner& scanner, unsigned field, ScannedEvent& event) {
  switch (field) {
    case kHttpMethod:
      return scanner.peek() == '"' && scanner.read_string(event.method);  // null: "missing"
    case kUrl:
      return read_optional_string(scanner, event.url);
    case kPath:
      return read_optional_string(scanner, event.path);
    case kMultiValueHeaders:
    case kMultiValueQuery:
      return read_sent_map(scanner, 2, true, Values::strings, event.maps[field]);
    case kHeaders:
    case kQuery:
      return read_sent_map(scanner, 2, false, Values::strings, event.maps[field]);
    case kMultiValueParams:
    case kMultiValueParameters:
      return read_sent_map(scanner, 2, true, Values::scalars, event.maps[field]);
    case kPathParams:
    case kPathParameters:
    case kParams:
    case kParameters:
      return read_sent_map(scanner, 2, false, Values::scalars, event.maps[field]);
    case kRequestContext:
      return read_request_context(scanner, event.context);
    case kIsBase64Encoded: {
      const char next = scanner.peek();
      if (next == 'n') return scanner.read_literal("null");
      event.is_base64_encoded = next == 't';
      return scanner.read_literal(next == 't' ? "true" : "false");
    }
    case kBody:
      if (scanner.peek() == 'n') return scanner.read_literal("null");
      event.body_present = true;
      return scanner.peek() == '"' && scanner.read_string(event.body, event.body_scratch);
    default:
      return scanner.skip_value(2);
  }
}

bool scan_event(std::string_view text, ScannedEvent& event) {
  JsonScanner scanner(text);
  const bool object = scanner.read_object(1, [&](std::string_view key) {
    const unsigned field = field_of(key);
    if (field != kOtherField && !event.seen.first_time(field)) return false;
    return read_member(scanner, field, event);
  });
  return object && scanner.at_end();
}

// read_either_maps: the v0.1 pair if either is present, else the v1.0 pair;
// both must be valid. An empty SentMap stands in for a missing multi map.
bool merge_either(ScannedEvent& event, SentMap& multi_v0, Field single_v0, SentMap& multi_v1, Field single_v1,
                  QueryParams& out) {
  if (!merge_sent_maps(multi_v0, event.maps[single_v0], out)) return false;
  QueryParams v1;
  if (!merge_sent_maps(multi_v1, event.maps[single_v1], v1)) return false;
  if (!multi_v0.present && !event.maps[single_v0].present) out = std::move(v1);
  return true;
}

// Whether `text` is exactly base64_encode(`decoded`), its strict decode: then
// the text need not be kept, it can be written again. Every full group of four
// characters maps to its three bytes one to one, so only the length and the
// last, padded group can differ (no padding, or bits set past the last byte).
bool is_canonical_base64_of(std::string_view text, std::string_view decoded) {
  if (text.size() != (decoded.size() + 2) / 3 * 4) return false;
  const std::size_t tail = decoded.size() % 3;
  if (tail == 0) return true;
  return base64_encode(decoded.substr(decoded.size() - tail)) == text.substr(text.size() - 4);
}

}  // namespace

// The friend of Request and HttpRequest that fills them.
struct FastEventBuilder {
  static std::optional<Request> build(std::string_view text, std::optional<std::string_view> body_text,
                                      ScannedEvent& event) {
    HttpRequest http;
    http.method_ = std::move(event.method);
    http.url_ = std::move(event.url);
    http.path_ =
        http.url_.empty() ? std::move(event.path) : http.url_.substr(0, http.url_.find_first_of("?#"));
    auto& maps = event.maps;
    if (!merge_sent_maps(maps[kMultiValueHeaders], maps[kHeaders], http.headers_)) return std::nullopt;
    if (!merge_sent_maps(maps[kMultiValueQuery], maps[kQuery], http.query_)) return std::nullopt;
    SentMap no_multi;
    if (!merge_either(event, no_multi, kPathParams, no_multi, kPathParameters, http.path_params_)) {
      return std::nullopt;
    }
    if (!merge_either(event, maps[kMultiValueParams], kParams, maps[kMultiValueParameters], kParameters,
                      http.params_)) {
      return std::nullopt;
    }
    http.context_ = std::move(event.context);
    http.is_base64_encoded_ = event.is_base64_encoded;
    const std::string_view body = body_text ? *body_text : event.body;
    // As read_body: an absent body is empty, base64 or not.
    if (http.is_base64_encoded_ && (body_text || event.body_present)) {
      // A failure is answered by the ordinary parse (event.malformed for a
      // separate body that is not UTF-8, else event.bad_base64). A success
      // proves a separate body UTF-8 without a pass over it: the strict decoder
      // accepts only the base64 alphabet and '=', all ASCII.
      auto decoded = base64_decode(body);
      if (!decoded) return std::nullopt;
      http.body_ = std::move(decoded).value();
      http.body_is_utf8_ = is_valid_utf8(http.body_);
    } else {
      // The ordinary parse answers a separate body that is not UTF-8.
      if (body_text && !is_valid_utf8(*body_text)) return std::nullopt;
      http.body_.assign(body.data(), body.size());
      // The scanner accepts only well-formed UTF-8 strings, and a separate body
      // was checked just above.
      http.body_is_utf8_ = true;
    }

    Request request;
    request.kind_ = Request::Kind::http;
    if (body_text && http.is_base64_encoded_ && is_canonical_base64_of(*body_text, http.body_)) {
      request.raw_ =
          std::make_shared<const LazyJson>(std::string(text), LazyJson::SeparateBodyIsBase64OfDecoded{});
    } else {
      std::optional<std::string> separate_body;
      if (body_text) separate_body.emplace(*body_text);
      request.raw_ = std::make_shared<const LazyJson>(std::string(text), std::move(separate_body));
    }
    http.raw_ = request.raw_;
    request.http_ = std::move(http);
    return request;
  }
};

std::optional<Request> try_fast_http_event(std::string_view event_json,
                                           std::optional<std::string_view> body_text) {
  // A separate body's UTF-8 is checked where the body is read (build).
  ScannedEvent event;
  if (!scan_event(event_json, event) || !event.seen.has(kHttpMethod)) return std::nullopt;
  if (body_text && event.seen.has(kBody)) return std::nullopt;
  return FastEventBuilder::build(event_json, body_text, event);
}

}  // namespace ycfn::detail
