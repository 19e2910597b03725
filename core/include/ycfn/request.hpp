// What a handler sees: the event classified as an HTTP request, a trigger
// event, an API Gateway WebSocket event, or anything else (a direct
// invocation's own JSON object).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/http_event.hpp"
#include "ycfn/result.hpp"
#include "ycfn/trigger_event.hpp"
#include "ycfn/websocket_event.hpp"

namespace ycfn {

class Request {
 public:
  enum class Kind { http, trigger, websocket, other };

  Kind kind() const { return kind_; }
  // The parsed HTTP event when kind() == http, else nullptr.
  const HttpRequest* http() const { return http_ ? &*http_ : nullptr; }
  // The parsed trigger event when kind() == trigger, else nullptr. parse_event()
  // has checked the event in full (its errors come before the handler runs);
  // the typed decoding happens on the first call (not thread-safe, like raw()),
  // so that a module whose handler never calls this links no trigger decoder.
  const TriggerEvent* trigger() const;
  // The parsed WebSocket event when kind() == websocket, else nullptr. Checked
  // in full by parse_event(), decoded on the first call, as trigger() is.
  const WebSocketEvent* websocket() const;
  // The whole event (always an object). For an HTTP event that took the fast
  // parse, the first call parses the kept text (see detail/lazy_json.hpp).
  const nlohmann::json& raw() const { return raw_->value(http_ ? &http_->body() : nullptr); }

 private:
  friend Result<Request> request_from_json(nlohmann::json event);
  friend struct detail::FastEventBuilder;
  Request() = default;

  Kind kind_ = Kind::other;
  std::shared_ptr<const detail::LazyJson> raw_;
  std::optional<HttpRequest> http_;
  // Decoded by trigger() (request_trigger.cpp), shared by copies.
  mutable std::shared_ptr<const TriggerEvent> trigger_;
  // A WebSocket event's checked HTTP-like part, until websocket()
  // (request_websocket.cpp) moves it into the event it decodes.
  mutable std::optional<HttpRequest> websocket_http_;
  mutable std::shared_ptr<const WebSocketEvent> websocket_;
};

// Parses the event text the platform passed. Never crashes, whatever the bytes:
//  - empty, invalid JSON, or nested deeper than kMaxJsonDepth (64) ->
//    `event.malformed` ("event is not valid JSON at byte N", ...);
//  - valid JSON that is not an object -> `event.malformed`
//    ("event is not a JSON object (it is an array)");
//  - otherwise as request_from_json().
Result<Request> parse_event(std::string_view event_json);
// The same for an event whose top-level "body" member the host took out of the
// text (a large body need not then be escaped into and scanned out of JSON):
// `body_text` is that member's string content, unescaped (UTF-8 bytes). The
// result is that of parsing the text with `"body": <body_text>` added. Besides
// the errors above (the text's own come first), `event.malformed` when the
// text still has a top-level "body" member ("event has a body member and a
// separate body") or body_text is not UTF-8 ("the separate body is not valid
// UTF-8"). std::nullopt: exactly parse_event(event_json).
Result<Request> parse_event(std::string_view event_json, std::optional<std::string_view> body_text);

// Classifies an already parsed event: an object whose requestContext has
// `connectionId` and `eventType` is a WebSocket event (parse_websocket_event;
// CONNECT has an `httpMethod` too), one with `httpMethod` is HTTP
// (parse_http_event), one with `messages` is a trigger (parse_trigger_event),
// any other object is `other`. Errors of those parsers are returned as is.
// The nesting depth is not checked here: parse_event() does that on the text.
Result<Request> request_from_json(nlohmann::json event);

}  // namespace ycfn
