// parse_websocket_event() on the input parsed as JSON (parse_json_text, depth
// limit 64), whatever the classification would say, plus parse_event() for
// agreement. Invariants: an accepted event has a non-empty connection id and
// event type, exactly as sent; type() follows the event type; data() is the
// body (decoded when isBase64Encoded); a close code is 0..9999; the HTTP-like
// part's method is httpMethod or else requestContext.httpMethod; errors are
// event.* and name a field of the event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/request.hpp"
#include "ycfn/websocket_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Type = ycfn::WebSocketEvent::Type;

std::string field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

void check_event(const ycfn::WebSocketEvent& ws, const nlohmann::json& event) {
  const nlohmann::json& context = event["requestContext"];
  YCFN_FUZZ_CHECK(!ws.connection_id().empty() && ws.connection_id() == field(context, "connectionId"),
                  "connection id not as sent");
  YCFN_FUZZ_CHECK(!ws.event_type().empty() && ws.event_type() == field(context, "eventType"),
                  "event type not as sent");
  const Type expected = ws.event_type() == "CONNECT"      ? Type::connect
                        : ws.event_type() == "MESSAGE"    ? Type::message
                        : ws.event_type() == "DISCONNECT" ? Type::disconnect
                                                          : Type::other;
  YCFN_FUZZ_CHECK(ws.type() == expected, "type() does not follow the event type");
  if (const auto code = ws.disconnect_status_code())
    YCFN_FUZZ_CHECK(*code >= 0 && *code <= 9999, "close code");
  if (const auto at = ws.connected_at_ms();
      at && context.contains("connectedAt") && context["connectedAt"].is_number_integer()) {
    YCFN_FUZZ_CHECK(nlohmann::json(*at) == context["connectedAt"], "connectedAt not as sent");
  }
  const auto body = event.find("body");
  const bool has_body = body != event.end() && body->is_string();
  if (!has_body) YCFN_FUZZ_CHECK(ws.data().empty(), "data from nowhere");
  if (has_body && ws.is_binary()) {
    const auto decoded = ycfn::base64_decode(body->get_ref<const std::string&>());
    YCFN_FUZZ_CHECK(decoded.ok() && decoded.value() == ws.data(), "data() is not the decoded body");
  } else if (has_body) {
    YCFN_FUZZ_CHECK(ws.data() == body->get_ref<const std::string&>(), "data() is not the body");
  }
  const std::string method = field(event, "httpMethod");
  YCFN_FUZZ_CHECK(ws.http().method() == (method.empty() ? field(context, "httpMethod") : method),
                  "method neither httpMethod nor requestContext.httpMethod");
  YCFN_FUZZ_CHECK(&ws.raw() == &ws.http().raw(), "two documents");
  (void)(ws.message_id().size() + ws.disconnect_reason().size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = ycfn::parse_json_text(bytes, "event.malformed", "event");
  if (!parsed) return 0;
  const nlohmann::json& event = parsed.value();

  const auto ws = ycfn::parse_websocket_event(event);
  if (ws) {
    YCFN_FUZZ_CHECK(event.is_object() && event.contains("requestContext"), "accepted without requestContext");
    check_event(ws.value(), event);
  } else {
    const ycfn::Error& error = ws.error();
    YCFN_FUZZ_CHECK(error.code == "event.malformed" || error.code == "event.bad_base64",
                    "an error outside event.*");
    YCFN_FUZZ_CHECK(error.message.rfind("event", 0) == 0, "an error that names no event field");
  }

  // The classification agrees: a recognised WebSocket event parses as this parser says.
  const auto request = ycfn::parse_event(bytes);
  if (event.is_object() && ycfn::is_websocket_event(event)) {
    YCFN_FUZZ_CHECK(request.ok() == ws.ok(), "parse_event and parse_websocket_event disagree");
    if (request.ok()) {
      YCFN_FUZZ_CHECK(request->kind() == ycfn::Request::Kind::websocket && request->websocket() != nullptr,
                      "a WebSocket event not classified so");
      check_event(*request->websocket(), event);
    } else {
      YCFN_FUZZ_CHECK(request.error().message == ws.error().message, "different errors");
    }
  } else if (request.ok()) {
    YCFN_FUZZ_CHECK(request->kind() != ycfn::Request::Kind::websocket, "websocket without the fields");
  }
  return 0;
}
