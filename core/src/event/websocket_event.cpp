#include "ycfn/websocket_event.hpp"

#include <string_view>
#include <utility>

#include "event_fields.hpp"

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

Result<std::string> required_id(const nlohmann::json& context, std::string_view key, std::string_view path) {
  const nlohmann::json* value = member(context, key);
  if (value == nullptr) return event_fields::missing(path, "a non-empty string");
  if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
    return wrong_type(path, "a non-empty string", *value);
  }
  return value->get<std::string>();
}

// An integer JSON number (a float is not a time in milliseconds).
Result<std::optional<std::int64_t>> read_connected_at(const nlohmann::json& context) {
  const nlohmann::json* value = member(context, "connectedAt");
  if (value == nullptr) return std::optional<std::int64_t>();
  if (value->is_number_integer() && !value->is_number_unsigned()) {
    return std::optional<std::int64_t>(value->get<std::int64_t>());
  }
  if (value->is_number_unsigned() && value->get<std::uint64_t>() <= 999'999'999'999'999'999ULL) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(value->get<std::uint64_t>()));
  }
  return wrong_type("event.requestContext.connectedAt", "an integer number of milliseconds", *value);
}

// A close code: an integer, or the same as a decimal string (the header's form).
Result<std::optional<int>> read_status_code(const nlohmann::json& context) {
  const std::string_view path = "event.requestContext.disconnectStatusCode";
  const nlohmann::json* value = member(context, "disconnectStatusCode");
  if (value == nullptr) return std::optional<int>();
  if (value->is_number_unsigned() && value->get<std::uint64_t>() <= kMaxStatusCode) {
    return std::optional<int>(static_cast<int>(value->get<std::uint64_t>()));
  }
  if (value->is_number_integer() && !value->is_number_unsigned() && value->get<std::int64_t>() >= 0 &&
      value->get<std::int64_t>() <= kMaxStatusCode) {
    return std::optional<int>(static_cast<int>(value->get<std::int64_t>()));
  }
  if (value->is_string()) {
    if (auto n = parse_digits(value->get_ref<const std::string&>(), 4)) {
      return std::optional<int>(static_cast<int>(*n));
    }
  }
  return wrong_type(path, "an integer close code 0..9999", *value);
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

Result<WebSocketEvent> parse_websocket_event(std::shared_ptr<const nlohmann::json> event) {
  auto http = detail::parse_http_like_event(event);
  if (!http) return http.error();
  // The HTTP parse has checked that requestContext is an object or absent.
  const nlohmann::json* context = member(*event, "requestContext");
  if (context == nullptr) return event_fields::missing("event.requestContext", "an object");

  auto connection_id = required_id(*context, "connectionId", "event.requestContext.connectionId");
  if (!connection_id) return connection_id.error();
  auto event_type = required_id(*context, "eventType", "event.requestContext.eventType");
  if (!event_type) return event_type.error();
  auto connected_at = read_connected_at(*context);
  if (!connected_at) return connected_at.error();
  auto message_id = event_fields::optional_string(*context, "messageId", "event.requestContext.messageId");
  if (!message_id) return message_id.error();
  auto status_code = read_status_code(*context);
  if (!status_code) return status_code.error();
  auto reason =
      event_fields::optional_string(*context, "disconnectReason", "event.requestContext.disconnectReason");
  if (!reason) return reason.error();

  WebSocketEvent out(std::move(http).value());
  out.connection_id_ = std::move(connection_id).value();
  out.event_type_ = std::move(event_type).value();
  out.type_ = type_of(out.event_type_);
  out.connected_at_ms_ = *connected_at;
  out.message_id_ = std::move(message_id).value();
  out.disconnect_status_code_ = *status_code;
  out.disconnect_reason_ = std::move(reason).value();

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
  if (out.disconnect_reason_.empty() && !member(*context, "disconnectReason")) {
    if (auto text = headers.get(kReasonHeader)) out.disconnect_reason_ = std::string(*text);
  }
  return out;
}

}  // namespace ycfn
