#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/http_event.hpp"

using nlohmann::json;
using ycfn::HttpRequest;
using ycfn::parse_http_event;
using Strings = std::vector<std::string>;

namespace {

json load(const std::string& fixture) {
  json event = json::parse(ycfn_test::fixture(fixture), nullptr, false);
  REQUIRE_FALSE(event.is_discarded());
  return event;
}

// The smallest HTTP event, plus `extra` fields.
json event_with(const json& extra) {
  json event = {{"httpMethod", "GET"}};
  for (const auto& [key, value] : extra.items()) event[key] = value;
  return event;
}

HttpRequest parse_ok(const json& event) {
  auto parsed = parse_http_event(event);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  return parsed.value();
}

ycfn::Error parse_error(const json& event) {
  auto parsed = parse_http_event(event);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

}  // namespace

TEST_CASE("http: the docs' POST event (curl -d 'hello, world!' '?a=1&a=2&b=1')", "[http_event]") {
  const json event = load("docs/http-post-curl-docs.json");
  const HttpRequest request = parse_ok(event);

  CHECK(request.method() == "POST");
  CHECK(request.path().empty());
  CHECK(request.url().empty());

  SECTION("repeated query parameter: get is the last value, get_all every value") {
    CHECK(request.query().get("a") == "2");
    CHECK(request.query().get_all("a") == Strings{"1", "2"});
    CHECK(request.query().get("b") == "1");
    CHECK(request.query().get_all("b") == Strings{"1"});
    CHECK_FALSE(request.query().contains("A"));  // query names are case-sensitive
  }
  SECTION("the form body arrives base64-encoded and is decoded") {
    CHECK(request.is_base64_encoded());
    CHECK(request.body() == "hello, world!");
    CHECK(request.body_is_utf8());
    auto body = request.json_body();
    REQUIRE_FALSE(body.ok());
    CHECK(body.error().code == "event.bad_json_body");
    CHECK(body.error().message == "request body is not valid JSON at byte 1");
  }
  SECTION("headers are looked up in any case") {
    CHECK(request.headers().size() == 7);
    CHECK(request.headers().get("content-type") == "application/x-www-form-urlencoded");
    CHECK(request.headers().get("CONTENT-LENGTH") == "13");
    CHECK(request.headers().get_all("accept") == Strings{"*/*"});
    CHECK(request.headers().get("x-request-id") == "cd0d12cd-c5f1-4348-9dff-c50a78f1eb79");
    CHECK_FALSE(request.headers().contains("authorization"));  // the platform strips it
  }
  SECTION("the request context") {
    const auto& context = request.context();
    CHECK(context.request_id == "cd0d12cd-c5f1-4348-9dff-c50a78f1eb79");
    CHECK(context.source_ip == "88.99.0.24");
    CHECK(context.user_agent == "curl/7.58.0");
    CHECK(context.request_time == "26/Dec/2019:14:22:07 +0000");
    CHECK(context.request_time_epoch == 1577370127);
    CHECK(context.http_method == "POST");
    CHECK_FALSE(context.authorizer.has_value());
    CHECK_FALSE(context.operation_context.has_value());
  }
  SECTION("raw() is the event as received") {
    CHECK(request.raw() == event);
    CHECK(request.path_params().empty());
    CHECK(request.params().empty());
  }
}

TEST_CASE("http: API Gateway v0.1 event", "[http_event]") {
  const HttpRequest request = parse_ok(load("events/api-gateway-v0.1.json"));
  CHECK(request.method() == "GET");
  CHECK(request.url() == "/pets/42?verbose=true&tag=a&tag=b");
  CHECK(request.path() == "/pets/42");  // from url, not the template in `path`
  CHECK(request.raw()["path"] == "/pets/{id}");
  CHECK(request.path_params().get("id") == "42");
  CHECK(request.path_params().size() == 1);
  CHECK(request.params().get("id") == "42");
  CHECK(request.params().get_all("tag") == Strings{"a", "b"});
  CHECK(request.params().get("verbose") == "true");
  CHECK(request.query().get_all("tag") == Strings{"a", "b"});
  CHECK(request.headers().get("host") == "d5dm1lba80md********.apigw.yandexcloud.net");
  CHECK(request.body().empty());
  CHECK_FALSE(request.is_base64_encoded());

  const auto& context = request.context();
  CHECK(context.request_id == "3f5b0d47-64a6-4a8b-9a7e-4c8f2f1b9e10");
  CHECK(context.source_ip == "203.0.113.7");
  CHECK(context.request_time_epoch == 1629827339);
  REQUIRE(context.operation_context.has_value());
  CHECK(*context.operation_context == json({{"resource", "pets"}, {"tier", "free"}}));
  REQUIRE(context.authorizer.has_value());
  CHECK((*context.authorizer)["jwt"]["claims"]["sub"] == "user-1");
}

TEST_CASE("http: API Gateway v1.0 event, with null optional fields", "[http_event]") {
  const HttpRequest request = parse_ok(load("events/api-gateway-v1.0.json"));
  CHECK(request.path() == "/pets/7");
  CHECK(request.url().empty());
  CHECK(request.path_params().get("id") == "7");
  CHECK(request.params().get_all("id") == Strings{"7"});
  CHECK(request.query().empty());
  CHECK(request.body().empty());
  CHECK(request.context().request_time_epoch == 1740993302);
}

TEST_CASE("http: url without a query, and with a fragment", "[http_event]") {
  CHECK(parse_ok(event_with({{"url", "/a/b"}, {"path", "/a/{x}"}})).path() == "/a/b");
  CHECK(parse_ok(event_with({{"url", "/a#frag"}})).path() == "/a");
  CHECK(parse_ok(event_with({{"url", ""}, {"path", "/p"}})).path() == "/p");
}

TEST_CASE("http: v0.1 path parameters win over v1.0 ones; either alone is read", "[http_event]") {
  CHECK(parse_ok(event_with({{"pathParams", {{"id", "1"}}}, {"pathParameters", {{"id", "2"}}}}))
            .path_params()
            .get("id") == "1");
  CHECK(parse_ok(event_with({{"pathParameters", {{"id", "2"}}}})).path_params().get("id") == "2");
  CHECK(parse_ok(event_with({{"params", {{"q", "x"}}}, {"parameters", {{"q", "y"}}}})).params().get("q") ==
        "x");
}

TEST_CASE("http: typed API Gateway parameters keep their JSON text", "[http_event]") {
  const HttpRequest request = parse_ok(
      event_with({{"pathParams", {{"id", 42}}}, {"params", {{"id", 42}, {"on", true}, {"r", 1.5}}}}));
  CHECK(request.path_params().get("id") == "42");
  CHECK(request.params().get("on") == "true");
  CHECK(request.params().get("r") == "1.5");
}

TEST_CASE("http: a header in both maps is read from multiValueHeaders", "[http_event]") {
  const HttpRequest request = parse_ok(event_with({
      {"headers",
       {{"Accept", "b"}, {"X-Only-Single", "s"}, {"X-Empty-Multi", "fallback"}, {"cookie-ish", "2"}}},
      {"multiValueHeaders",
       {{"Accept", {"a", "b"}}, {"X-Empty-Multi", json::array()}, {"Cookie-Ish", {"1"}}}},
  }));
  CHECK(request.headers().get_all("accept") == Strings{"a", "b"});
  CHECK(request.headers().get("accept") == "b");
  CHECK(request.headers().get_all("x-only-single") == Strings{"s"});
  CHECK(request.headers().get_all("x-empty-multi") == Strings{"fallback"});  // empty list: single value
  CHECK(request.headers().get_all("cookie-ish") == Strings{"1"});  // same name in another case: multi wins
  CHECK(request.headers().size() == 4);
}

TEST_CASE("http: headers differing only in case are one header", "[http_event]") {
  const HttpRequest request = parse_ok(event_with({{"headers", {{"X-Mixed", "1"}, {"x-mixed", "2"}}}}));
  REQUIRE(request.headers().size() == 1);
  CHECK(request.headers().begin()->name == "X-Mixed");  // keys arrive sorted by bytes: "X-" < "x-"
  CHECK(request.headers().get_all("X-MIXED") == Strings{"1", "2"});
  CHECK(request.headers().get("x-mixed") == "2");
}

TEST_CASE("http: repeated query parameters and their fallbacks", "[http_event]") {
  const HttpRequest request = parse_ok(event_with({
      {"queryStringParameters", {{"id", "3"}, {"only", "single"}, {"Id", "other"}}},
      {"multiValueQueryStringParameters", {{"id", {"1", "2", "3"}}, {"empty", json::array()}}},
  }));
  CHECK(request.query().get_all("id") == Strings{"1", "2", "3"});
  CHECK(request.query().get("id") == "3");
  CHECK(request.query().get_all("only") == Strings{"single"});
  CHECK(request.query().get("Id") == "other");  // a different parameter
  CHECK_FALSE(request.query().contains("empty"));
}

TEST_CASE("http: missing optional fields are fine", "[http_event]") {
  const HttpRequest request = parse_ok(json{{"httpMethod", "DELETE"}});
  CHECK(request.method() == "DELETE");
  CHECK(request.headers().empty());
  CHECK(request.query().empty());
  CHECK(request.body().empty());
  CHECK_FALSE(request.is_base64_encoded());
  CHECK(request.body_is_utf8());
  CHECK(request.context().request_id.empty());
  CHECK_FALSE(request.context().request_time_epoch.has_value());
}

TEST_CASE("http: null optional fields are treated as absent", "[http_event]") {
  const HttpRequest request = parse_ok(event_with({{"headers", nullptr},
                                                   {"multiValueHeaders", nullptr},
                                                   {"body", nullptr},
                                                   {"isBase64Encoded", nullptr},
                                                   {"requestContext", nullptr},
                                                   {"pathParams", nullptr}}));
  CHECK(request.headers().empty());
  CHECK(request.body().empty());
}

TEST_CASE("http: empty body with isBase64Encoded true is an empty body", "[http_event]") {
  const HttpRequest request = parse_ok(event_with({{"body", ""}, {"isBase64Encoded", true}}));
  CHECK(request.body().empty());
  CHECK(request.is_base64_encoded());
  auto body = request.json_body();
  REQUIRE_FALSE(body.ok());
  CHECK(body.error().message == "request body is empty");
}

TEST_CASE("http: isBase64Encoded true with a body that is not base64", "[http_event]") {
  for (const char* bad : {"aGVsbG8*", "a", "aGVsbG8=x", "aGVs bG8="}) {
    CAPTURE(bad);
    const ycfn::Error error = parse_error(event_with({{"body", bad}, {"isBase64Encoded", true}}));
    CHECK(error.code == "event.bad_base64");
    CHECK(error.message.rfind("event.isBase64Encoded is true but event.body is not valid base64: ", 0) == 0);
  }
  const ycfn::Error error = parse_error(event_with({{"body", "aGVsbG8*"}, {"isBase64Encoded", true}}));
  CHECK(error.message ==
        "event.isBase64Encoded is true but event.body is not valid base64: unexpected character at offset 7");
}

TEST_CASE("http: a body that is not UTF-8", "[http_event]") {
  const std::string bytes("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10);
  const HttpRequest request =
      parse_ok(event_with({{"body", ycfn::base64_encode(bytes)}, {"isBase64Encoded", true}}));
  CHECK(request.body() == bytes);
  CHECK_FALSE(request.body_is_utf8());
  auto body = request.json_body();
  REQUIRE_FALSE(body.ok());
  CHECK(body.error().code == "event.bad_json_body");
  CHECK(body.error().message == "request body is not JSON: it is not valid UTF-8 (byte offset 0)");
}

TEST_CASE("http: a JSON body, plain or base64-encoded", "[http_event]") {
  const std::string text = R"({"name":"Ann","tags":["a","b"]})";
  for (const json& event : {event_with({{"body", text}}),
                            event_with({{"body", ycfn::base64_encode(text)}, {"isBase64Encoded", true}})}) {
    const HttpRequest request = parse_ok(event);
    auto body = request.json_body();
    REQUIRE(body.ok());
    CHECK(body.value()["name"] == "Ann");
    CHECK(body.value()["tags"].size() == 2);
  }
}

TEST_CASE("http: a JSON body too deep or invalid fails cleanly", "[http_event]") {
  auto deep = parse_ok(event_with({{"body", std::string(100000, '[')}})).json_body();
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().code == "event.bad_json_body");
  CHECK(deep.error().message == "request body is nested deeper than 64 levels");

  auto invalid = parse_ok(event_with({{"body", R"({"password": "hunter2",})"}})).json_body();
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().message == "request body is not valid JSON at byte 24");
  CHECK(invalid.error().message.find("hunter2") == std::string::npos);
}

