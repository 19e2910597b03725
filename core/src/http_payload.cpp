// The Node.js runtime's context.getPayload() (P1..P5 in
// ycfn/detail/http_payload.hpp), from the event parse and the HTTP semantics'
// text rules: nothing here parses JSON, forms or headers itself.
#include "ycfn/detail/http_payload.hpp"

#include <string>
#include <utility>
#include <vector>

#include "http_text.hpp"
#include "ycfn/detail/json_writer.hpp"
#include "ycfn/http_event.hpp"

namespace ycfn::http {
namespace {

// P4: names in the order they first appear; a repeated name's values in order.
std::string form_json(std::string_view body) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  for (auto& [name, value] : parse_query(body)) {
    auto it = fields.find(name);
    if (it == fields.end()) {
      fields[name] = std::move(value);
    } else if (it->is_string()) {
      *it = nlohmann::ordered_json::array({std::move(*it), std::move(value)});
    } else {
      it->push_back(std::move(value));
    }
  }
  return json_text(fields);
}

}  // namespace

Result<Payload> payload_of(std::shared_ptr<const nlohmann::json> event) {
  if (!event || !event->is_object()) return Payload{true, {}};  // P1
  const auto body = event->find("body");
  if (body == event->end() || !body->is_string()) return Payload{true, {}};

  auto request = detail::parse_http_like_event(std::move(event));  // P2
  if (!request.ok()) return request.error();
  const HttpRequest& http = request.value();
  const std::string_view content_type = http.headers().get("Content-Type").value_or("");
  Payload payload;
  if (has_media_type(content_type, "application/json")) {  // P3
    auto parsed = http.json_body();
    if (!parsed.ok()) return parsed.error();
    // json_body() accepted it: the body is one JSON document, passed on as
    // written so that its members keep their order (JSON.parse's object).
    payload.json = http.body();
  } else if (has_media_type(content_type, "application/x-www-form-urlencoded")) {
    payload.json = form_json(http.body());
  } else {  // P5
    append_json_string(payload.json, http.body());
  }
  return payload;
}

}  // namespace ycfn::http
