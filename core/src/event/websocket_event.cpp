#include "ycfn/websocket_event.hpp"

#include <string_view>
#include <utility>

#include "event_fields.hpp"
#include "ycfn/json.hpp"

namespace ycfn {
namespace {

using event_fields::member;
using event_fields::wrong_type;

// The documented headers that repeat the requestContext fields: read when the
// field itself is absent (the published DISCONNECT example has the reason
// only as a header).
constexpr std::string_view kConnectedAtHeader = "X-Yc-Apigateway-Websocket-Connected-At";
constexpr std::string_view kMessageIdHeader = "X-Yc-Apigateway-Websocket-Message-Id";
constexpr std::string_view kStatusCodeHeader = "X-Yc-Apigateway-Websocket-Disconnect-Status-Code";
constexpr std::string_view kReasonHeader = "X-Yc-Apigateway-Websocket-Disconnect-Reason";
// WebSocket close codes are 4 digits at most (RFC 6455 section 7.4).
constexpr int kMaxStatusCode = 9999;
// 18 decimal digits always fit in int64.
constexpr std::size_t kMaxEpochDigits = 18;

WebSocketEvent::Type type_of(std::string_view event_type) {
  if (event_type == "CONNECT") return WebSocketEvent::Type::connect;
  if (event_type == "MESSAGE") return WebSocketEvent::Type::message;
  if (event_type == "DISCONNECT") return WebSocketEvent::Type::disconnect;
  return WebSocketEvent::Type::other;
}

// A non-negative decimal number of at most `max_digits` digits, or nullopt.
std::optional<std::int64_t> parse_digits(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The WebSocket fields of requestContext, before the headers fill the gaps.
struct ContextFields {
  std::string connection_id;
  std::string event_type;
  std::optional<std::int64_t> connected_at_ms;
  std::string message_id;
  std::optional<int> disconnect_status_code;
  std::string disconnect_reason;
};

// The readers below fill their part of `out` and answer true, or set `error`
// and answer false (an out-parameter rather than a Result<T> of each type:
// those cost more wasm than the reading, in every module's event check).
bool fail(Error made, std::optional<Error>& error) {
  error = std::move(made);
  return false;
}

bool read_id(const nlohmann::json& context, std::string_view key, std::string_view path, std::string& out,
             std::optional<Error>& error) {
  const nlohmann::json* value = member(context, key);
  if (value == nullptr) return fail(event_fields::missing(path, "a non-empty string"), error);
  if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
    return fail(wrong_type(path, "a non-empty string", *value), error);
  }
  out = value->get_ref<const std::string&>();
  return true;
}

// Absent or null: empty.
bool read_string(const nlohmann::json& context, std::string_view key, std::string_view path, std::string& out,
                 std::optional<Error>& error) {
  const nlohmann::json* value = member(context, key);
  if (value == nullptr) return true;
  if (!value->is_string()) return fail(wrong_type(path, "a string", *value), error);
  out = value->get_ref<const std::string&>();
  return true;
}

// An integer JSON number (a float is not a time in milliseconds).
bool read_connected_at(const nlohmann::json& context, std::optional<std::int64_t>& out,
                       std::optional<Error>& error) {
  const nlohmann::json* value = member(context, "connectedAt");
  if (value == nullptr) return true;
  const std::optional<std::int64_t> n = json::as_int(*value);
  // A non-negative number is unsigned in the DOM: at most 18 digits of it.
  if (!n || (value->is_number_unsigned() && *n > 999'999'999'999'999'999LL)) {
    return fail(wrong_type("event.requestContext.connectedAt", "an integer number of milliseconds", *value),
                error);
  }
  out = n;
  return true;
}

// A close code: an integer, or the same as a decimal string (the header's form).
bool read_status_code(const nlohmann::json& context, std::optional<int>& out, std::optional<Error>& error) {
  const nlohmann::json* value = member(context, "disconnectStatusCode");
  if (value == nullptr) return true;
  const std::optional<std::int64_t> n =
      value->is_string() ? parse_digits(value->get_ref<const std::string&>(), 4) : json::as_int(*value);
  if (!n || *n < 0 || *n > kMaxStatusCode) {
    return fail(
        wrong_type("event.requestContext.disconnectStatusCode", "an integer close code 0..9999", *value),
        error);
  }
  out = static_cast<int>(*n);
  return true;
}

// Every WebSocket field of `event`'s requestContext, in the order of the checks.
bool read_context(const nlohmann::json& event, ContextFields& out, std::optional<Error>& error) {
  // The HTTP parse has checked that requestContext is an object or absent.
  const nlohmann::json* context = member(event, "requestContext");
  if (context == nullptr) return fail(event_fields::missing("event.requestContext", "an object"), error);
  return read_id(*context, "connectionId", "event.requestContext.connectionId", out.connection_id, error) &&
         read_id(*context, "eventType", "event.requestContext.eventType", out.event_type, error) &&
         read_connected_at(*context, out.connected_at_ms, error) &&
         read_string(*context, "messageId", "event.requestContext.messageId", out.message_id, error) &&
         read_status_code(*context, out.disconnect_status_code, error) &&
         read_string(*context, "disconnectReason", "event.requestContext.disconnectReason",
                     out.disconnect_reason, error);
}

}  // namespace

bool is_websocket_event(const nlohmann::json& event) {
  const nlohmann::json* context = member(event, "requestContext");
  return context != nullptr && context->is_object() && member(*context, "connectionId") != nullptr &&
         member(*context, "eventType") != nullptr;
}

Result<WebSocketEvent> parse_websocket_event(const nlohmann::json& event) {
  return parse_websocket_event(std::make_shared<const nlohmann::json>(event));
}

std::optional<Error> detail::check_websocket_context(const nlohmann::json& event) {
  ContextFields unused;
  std::optional<Error> error;
  read_context(event, unused, error);
  return error;
}

// The typed event, apart from the checks so that only Request::websocket()
// (request_websocket.cpp) and parse_websocket_event() link it.
struct detail::WebSocketEventBuilder {
  // `http`: the HTTP-like part of an event check_websocket_context() accepted,
  // so the reading succeeds.
  static WebSocketEvent build(HttpRequest http) {
    WebSocketEvent out(std::move(http));
    ContextFields fields;
    std::optional<Error> unused;
    read_context(out.http_.raw(), fields, unused);
    out.connection_id_ = std::move(fields.connection_id);
    out.event_type_ = std::move(fields.event_type);
    out.type_ = type_of(out.event_type_);
    out.connected_at_ms_ = fields.connected_at_ms;
    out.message_id_ = std::move(fields.message_id);
    out.disconnect_status_code_ = fields.disconnect_status_code;
    out.disconnect_reason_ = std::move(fields.disconnect_reason);
    const nlohmann::json& context = *member(out.http_.raw(), "requestContext");

    // Headers fill what requestContext left out; a malformed header is no value.
    const Headers& headers = out.http_.headers();
    if (!out.connected_at_ms_) {
      if (auto text = headers.get(kConnectedAtHeader))
        out.connected_at_ms_ = parse_digits(*text, kMaxEpochDigits);
    }
    if (out.message_id_.empty()) {
      if (auto text = headers.get(kMessageIdHeader)) out.message_id_ = std::string(*text);
    }
    if (!out.disconnect_status_code_) {
      if (auto text = headers.get(kStatusCodeHeader)) {
        if (auto n = parse_digits(*text, 4)) out.disconnect_status_code_ = static_cast<int>(*n);
      }
    }
    if (out.disconnect_reason_.empty() && !member(context, "disconnectReason")) {
      if (auto text = headers.get(kReasonHeader)) out.disconnect_reason_ = std::string(*text);
    }
    return out;
  }
};

WebSocketEvent detail::build_websocket_event(HttpRequest http) {
  return WebSocketEventBuilder::build(std::move(http));
}

Result<WebSocketEvent> parse_websocket_event(std::shared_ptr<const nlohmann::json> event) {
  // An accepted HttpRequest keeps `event` (its raw()), and so `*e`, alive; a
  // null `event` is refused by the HTTP parse.
  const nlohmann::json* e = event.get();
  auto http = detail::parse_http_like_event(std::move(event));
  if (!http) return http.error();
  if (auto error = detail::check_websocket_context(*e)) return *error;
  return detail::build_websocket_event(std::move(http).value());
}

}  // namespace ycfn
