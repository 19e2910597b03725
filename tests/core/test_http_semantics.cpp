// The platform's HTTP semantics (ycfn/detail/http_semantics.hpp) over the vectors
// in tests/fixtures/http/, played through its C ABI (ycfn_http.h, the shapes the
// vectors use), plus the limits and helpers the vectors cannot hold.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/http_semantics.hpp"
#include "ycfn/request.hpp"
#include "ycfn/ycfn_http.h"

namespace {

// Ordered: key order is part of what the vectors pin (the captures' order).
using json = nlohmann::ordered_json;
namespace http = ycfn::http;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json parse(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  return parsed;
}

struct Deleter {
  void operator()(char* p) const { ycfn_http_free(p); }
};

// Calls one ABI function and parses its answer.
json call(char* (*fn)(const char*, size_t), const std::string& input) {
  std::unique_ptr<char, Deleter> out(fn(input.data(), input.size()));
  REQUIRE(out != nullptr);
  return parse(out.get());
}

std::string body_of(const json& response) {
  REQUIRE(response["body_base64"].is_string());
  auto decoded = ycfn::base64_decode(response["body_base64"].get<std::string>());
  REQUIRE(decoded.ok());
  return decoded.value();
}

// Compares an ABI response with a vector's `expect` (status, headers, body or body_json).
void check_response(const json& response, const json& expect) {
  CHECK(response["status"] == expect["status"]);
  CHECK(dump(response["headers"]) == dump(expect["headers"]));
  const std::string body = body_of(response);
  if (expect.contains("body_json")) {
    CHECK(dump(parse(body)) == dump(expect["body_json"]));
  } else {
    CHECK(body == expect["body"].get<std::string>());
  }
}

json vectors(const char* name) {
  json parsed = parse(ycfn_test::fixture(std::string("http/") + name));
  REQUIRE(parsed.is_array());
  REQUIRE_FALSE(parsed.empty());
  return parsed;
}

// The result a vector's handler returns, as JSON text. Results dump with sorted
// keys (as a function's JSON.stringify would not, but the payload must match).
std::string result_text(const json& vector) {
  if (vector.contains("result_text")) return vector["result_text"].get<std::string>();
  const nlohmann::json sorted = nlohmann::json::parse(dump(vector["result"]), nullptr, false);
  return sorted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

http::Request small_request() {
  http::Request r;
  r.method = "POST";
  r.target = "/";
  r.peer_ip = "127.0.0.1";
  r.request_id = "r";
  r.trace_id = "t";
  return r;
}

}  // namespace

TEST_CASE("http semantics: request vectors") {
  for (const auto& vector : vectors("requests.json")) {
    INFO(vector["name"].get<std::string>());
    json request = vector["request"];
    if (request.contains("body")) {
      request["body_base64"] = ycfn::base64_encode(request["body"].get<std::string>());
      request.erase("body");
    }
    const json out = call(ycfn_http_request_to_event, dump(request));
    const json expect =
        vector.contains("expect") ? vector["expect"] : json{{"invoke", true}, {"integration", "http"}};
    REQUIRE(out["invoke"] == expect["invoke"]);
    if (!out["invoke"].get<bool>()) {
      check_response(out["response"], expect["response"]);
      continue;
    }
    CHECK(out["integration"] == expect["integration"]);
    // An async invocation is answered at once; the others have no answer yet.
    CHECK(out.contains("response") == expect.contains("response"));
    if (expect.contains("response")) check_response(out["response"], expect["response"]);
    const std::string event = out["event"].get<std::string>();
    if (expect.contains("event_text")) {
      CHECK(event == expect["event_text"].get<std::string>());
    } else if (vector.contains("expect_event_fixture")) {
      CHECK(dump(parse(event)) ==
            dump(parse(ycfn_test::fixture(vector["expect_event_fixture"].get<std::string>()))));
    } else {
      CHECK(dump(parse(event)) == dump(expect["event"]));
    }
  }
}

TEST_CASE("http semantics: result vectors") {
  for (const auto& vector : vectors("results.json")) {
    INFO(vector["name"].get<std::string>());
    const json input = {{"integration", vector["integration"]}, {"result", result_text(vector)}};
    const json out = call(ycfn_http_result_to_response, dump(input));
    check_response(out["response"], vector["expect"]);
  }
}

TEST_CASE("http semantics: failure vectors") {
  for (const auto& vector : vectors("failures.json")) {
    INFO(vector["name"].get<std::string>());
    const json out = call(ycfn_http_failure_to_response, dump(vector["input"]));
    check_response(out["response"], vector["expect"]);
  }
}

TEST_CASE("http semantics: a request body over the limit answers 413 without an event") {
  http::Request r = small_request();
  r.body.assign(http::kMaxRequestBytes + 1, 'a');
  const http::EventOutcome out = http::request_to_event(r);
  CHECK_FALSE(out.invoke);
  CHECK(out.response.status == 413);
  CHECK(out.response.body.find("RequestTooLarge") != std::string::npos);
  CHECK(out.event.empty());
}

TEST_CASE("http semantics: a body at the limit whose event is over it answers 413") {
  http::Request r = small_request();
  // Binary: base64 makes the event a third larger than the body.
  r.body.assign(http::kMaxRequestBytes, '\xff');
  const http::EventOutcome out = http::request_to_event(r);
  CHECK_FALSE(out.invoke);
  CHECK(out.response.status == 413);
}

TEST_CASE("http semantics: a JSON body just under the limit is invoked") {
  http::Request r = small_request();
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = "\"" + std::string(http::kMaxRequestBytes - 2000, 'x') + "\"";
  const http::EventOutcome out = http::request_to_event(r);
  CHECK(out.invoke);
  CHECK(out.event.size() <= http::kMaxRequestBytes);
}

TEST_CASE("http semantics: a result over the response limit is a 502") {
  const std::string big =
      "{\"statusCode\":200,\"body\":\"" + std::string(http::kMaxResponseBytes, 'x') + "\"}";
  const http::Response response = http::result_to_response(big, http::Integration::http);
  CHECK(response.status == 502);
  CHECK(response.body.find("ProxyIntegrationError") != std::string::npos);
  CHECK(response.body.find("over the 3500000-byte limit") != std::string::npos);
  // Not echoed back: the payload of an oversized result is left out.
  CHECK(response.body.size() < 1000);
}

TEST_CASE("http semantics: canonical header names") {
  CHECK(http::canonical_header_name("content-type") == "Content-Type");
  CHECK(http::canonical_header_name("X-REQUEST-ID") == "X-Request-Id");
  CHECK(http::canonical_header_name("www-authenticate") == "Www-Authenticate");
  CHECK(http::canonical_header_name("bad name") == "bad name");
  CHECK(http::canonical_header_name("") == "");
}

TEST_CASE("http semantics: Common Log Format times") {
  CHECK(http::clf_time(1577370127000) == "26/Dec/2019:14:22:07 +0000");
  CHECK(http::clf_time(0) == "01/Jan/1970:00:00:00 +0000");
  CHECK(http::clf_time(4102444799999) == "31/Dec/2099:23:59:59 +0000");
}

TEST_CASE("http semantics: the ABI refuses malformed input with abi.bad_input") {
  for (const char* input : {"", "[]", "{\"method\": 1}", "{\"headers\": [[\"a\"]]}",
                            "{\"body_base64\": \"!\"}", "{\"peer_port\": 70000}"}) {
    INFO(input);
    const json out = call(ycfn_http_request_to_event, input);
    CHECK(out["error"]["code"] == "abi.bad_input");
  }
  CHECK(call(ycfn_http_result_to_response, "{\"integration\": \"grpc\"}")["error"]["code"] ==
        "abi.bad_input");
  CHECK(call(ycfn_http_failure_to_response, "{\"kind\": \"oops\"}")["error"]["code"] == "abi.bad_input");
  CHECK(call(ycfn_http_failure_to_response, "{\"kind\": \"thrown\", \"stackTrace\": [1]}")["error"]["code"] ==
        "abi.bad_input");
}

TEST_CASE("http semantics: WebSocket events have the published shape and parse as the typed event (W1, W2)") {
  const json upgrade = {
      {"method", "GET"},
      {"target", "/chat?room=a&room=b"},
      {"headers",
       json::array({json::array({"host", "127.0.0.1:8080"}), json::array({"connection", "Upgrade"}),
                    json::array({"upgrade", "websocket"}),
                    json::array({"sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="}),
                    json::array({"sec-websocket-version", "13"}),
                    json::array({"origin", "https://example.com"}), json::array({"user-agent", "ws-test"}),
                    json::array({"x-yc-apigateway-websocket-event-type", "FORGED"})})},
      {"peer_ip", "127.0.0.1"},
      {"peer_port", 5000},
      {"request_id", "r-ws"},
      {"trace_id", "t-ws"},
      {"time_ms", 1672876023000}};
  const auto event_of = [&](json fields) {
    fields["request"] = upgrade;
    const json out = call(ycfn_http_websocket_event, dump(fields));
    REQUIRE(out["event"].is_string());
    return out["event"].get<std::string>();
  };
  const auto key_set = [](const nlohmann::json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) keys.insert(key);
    return keys;
  };
  const json common = {{"connection_id", "c0nn"}, {"connected_at_ms", 1672875978785}};

