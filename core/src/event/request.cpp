#include "ycfn/request.hpp"

#include <utility>

#include "event_fields.hpp"
#include "fast_http_event.hpp"
#include "large_event.hpp"
#include "reference_parse.hpp"
#include "trigger_check.hpp"

namespace ycfn {

Result<Request> parse_event(std::string_view event_json) { return parse_event(event_json, std::nullopt); }

Result<Request> parse_event(std::string_view event_json, std::optional<std::string_view> body_text) {
  // The fast parse answers only what it is sure of; anything else (every
  // error included) takes the ordinary parse, which has the messages.
  if (auto fast = detail::try_fast_http_event(event_json, body_text)) return std::move(*fast);
  if (!body_text) {
    if (auto large = parse_large_event(event_json)) return request_from_json(std::move(*large));
  }
  return detail::parse_event_reference(event_json, body_text);
}

Result<Request> request_from_json(nlohmann::json event) {
  if (!event.is_object()) return event_fields::not_an_object(event);
  Request request;
  auto shared = std::make_shared<const nlohmann::json>(std::move(event));
  request.raw_ = std::make_shared<const detail::LazyJson>(shared);
  const nlohmann::json& e = *shared;
  if (is_websocket_event(e)) {
    // parse_websocket_event()'s checks now, its decoding when the handler asks
    // (Request::websocket()).
    auto http = detail::parse_http_like_event(shared);
    if (!http) return http.error();
    if (auto error = detail::check_websocket_context(e)) return *error;
    request.kind_ = Request::Kind::websocket;
    request.websocket_http_ = std::move(http).value();
  } else if (e.contains("httpMethod")) {
    auto http = parse_http_event(std::move(shared));
    if (!http) return http.error();
    request.kind_ = Request::Kind::http;
    request.http_ = std::move(http).value();
  } else if (e.contains("messages")) {
    // Checked now, decoded when the handler asks (Request::trigger()).
    if (auto error = detail::check_trigger_event(e)) return *error;
    request.kind_ = Request::Kind::trigger;
  }
  return request;
}

}  // namespace ycfn
