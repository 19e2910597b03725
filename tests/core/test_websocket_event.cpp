// API Gateway WebSocket events (websocket_event.hpp): the published CONNECT,
// MESSAGE and DISCONNECT examples, a binary frame, the headers that stand in
// for absent requestContext fields, and the errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "fixtures.hpp"
#include "ycfn/request.hpp"
#include "ycfn/websocket_event.hpp"

using nlohmann::json;
using ycfn::Request;
using ycfn::WebSocketEvent;

namespace {

json fixture_json(const char* name) {
  return json::parse(ycfn_test::fixture(std::string("events/api-gateway/") + name), nullptr, false);
}

Request parse_ok(const std::string& text) {
  auto parsed = ycfn::parse_event(text);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  return parsed.value();
}

ycfn::Error parse_error(const json& event) {
  auto parsed = ycfn::parse_event(event.dump());
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

const WebSocketEvent& websocket_of(const Request& request) {
  REQUIRE(request.kind() == Request::Kind::websocket);
  REQUIRE(request.websocket() != nullptr);
  CHECK(request.http() == nullptr);
  CHECK(request.trigger() == nullptr);
  return *request.websocket();
}

}  // namespace

TEST_CASE("websocket: the published CONNECT event, which has an httpMethod too", "[websocket]") {
  const Request request = parse_ok(ycfn_test::fixture("events/api-gateway/websocket-connect-ts-types.json"));
  const WebSocketEvent& ws = websocket_of(request);
  CHECK(ws.type() == WebSocketEvent::Type::connect);
  CHECK(ws.event_type() == "CONNECT");
  CHECK(ws.connection_id() == "d20438soh73hn36u5srtfji21qg7eb04b");
  CHECK(ws.connected_at_ms() == 1672875978785);
  CHECK(ws.message_id().empty());
  CHECK(ws.data().empty());
  CHECK_FALSE(ws.is_binary());
  CHECK_FALSE(ws.disconnect_status_code().has_value());
  CHECK(ws.http().method() == "GET");
  CHECK(ws.http().path() == "/");
  CHECK(ws.http().headers().get("origin") == "https://example.com");
  CHECK(ws.http().context().request_id == "807f3cc0-8d62-4424-b9ca-84e0c05e53a7");
  CHECK(&ws.raw() == &request.raw());
}

TEST_CASE("websocket: the published MESSAGE event, a text frame", "[websocket]") {
  const Request request = parse_ok(ycfn_test::fixture("events/api-gateway/websocket-message-ts-types.json"));
  const WebSocketEvent& ws = websocket_of(request);
  CHECK(ws.type() == WebSocketEvent::Type::message);
  CHECK(ws.message_id() == "6hi603qp8p317bpm1rtopdh5cch2ta");
  CHECK(ws.data() == R"({"email":"mail@example.com"})");
  CHECK_FALSE(ws.is_binary());
  CHECK(ws.http().method() == "POST");  // requestContext.httpMethod: there is no top-level one
  CHECK(ws.connected_at_ms() == 1672875978785);
}

TEST_CASE("websocket: the published DISCONNECT event: code from requestContext, reason from the header",
          "[websocket]") {
  const Request request =
      parse_ok(ycfn_test::fixture("events/api-gateway/websocket-disconnect-ts-types.json"));
  const WebSocketEvent& ws = websocket_of(request);
  CHECK(ws.type() == WebSocketEvent::Type::disconnect);
  CHECK(ws.disconnect_status_code() == 1001);
  CHECK(ws.disconnect_reason().empty());
  CHECK(ws.http().method() == "DELETE");
  CHECK(ws.data().empty());
}

TEST_CASE("websocket: a binary frame arrives base64-encoded and is decoded byte for byte", "[websocket]") {
  json event = fixture_json("websocket-message-ts-types.json");
  const std::string bytes("\x00\xff\x80\x01 binary", 11);
  event["body"] = "AP+AASBiaW5hcnk=";
  event["isBase64Encoded"] = true;
  const Request request = parse_ok(event.dump());
  const WebSocketEvent& ws = websocket_of(request);
  CHECK(ws.is_binary());
  CHECK(ws.data() == bytes);

  event["body"] = "@@";
  CHECK(parse_error(event).code == "event.bad_base64");
}

TEST_CASE("websocket: requestContext wins over the headers; headers fill what it lacks", "[websocket]") {
  json event = fixture_json("websocket-disconnect-ts-types.json");
  event["requestContext"]["disconnectReason"] = "going away";
  event["requestContext"]["disconnectStatusCode"] = "1000";  // the header's string form is accepted
  const Request request_a = parse_ok(event.dump());
  const WebSocketEvent& a = websocket_of(request_a);
  CHECK(a.disconnect_reason() == "going away");
  CHECK(a.disconnect_status_code() == 1000);

  event["requestContext"].erase("disconnectStatusCode");
  event["requestContext"].erase("connectedAt");
  event["headers"]["X-Yc-Apigateway-Websocket-Disconnect-Reason"] = "bye";
  event["multiValueHeaders"]["X-Yc-Apigateway-Websocket-Disconnect-Reason"] = {"bye"};
  const Request request_b = parse_ok(event.dump());
  const WebSocketEvent& b = websocket_of(request_b);
  CHECK(b.disconnect_status_code() == 1001);     // the header
  CHECK(b.connected_at_ms() == 1672875978785);   // the header
  CHECK(b.disconnect_reason() == "going away");  // requestContext still has it

  event["multiValueHeaders"]["X-Yc-Apigateway-Websocket-Connected-At"] = {"soon"};
  event["headers"].erase("X-Yc-Apigateway-Websocket-Connected-At");
  CHECK_FALSE(websocket_of(parse_ok(event.dump())).connected_at_ms().has_value());  // not a value
}

TEST_CASE("websocket: an unknown eventType is `other`, and the handler still gets the event", "[websocket]") {
  json event = fixture_json("websocket-message-ts-types.json");
  event["requestContext"]["eventType"] = "PING";
  const Request request = parse_ok(event.dump());
  const WebSocketEvent& ws = websocket_of(request);
  CHECK(ws.type() == WebSocketEvent::Type::other);
  CHECK(ws.event_type() == "PING");
}

TEST_CASE("websocket: recognised by requestContext.connectionId and eventType, nothing less", "[websocket]") {
  CHECK(parse_ok(R"({"requestContext": {"connectionId": "c"}, "httpMethod": "GET"})").kind() ==
        Request::Kind::http);
  CHECK(parse_ok(R"({"requestContext": {"eventType": "MESSAGE"}})").kind() == Request::Kind::other);
  CHECK(parse_ok(R"({"requestContext": {"eventType": null, "connectionId": "c"}})").kind() ==
        Request::Kind::other);
  CHECK(parse_ok(R"({"requestContext": {"eventType": "MESSAGE", "connectionId": "c"}})").kind() ==
        Request::Kind::websocket);
}

TEST_CASE("websocket: fields of the wrong type are event.malformed, naming the field", "[websocket]") {
  const std::pair<const char*, json> cases[] = {
      {"event.requestContext.connectionId", {{"connectionId", 7}, {"eventType", "MESSAGE"}}},
      {"event.requestContext.connectionId", {{"connectionId", ""}, {"eventType", "MESSAGE"}}},
      {"event.requestContext.eventType", {{"connectionId", "c"}, {"eventType", json::array()}}},
      {"event.requestContext.connectedAt",
       {{"connectionId", "c"}, {"eventType", "CONNECT"}, {"connectedAt", 1.5}}},
      {"event.requestContext.connectedAt",
       {{"connectionId", "c"}, {"eventType", "CONNECT"}, {"connectedAt", "1"}}},
      {"event.requestContext.messageId", {{"connectionId", "c"}, {"eventType", "MESSAGE"}, {"messageId", 1}}},
      {"event.requestContext.disconnectStatusCode",
       {{"connectionId", "c"}, {"eventType", "DISCONNECT"}, {"disconnectStatusCode", -1}}},
      {"event.requestContext.disconnectStatusCode",
       {{"connectionId", "c"}, {"eventType", "DISCONNECT"}, {"disconnectStatusCode", "10000"}}},
      {"event.requestContext.disconnectReason",
       {{"connectionId", "c"}, {"eventType", "DISCONNECT"}, {"disconnectReason", false}}},
      {"event.requestContext.httpMethod",
       {{"connectionId", "c"}, {"eventType", "MESSAGE"}, {"httpMethod", 1}}},
  };
  for (const auto& [field, context] : cases) {
    CAPTURE(field, context.dump());
    const ycfn::Error error = parse_error({{"requestContext", context}});
    CHECK(error.code == "event.malformed");
    CHECK_THAT(error.message, Catch::Contains(field));
  }
  const ycfn::Error headers =
      parse_error({{"requestContext", {{"connectionId", "c"}, {"eventType", "MESSAGE"}}}, {"headers", "x"}});
  CHECK_THAT(headers.message, Catch::Contains("event.headers"));
}

TEST_CASE("websocket: an HTTP event keeps its fast parse and stays http", "[websocket]") {
  const Request request =
      parse_ok(ycfn_test::fixture("events/api-gateway/authorizer-event-schema-docs.json"));
  CHECK(request.kind() == Request::Kind::http);
  REQUIRE(request.http() != nullptr);
  CHECK(request.websocket() == nullptr);
  CHECK(request.http()->headers().get("Authorization") == "Basic dXNlcm5hbWU6cGFzc3dvcmQ=");
}