  // Every kind has exactly the published example's top-level and requestContext keys.
  const std::pair<const char*, const char*> kinds[] = {{"CONNECT", "websocket-connect-ts-types.json"},
                                                       {"MESSAGE", "websocket-message-ts-types.json"},
                                                       {"DISCONNECT", "websocket-disconnect-ts-types.json"}};
  for (const auto& [type, fixture] : kinds) {
    INFO(type);
    json fields = common;
    fields["event_type"] = type;
    fields["message_id"] = "m1";
    fields["data_base64"] = ycfn::base64_encode("hi");
    fields["close_code"] = 1001;
    const nlohmann::json built = nlohmann::json::parse(event_of(fields), nullptr, false);
    const nlohmann::json published = nlohmann::json::parse(
        ycfn_test::fixture(std::string("events/api-gateway/") + fixture), nullptr, false);
    std::set<std::string> want = key_set(published);
    want.erase("operationId");  // names an OpenAPI operation: serve has no specification
    CHECK(key_set(built) == want);
    std::set<std::string> context = key_set(published["requestContext"]);
    if (std::string(type) == "DISCONNECT")
      context.insert("disconnectReason");  // documented, not in the example
    CHECK(key_set(built["requestContext"]) == context);
  }

  // A binary MESSAGE, through the core's own parse.
  json message = common;
  message["event_type"] = "MESSAGE";
  message["message_id"] = "m2";
  message["data_base64"] = ycfn::base64_encode(std::string("\0\xff", 2));
  message["binary"] = true;
  auto parsed = ycfn::parse_event(event_of(message));
  REQUIRE(parsed.ok());
  const ycfn::WebSocketEvent* ws = parsed->websocket();
  REQUIRE(ws != nullptr);
  CHECK(ws->type() == ycfn::WebSocketEvent::Type::message);
  CHECK(ws->connection_id() == "c0nn");
  CHECK(ws->connected_at_ms() == 1672875978785);
  CHECK(ws->message_id() == "m2");
  CHECK(ws->is_binary());
  CHECK(ws->data() == std::string("\0\xff", 2));
  CHECK(ws->http().method() == "POST");
  const ycfn::Headers& headers = ws->http().headers();
  CHECK(headers.get("Origin") == "https://example.com");
  CHECK(headers.get("Host") == "127.0.0.1:8080");
  CHECK(headers.get("X-Yc-Apigateway-Websocket-Event-Type") == "MESSAGE");  // the forged one is gone
  CHECK_FALSE(headers.contains("Upgrade"));
  CHECK_FALSE(headers.contains("Sec-Websocket-Key"));
  CHECK(headers.get("X-Real-Remote-Address") == "[127.0.0.1]:5000");
  CHECK(ws->http().context().request_id == "r-ws");

