// API Gateway WebSocket events: what a function bound to a gateway's
// x-yc-apigateway-websocket-connect / -message / -disconnect operations
// receives. They are HTTP-like (headers, query, requestContext), but MESSAGE
// and DISCONNECT have no top-level `httpMethod`, and each carries
// `requestContext.connectionId` and `requestContext.eventType`: a handler gets
// them as one typed value (Request::websocket()).
//
// Sending to a connection and closing it: websocket_connections.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/http_event.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

namespace detail {
// Fills a WebSocketEvent from its checked HTTP-like part (core/src/event/websocket_event.cpp).
struct WebSocketEventBuilder;
}  // namespace detail

class WebSocketEvent {
 public:
  // `other`: an eventType this toolkit does not know (the handler still runs).
  enum class Type { connect, message, disconnect, other };

  Type type() const { return type_; }
  // requestContext.eventType as sent: "CONNECT", "MESSAGE", "DISCONNECT".
  const std::string& event_type() const { return event_type_; }
  // requestContext.connectionId: what the connections API is called with.
  const std::string& connection_id() const { return connection_id_; }
  // When the connection was opened, Unix epoch milliseconds
  // (requestContext.connectedAt, else the X-Yc-Apigateway-Websocket-Connected-At header).
  std::optional<std::int64_t> connected_at_ms() const { return connected_at_ms_; }
  // MESSAGE: requestContext.messageId (else the -Message-Id header); empty otherwise.
  const std::string& message_id() const { return message_id_; }

  // MESSAGE: the frame's payload. A binary frame arrives base64-encoded
  // (`isBase64Encoded: true`) and is decoded here; a text frame is the text.
  // Empty for CONNECT and DISCONNECT.
  const std::string& data() const { return http_.body(); }
  bool is_binary() const { return http_.is_base64_encoded(); }

  // DISCONNECT: the close frame's status code (requestContext.disconnectStatusCode,
  // else the -Disconnect-Status-Code header) and reason (empty when none).
  std::optional<int> disconnect_status_code() const { return disconnect_status_code_; }
  const std::string& disconnect_reason() const { return disconnect_reason_; }

  // The HTTP-like rest of the event: headers, query, path, requestContext,
  // raw(). Its method() is the top-level `httpMethod` when present (CONNECT's
  // GET), else requestContext.httpMethod (MESSAGE's POST, DISCONNECT's DELETE).
  const HttpRequest& http() const { return http_; }
  const nlohmann::json& raw() const { return http_.raw(); }

 private:
  friend struct detail::WebSocketEventBuilder;
  explicit WebSocketEvent(HttpRequest http) : http_(std::move(http)) {}

  HttpRequest http_;
  Type type_ = Type::other;
  std::string event_type_;
  std::string connection_id_;
  std::optional<std::int64_t> connected_at_ms_;
  std::string message_id_;
  std::optional<int> disconnect_status_code_;
  std::string disconnect_reason_;
};

// Whether `event` (an object) is a WebSocket event: its requestContext has a
// non-null `connectionId` and `eventType`. Such an event is parsed as one even
// when it also has `httpMethod` (CONNECT has).
bool is_websocket_event(const nlohmann::json& event);

// Validates and parses a WebSocket event. `event.malformed` naming the field
// when: requestContext.connectionId or .eventType is not a non-empty string,
// connectedAt is not an integer, messageId or disconnectReason is not a string,
// disconnectStatusCode is not an integer 0..9999 (or such a number as a
// decimal string), or a field the HTTP event parse reads has the wrong type;
// `event.bad_base64` when isBase64Encoded is true and the body is not base64.
// Unknown fields are ignored; an unknown eventType is Type::other.
Result<WebSocketEvent> parse_websocket_event(std::shared_ptr<const nlohmann::json> event);
Result<WebSocketEvent> parse_websocket_event(const nlohmann::json& event);

namespace detail {
// parse_websocket_event() in two steps, so that parse_event() checks every
// event before the handler runs while only Request::websocket() decodes
// (a module whose handler never asks links no decoder): the errors of the
// WebSocket fields of `event`, whose HTTP-like part parse_http_like_event()
// has accepted; and the typed event from that HTTP-like part once checked.
std::optional<Error> check_websocket_context(const nlohmann::json& event);
WebSocketEvent build_websocket_event(HttpRequest http);
}  // namespace detail

}  // namespace ycfn
