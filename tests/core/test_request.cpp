#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "fixtures.hpp"
#include "ycfn/request.hpp"

using nlohmann::json;
using ycfn::parse_event;
using ycfn::Request;

namespace {

Request parse_ok(std::string_view text) {
  auto parsed = parse_event(text);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  return parsed.value();
}

ycfn::Error parse_error(std::string_view text) {
  auto parsed = parse_event(text);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

// A small deterministic generator, so a failure reproduces.
class Rng {
 public:
  std::uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }

 private:
  std::uint32_t state_ = 2463534242U;
};

}  // namespace

TEST_CASE("request: the docs' HTTP event is http", "[request]") {
  const Request request = parse_ok(ycfn_test::fixture("docs/http-post-curl-docs.json"));
  CHECK(request.kind() == Request::Kind::http);
  REQUIRE(request.http() != nullptr);
  CHECK(request.trigger() == nullptr);
  CHECK(request.http()->method() == "POST");
  CHECK(request.http()->body() == "hello, world!");
  CHECK(&request.http()->raw() == &request.raw());  // one copy of the event
}

TEST_CASE("request: the docs' trigger events are triggers", "[request]") {
  const std::pair<const char*, std::size_t> fixtures[] = {
      {"docs/timer-docs.json", 1},
      {"docs/message-queue-docs.json", 2},
      {"docs/object-storage-delete-docs.json", 1},
      // Every kind, those without event_metadata included (test_trigger_event.cpp has their fields).
      {"events/triggers/iot-core-broker-docs.json", 2},
      {"events/triggers/container-registry-create-image-docs.json", 1},
      {"events/triggers/cloud-logging-docs.json", 1},
      {"events/triggers/cloud-logs-docs.json", 1},
      {"events/triggers/budget-docs.json", 1},
      {"events/triggers/data-streams-docs.json", 2},
      {"events/triggers/mail-attachments-docs.json", 1}};
  for (const auto& [name, count] : fixtures) {
    CAPTURE(name);
    const Request request = parse_ok(ycfn_test::fixture(name));
    CHECK(request.kind() == Request::Kind::trigger);
    CHECK(request.http() == nullptr);
    REQUIRE(request.trigger() != nullptr);
    CHECK(request.trigger()->messages().size() == count);
    CHECK(request.raw().contains("messages"));
  }
}

TEST_CASE("request: API Gateway fixtures are http", "[request]") {
  for (const char* name : {"events/api-gateway-v0.1.json", "events/api-gateway-v1.0.json"}) {
    CAPTURE(name);
    const Request request = parse_ok(ycfn_test::fixture(name));
    CHECK(request.kind() == Request::Kind::http);
    REQUIRE(request.http() != nullptr);
    CHECK(request.http()->path().rfind("/pets/", 0) == 0);
  }
}

TEST_CASE("request: any other object is a direct invocation's payload", "[request]") {
  for (const char* name :
       {"docs/metadata-token-response-docs.json", "docs/malformed-response-error-docs.json"}) {
    CAPTURE(name);
    const Request request = parse_ok(ycfn_test::fixture(name));
    CHECK(request.kind() == Request::Kind::other);
    CHECK(request.http() == nullptr);
    CHECK(request.trigger() == nullptr);
  }
  const Request request = parse_ok(R"({"name": "Ann", "count": 3})");
  CHECK(request.kind() == Request::Kind::other);
  CHECK(request.raw()["count"] == 3);
  CHECK(parse_ok("{}").kind() == Request::Kind::other);
}

TEST_CASE("request: httpMethod decides before messages", "[request]") {
  const Request request = parse_ok(R"({"httpMethod": "PUT", "messages": 1})");
  CHECK(request.kind() == Request::Kind::http);
}

TEST_CASE("request: errors of the HTTP and trigger parsers come through", "[request]") {
  const ycfn::Error base64 = parse_error(R"({"httpMethod": "POST", "body": "%%%", "isBase64Encoded": true})");
  CHECK(base64.code == "event.bad_base64");
  const ycfn::Error headers = parse_error(R"({"httpMethod": "POST", "headers": "x"})");
  CHECK(headers.code == "event.malformed");
  CHECK(headers.message == "event.headers must be an object of strings (it is a string)");
  const ycfn::Error messages = parse_error(R"({"messages": {"a": 1}})");
  CHECK(messages.message == "event.messages must be an array (it is an object)");
  const ycfn::Error method = parse_error(R"({"httpMethod": null})");
  CHECK(method.message == "event.httpMethod is missing; it must be a string");
}

TEST_CASE("request: a non-object event is event.malformed", "[request]") {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "event is not a JSON object (it is an array)"},
      {R"([{"httpMethod": "GET"}])", "event is not a JSON object (it is an array)"},
      {R"("GET /")", "event is not a JSON object (it is a string)"},
      {"42", "event is not a JSON object (it is a number)"},
      {"-0.5e3", "event is not a JSON object (it is a number)"},
      {"null", "event is not a JSON object (it is null)"},
      {"true", "event is not a JSON object (it is a boolean)"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    const ycfn::Error error = parse_error(text);
    CHECK(error.code == "event.malformed");
    CHECK(error.message == message);
  }
}