  // CONNECT keeps the query; DISCONNECT carries the close.
  json connect = common;
  connect["event_type"] = "CONNECT";
  auto c = ycfn::parse_event(event_of(connect));
  REQUIRE(c.ok());
  REQUIRE(c->websocket() != nullptr);
  CHECK(c->websocket()->http().query().get_all("room") == std::vector<std::string>{"a", "b"});
  CHECK(c->websocket()->http().path() == "/chat");
  json disconnect = common;
  disconnect["event_type"] = "DISCONNECT";
  disconnect["close_code"] = 4000;
  disconnect["close_reason"] = "bye";
  auto d = ycfn::parse_event(event_of(disconnect));
  REQUIRE(d.ok());
  REQUIRE(d->websocket() != nullptr);
  CHECK(d->websocket()->disconnect_status_code() == 4000);
  CHECK(d->websocket()->disconnect_reason() == "bye");

  // Bad input is the ABI's error, never a crash.
  for (const char* bad : {R"({"request": {}, "event_type": "PING"})", R"({"event_type": "MESSAGE"})",
                          R"({"request": {}, "event_type": "MESSAGE", "data_base64": "@@"})",
                          R"({"request": {}, "event_type": "DISCONNECT", "close_code": 10000})"}) {
    CAPTURE(bad);
    CHECK(call(ycfn_http_websocket_event, bad)["error"]["code"] == "abi.bad_input");
  }
}

