#include "reference_parse.hpp"

#include <string>
#include <utility>

#include "event_fields.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn::detail {

Result<Request> parse_event_reference(std::string_view event_json,
                                      std::optional<std::string_view> body_text) {
  auto parsed = parse_json_text(event_json, "event.malformed", "event");
  if (!parsed) return parsed.error();
  nlohmann::json event = std::move(parsed).value();
  if (body_text) {
    if (!event.is_object()) return event_fields::not_an_object(event);
    if (event.contains("body")) {
      return make_error("event.malformed", "event has a body member and a separate body");
    }
    if (!is_valid_utf8(*body_text)) {
      return make_error("event.malformed", "the separate body is not valid UTF-8");
    }
    event["body"] = std::string(*body_text);
  }
  return request_from_json(std::move(event));
}

}  // namespace ycfn::detail
