#include "ycfn/request.hpp"

#include <utility>

#include "event_fields.hpp"
#include "large_event.hpp"
#include "ycfn/detail/json_text.hpp"

namespace ycfn {

Result<Request> parse_event(std::string_view event_json) {
  if (auto large = parse_large_event(event_json)) return request_from_json(std::move(*large));
  auto parsed = parse_json_text(event_json, "event.malformed", "event");
  if (!parsed) return parsed.error();
  return request_from_json(std::move(parsed).value());
}

Result<Request> request_from_json(nlohmann::json event) {
  if (!event.is_object()) return event_fields::not_an_object(event);
  Request request;
  request.raw_ = std::make_shared<const nlohmann::json>(std::move(event));
  const nlohmann::json& e = *request.raw_;
  if (e.contains("httpMethod")) {
    auto http = parse_http_event(request.raw_);
    if (!http) return http.error();
    request.kind_ = Request::Kind::http;
    request.http_ = std::move(http).value();
  } else if (e.contains("messages")) {
    auto trigger = parse_trigger_event(e);
    if (!trigger) return trigger.error();
    request.kind_ = Request::Kind::trigger;
    request.trigger_ = std::move(trigger).value();
  }
  return request;
}

}  // namespace ycfn