TEST_CASE("request: text that is not JSON is event.malformed with a position", "[request]") {
  const std::pair<std::string, const char*> cases[] = {
      {"", "event is empty"},
      {"  \n", "event is not valid JSON at byte 4"},
      {"{", "event is not valid JSON at byte 2"},
      {R"({"httpMethod": "GET",})", "event is not valid JSON at byte 22"},
      {"{'a': 1}", "event is not valid JSON at byte 2"},
      {"{} {}", "event is not valid JSON at byte 4"},  // trailing content
      {std::string("\x00{}", 3), "event is not valid JSON at byte 1"},
      {"{\"a\": \"\xFF\"}", "event is not valid JSON at byte 8"},          // invalid UTF-8 inside a string
      {"{\"a\": \"\xED\xA0\x80\"}", "event is not valid JSON at byte 9"},  // an encoded surrogate
      {"{\"a\": NaN}", "event is not valid JSON at byte 7"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    const ycfn::Error error = parse_error(text);
    CHECK(error.code == "event.malformed");
    CHECK(error.message == message);
  }
}

TEST_CASE("request: nesting up to 64 levels is accepted, deeper is refused before parsing", "[request]") {
  // {"httpMethod":"GET","x":[[...]]}: the object is level 1, so 63 arrays make 64.
  const auto event = [](std::size_t arrays) {
    return R"({"httpMethod":"GET","x":)" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  CHECK(parse_ok(event(63)).kind() == Request::Kind::http);
  const ycfn::Error deep = parse_error(event(64));
  CHECK(deep.code == "event.malformed");
  CHECK(deep.message == "event is nested deeper than 64 levels");

  CHECK(parse_error(std::string(2000000, '[')).message == "event is nested deeper than 64 levels");
  CHECK(parse_error(std::string(100000, '{') + std::string(100000, '}')).message ==
        "event is nested deeper than 64 levels");
  // Brackets inside strings are text, not nesting.
  CHECK(parse_ok(R"({"body":")" + std::string(100000, '[') + R"("})").kind() == Request::Kind::other);
}

TEST_CASE("request: request_from_json classifies a parsed event", "[request]") {
  auto http = ycfn::request_from_json(json{{"httpMethod", "GET"}});
  REQUIRE(http.ok());
  CHECK(http.value().kind() == Request::Kind::http);
  auto not_object = ycfn::request_from_json(json::array({1}));
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.error().message == "event is not a JSON object (it is an array)");
}

TEST_CASE("request: every truncation of every event fixture parses or fails cleanly", "[request]") {
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t events = 0;
  for (const auto& name : ycfn_test::fixture_names()) {
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
    const std::string& text = ycfn_test::fixture(name);
    // Only the fixtures that are events: the others (the local server's
    // vectors, JSON arrays) are refused as a whole already, and their every
    // truncation would cost more than half this test's time (quadratic in
    // their length) to show the same refusal again.
    if (!parse_event(text).ok()) continue;
    ++events;
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
      auto parsed = parse_event(std::string_view(text).substr(0, cut));
      if (parsed.ok()) {
        ++ok;
      } else {
        ++failed;
        REQUIRE(parsed.error().code.rfind("event.", 0) == 0);
      }
    }
  }
  CHECK(events >= 20);  // the event fixtures of every kind are here
  CHECK(ok >= events);  // each whole event (trailing whitespace aside)
  CHECK(failed > 1000);
}

TEST_CASE("request: random bytes and random mutations never crash", "[request]") {
  Rng rng;
  static const char kAlphabet[] = "{}[]\":,\\ 0123456789.eE+-truefalsn\x00\xC3\xA9\xFF\"httpMethod\"messages";
  const std::string alphabet(kAlphabet, sizeof(kAlphabet) - 1);  // keeps the NUL
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t len = rng.next() % 64;
    for (std::size_t i = 0; i < len; ++i) text += alphabet[rng.next() % alphabet.size()];
    static_cast<void>(parse_event(text));
  }
  const std::string& base = ycfn_test::fixture("docs/http-post-curl-docs.json");
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    for (int flips = 1 + static_cast<int>(rng.next() % 4); flips > 0; --flips) {
      text[rng.next() % text.size()] = static_cast<char>(rng.next() & 0xFF);
    }
    auto parsed = parse_event(text);
    if (!parsed.ok()) REQUIRE(parsed.error().code.rfind("event.", 0) == 0);
  }
}

// Found by fuzz/fuzz_context_token (the same parser path, see test_json_text):
// an event followed by a NUL byte and anything at all used to be accepted.
TEST_CASE("request: an event with a NUL byte after the JSON is event.malformed", "[request][fuzz]") {
  const ycfn::Error error = parse_error(std::string("{\"httpMethod\":\"GET\"}\0[[[ not json", 31));
  CHECK(error.code == "event.malformed");
  CHECK(error.message == "event is not valid JSON at byte 21");
}