TEST_CASE("http semantics: ycfn_http_metadata_address answers the core's address rule") {
  json out = call(ycfn_http_metadata_address, R"({"address": "[::1]:8080", "source": "--metadata"})");
  CHECK(dump(out) == R"({"host":"::1","port":8080})");
  out = call(ycfn_http_metadata_address, R"({"address": "metadata.internal"})");
  CHECK(dump(out) == R"({"host":"metadata.internal","port":80})");

  out = call(ycfn_http_metadata_address, R"({"address": "http://x:1", "source": "--metadata"})");
  CHECK(out["problem"]["code"] == "metadata.bad_address");
  CHECK(out["problem"]["message"] ==
        "--metadata is not host or host:port (10 bytes): it looks like a URL: give host or host:port, "
        "without a "
        "scheme or path");
  out = call(ycfn_http_metadata_address, R"({"address": "h:70000"})");
  CHECK(out["problem"]["message"] ==
        "the metadata address is not host or host:port (7 bytes): the port must be 1..65535");

  for (const char* input : {"", "[]", "{}", R"({"address": 1})", R"({"address": "h", "source": 2})"}) {
    INFO(input);
    CHECK(call(ycfn_http_metadata_address, input)["error"]["code"] == "abi.bad_input");
  }
}

namespace {

// An HTTP event as the platform sends it, for ycfn_http_payload.
std::string http_event(const json& headers, const std::string& body, bool base64) {
  return dump(json{{"httpMethod", "POST"},
                   {"headers", headers},
                   {"body", base64 ? ycfn::base64_encode(body) : body},
                   {"isBase64Encoded", base64}});
}

}  // namespace

TEST_CASE("http semantics: ycfn_http_payload is getPayload's rule (P1..P5)") {
  const json json_type = {{"Content-Type", "application/json"}};
  const json form_type = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};

  // P3: JSON as sent (member order kept), text or base64.
  CHECK(dump(call(ycfn_http_payload, http_event(json_type, R"({"z": 1, "a": [true]})", false))) ==
        R"({"payload":{"z":1,"a":[true]}})");
  CHECK(dump(call(ycfn_http_payload, http_event({{"content-type", "APPLICATION/JSON"}}, "[1]", true))) ==
        R"({"payload":[1]})");
  // multiValueHeaders wins over headers, as in the typed event.
  const std::string multi = dump(json{{"httpMethod", "POST"},
                                      {"headers", {{"Content-Type", "text/plain"}}},
                                      {"multiValueHeaders", {{"Content-Type", {"application/json"}}}},
                                      {"body", "7"}});
  CHECK(dump(call(ycfn_http_payload, multi)) == R"({"payload":7})");

  // P4: fields in first-seen order, `+` a space, repeated names an array.
  CHECK(dump(call(ycfn_http_payload, http_event(form_type, "b=x+y&a=1&b=%C3%A9&c", true))) ==
        R"({"payload":{"b":["x y","é"],"a":"1","c":""}})");

  // P5: the body as text; bytes that are not UTF-8 replaced; no type at all.
  CHECK(dump(call(ycfn_http_payload, http_event({{"Content-Type", "text/csv"}}, "a,b\n", true))) ==
        R"({"payload":"a,b\n"})");
  CHECK(call(ycfn_http_payload, http_event(json::object(),
                                           "\xFF"
                                           "A",
                                           true))["payload"] ==
        "\xEF\xBF\xBD"
        "A");

  // P3's errors, and P2's: the event parse's.
  json out = call(ycfn_http_payload, http_event(json_type, R"({"a": )", false));
  CHECK(dump(out) ==
        R"({"problem":{"code":"event.bad_json_body","message":"request body is not valid JSON at byte 7"}})");
  CHECK(call(ycfn_http_payload, http_event(json_type, "", false))["problem"]["code"] ==
        "event.bad_json_body");
  CHECK(call(ycfn_http_payload, http_event(json_type, "\xFF", true))["problem"]["code"] ==
        "event.bad_json_body");
  CHECK(call(ycfn_http_payload,
             R"({"httpMethod": "POST", "body": "!!", "isBase64Encoded": true})")["problem"]["code"] ==
        "event.bad_base64");
  CHECK(call(ycfn_http_payload, R"({"body": "x", "headers": "oops"})")["problem"]["code"] ==
        "event.malformed");

  // P1: not an HTTP event -> the event itself.
  for (const char* event : {R"({"messages": []})", R"({"body": 1})", "[1, 2]", "\"text\"", "null"}) {
    INFO(event);
    CHECK(dump(call(ycfn_http_payload, event)) == R"({"payload_is_event":true})");
  }
  // A WebSocket MESSAGE has no httpMethod; its body is still the payload.
  CHECK(dump(call(ycfn_http_payload, R"({"body": "hi", "requestContext": {"eventType": "MESSAGE"}})")) ==
        R"({"payload":"hi"})");

  for (const char* input : {"", "{", "not json"}) {
    INFO(input);
    CHECK(call(ycfn_http_payload, input)["error"]["code"] == "abi.bad_input");
  }
  CHECK(call(ycfn_http_payload, std::string(100, '[') + std::string(100, ']'))["error"]["code"] ==
        "abi.bad_input");
}