TEST_CASE("http: requestTimeEpoch as an integer, a float, or out of range", "[http_event]") {
  const auto epoch = [](const json& value) {
    return parse_ok(event_with({{"requestContext", {{"requestTimeEpoch", value}}}}))
        .context()
        .request_time_epoch;
  };
  CHECK(epoch(1577370127) == 1577370127);
  CHECK(epoch(-5) == -5);
  CHECK(epoch(1577370127.9) == 1577370127);
  CHECK(epoch(json(9223372036854775807LL)) == 9223372036854775807LL);
  for (const json& bad :
       {json(18446744073709551615ULL), json(1e30), json(-1e30), json("1577370127"), json(true)}) {
    CAPTURE(bad.dump(-1, ' ', false, json::error_handler_t::replace));
    const ycfn::Error error = parse_error(event_with({{"requestContext", {{"requestTimeEpoch", bad}}}}));
    CHECK(error.code == "event.malformed");
    CHECK(error.message.rfind("event.requestContext.requestTimeEpoch must be an integer number of seconds",
                              0) == 0);
  }
}

TEST_CASE("http: a known field of the wrong type is event.malformed, naming field and type", "[http_event]") {
  const std::pair<json, const char*> cases[] = {
      {event_with({{"headers", "Accept: */*"}}),
       "event.headers must be an object of strings (it is a string)"},
      {event_with({{"headers", {{"X-Count", 1}}}}),
       R"(event.headers must be an object of strings ("X-Count" is a number))"},
      {event_with({{"headers", {{"X-Null", nullptr}}}}),
       R"(event.headers must be an object of strings ("X-Null" is null))"},
      {event_with({{"multiValueHeaders", {{"Accept", "*/*"}}}}),
       R"(event.multiValueHeaders must be an object of arrays of strings ("Accept" is a string))"},
      {event_with({{"multiValueHeaders", {{"Accept", {"*/*", 2}}}}}),
       R"(event.multiValueHeaders must be an object of arrays of strings ("Accept"[1] is a number))"},
      {event_with({{"multiValueHeaders", json::array()}}),
       "event.multiValueHeaders must be an object of arrays of strings (it is an array)"},
      {event_with({{"isBase64Encoded", "true"}}), "event.isBase64Encoded must be a boolean (it is a string)"},
      {event_with({{"isBase64Encoded", 1}}), "event.isBase64Encoded must be a boolean (it is a number)"},
      {event_with({{"requestContext", json::array()}}),
       "event.requestContext must be an object (it is an array)"},
      {event_with({{"requestContext", {{"identity", "x"}}}}),
       "event.requestContext.identity must be an object (it is a string)"},
      {event_with({{"requestContext", {{"identity", {{"sourceIp", 1}}}}}}),
       "event.requestContext.identity.sourceIp must be a string (it is a number)"},
      {event_with({{"requestContext", {{"requestId", {1}}}}}),
       "event.requestContext.requestId must be a string (it is an array)"},
      {event_with({{"requestContext", {{"authorizer", "jwt"}}}}),
       "event.requestContext.authorizer must be an object (it is a string)"},
      {event_with({{"requestContext", {{"apiGateway", 1}}}}),
       "event.requestContext.apiGateway must be an object (it is a number)"},
      {event_with({{"body", 5}}), "event.body must be a string (it is a number)"},
      {event_with({{"body", {{"a", 1}}}}), "event.body must be a string (it is an object)"},
      {event_with({{"queryStringParameters", json::array()}}),
       "event.queryStringParameters must be an object of strings (it is an array)"},
      {event_with({{"multiValueQueryStringParameters", {{"a", {nullptr}}}}}),
       R"(event.multiValueQueryStringParameters must be an object of arrays of strings ("a"[0] is null))"},
      {event_with({{"pathParams", "id=1"}}),
       "event.pathParams must be an object of strings or numbers (it is a string)"},
      {event_with({{"pathParameters", {{"id", {{"x", 1}}}}}}),
       R"(event.pathParameters must be an object of strings or numbers ("id" is an object))"},
      {event_with({{"params", {{"id", json::array()}}}}),
       R"(event.params must be an object of strings or numbers ("id" is an array))"},
      {event_with({{"multiValueParams", {{"id", "1"}}}}),
       R"(event.multiValueParams must be an object of arrays of strings or numbers ("id" is a string))"},
      {event_with({{"url", 1}}), "event.url must be a string (it is a number)"},
      {event_with({{"path", false}}), "event.path must be a string (it is a boolean)"},
      {json{{"httpMethod", 5}}, "event.httpMethod must be a string (it is a number)"},
      {json{{"httpMethod", nullptr}}, "event.httpMethod is missing; it must be a string"},
      {json::object(), "event.httpMethod is missing; it must be a string"},
      {json::array(), "event is not a JSON object (it is an array)"},
      {json("GET"), "event is not a JSON object (it is a string)"},
      {json(nullptr), "event is not a JSON object (it is null)"},
  };
  for (const auto& [event, message] : cases) {
    CAPTURE(event.dump(-1, ' ', false, json::error_handler_t::replace));
    const ycfn::Error error = parse_error(event);
    CHECK(error.code == "event.malformed");
    CHECK(error.message == message);
    CHECK_FALSE(error.retryable);
  }
}

TEST_CASE("http: a very long header name is cut in error messages", "[http_event]") {
  const std::string name(10000, 'N');
  const ycfn::Error error = parse_error(event_with({{"headers", {{name, 1}}}}));
  CHECK(error.message.size() < 200);
  CHECK(error.message.find(std::string(64, 'N') + "...\"") != std::string::npos);
}

TEST_CASE("http: the shared-pointer overload keeps the same event", "[http_event]") {
  auto event = std::make_shared<const json>(load("docs/http-post-curl-docs.json"));
  auto parsed = parse_http_event(event);
  REQUIRE(parsed.ok());
  CHECK(&parsed.value().raw() == event.get());
  CHECK_FALSE(parse_http_event(std::shared_ptr<const json>()).ok());
}
