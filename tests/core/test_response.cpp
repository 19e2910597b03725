#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/response.hpp"

using nlohmann::json;
using ycfn::kMaxResponseBytes;
using ycfn::LogBuffer;
using ycfn::LogLevel;
using ycfn::render_response;
using ycfn::Response;
using Strings = std::vector<std::string>;

namespace {

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

json body_json(const json& rendered) {
  json body = json::parse(rendered["body"].get<std::string>(), nullptr, false);
  REQUIRE_FALSE(body.is_discarded());
  return body;
}

std::size_t count_level(const LogBuffer& log, LogLevel level) {
  std::size_t n = 0;
  for (const auto& record : log.records()) n += record.level == level ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("response: text renders as the platform's result object", "[response]") {
  LogBuffer log;
  const json out = render_response(Response::text("hello"), log);
  CHECK(out == json{{"statusCode", 200},
                    {"headers", {{"Content-Type", "text/plain; charset=utf-8"}}},
                    {"multiValueHeaders", json::object()},
                    {"body", "hello"},
                    {"isBase64Encoded", false}});
  CHECK(log.records().empty());

  const Response custom = Response::text("<p>hi</p>", 201, "text/html");
  CHECK(custom.status() == 201);
  CHECK(custom.headers().get("content-type") == "text/html");
  CHECK(custom.body() == "<p>hi</p>");
  CHECK_FALSE(custom.is_binary());
  CHECK_FALSE(custom.is_failure());
}

TEST_CASE("response: json serializes the body compactly", "[response]") {
  LogBuffer log;
  const Response r = Response::json({{"ok", true}, {"items", {1, 2}}}, 202);
  CHECK(r.body() == R"({"items":[1,2],"ok":true})");
  const json out = render_response(r, log);
  CHECK(out["statusCode"] == 202);
  CHECK(out["headers"]["Content-Type"] == "application/json");
  CHECK(body_json(out)["items"][1] == 2);
  CHECK(out["isBase64Encoded"] == false);
}

TEST_CASE("response: json with invalid UTF-8 in a string does not abort", "[response]") {
  LogBuffer log;
  const Response r = Response::json({{"name", std::string("bad \xC3\x28")}});
  CHECK(r.body().find("\xEF\xBF\xBD") != std::string::npos);  // replaced by U+FFFD
  CHECK(render_response(r, log)["isBase64Encoded"] == false);
}

TEST_CASE("response: binary bodies go out base64-encoded", "[response]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  LogBuffer log;
  const Response r = Response::binary(bytes, "application/octet-stream");
  CHECK(r.is_binary());
  CHECK(r.body() == bytes);
  const json out = render_response(r, log);
  CHECK(out["isBase64Encoded"] == true);
  CHECK(out["headers"]["Content-Type"] == "application/octet-stream");
  auto decoded = ycfn::base64_decode(out["body"].get<std::string>());
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == bytes);
  CHECK(log.records().empty());  // binary is not a warning
}

TEST_CASE("response: a text body that is not UTF-8 is sent as base64 with a WARN", "[response]") {
  const std::string bytes("caf\xE9", 4);  // Latin-1, not UTF-8
  LogBuffer log;
  const json out = render_response(Response::text(bytes), log);
  CHECK(out["isBase64Encoded"] == true);
  CHECK(ycfn::base64_decode(out["body"].get<std::string>()).value() == bytes);
  REQUIRE(log.records().size() == 1);
  CHECK(log.records()[0].level == LogLevel::warn);
  CHECK(log.records()[0].msg ==
        "response body is not valid UTF-8 (byte offset 3); sending it base64-encoded");
}

TEST_CASE("response: empty has no body and no headers", "[response]") {
  LogBuffer log;
  CHECK(render_response(Response::empty(), log) == json{{"statusCode", 204},
                                                        {"headers", json::object()},
                                                        {"multiValueHeaders", json::object()},
                                                        {"body", ""},
                                                        {"isBase64Encoded", false}});
  CHECK(render_response(Response::empty(404), log)["statusCode"] == 404);
  CHECK(Response().status() == 204);
  CHECK(Response().body().empty());
}

TEST_CASE("response: failure bodies have the platform's error shape", "[response]") {
  // The platform's own 502 body: errorMessage and errorType (plus what it adds).
  const json platform =
      json::parse(ycfn_test::fixture("docs/malformed-response-error-docs.json"), nullptr, false);
  REQUIRE(platform.is_object());
  REQUIRE(platform["errorMessage"].is_string());
  REQUIRE(platform["errorType"].is_string());

  LogBuffer log;
  const Response r = Response::failure("handler.failed", "database is down");
  CHECK(r.is_failure());
  CHECK(r.error_type() == "handler.failed");
  CHECK(r.status() == 500);
  CHECK(r.body() == R"({"errorMessage":"database is down","errorType":"handler.failed"})");
  const json out = render_response(r, log);
  CHECK(out["statusCode"] == 500);
  CHECK(out["headers"]["Content-Type"] == "application/json");
  const json body = body_json(out);
  CHECK(keys_of(body) == std::set<std::string>{"errorMessage", "errorType"});
  for (const auto& key : keys_of(body)) {
    CAPTURE(key);
    CHECK(platform.contains(key));
    CHECK(platform[key].type() == body[key].type());
  }
  CHECK(Response::failure("Forbidden", "no", 403).status() == 403);
}

TEST_CASE("response: from_error uses the error's code as errorType", "[response]") {
  const Response r =
      Response::from_error(ycfn::make_error("event.malformed", "event is not a JSON object"), 400);
  CHECK(r.status() == 400);
  CHECK(r.is_failure());
  LogBuffer log;
  const json body = body_json(render_response(r, log));
  CHECK(body == json{{"errorMessage", "event is not a JSON object"}, {"errorType", "event.malformed"}});
}

TEST_CASE("response: header replaces, add_header adds; multi-value names render apart", "[response]") {
  const Response r = Response::text("x")
                         .header("X-Single", "1")
                         .header("x-single", "2")  // replaces, keeps the first spelling
                         .add_header("Set-Cookie", "a=1; Path=/")
                         .add_header("set-cookie", "b=2; Path=/")
                         .header("content-type", "text/csv");  // replaces the factory's
  CHECK(r.headers().get_all("x-single") == Strings{"2"});
  LogBuffer log;
  const json out = render_response(r, log);
  CHECK(out["headers"] == json{{"Content-Type", "text/csv"}, {"X-Single", "2"}});
  CHECK(out["multiValueHeaders"] == json{{"Set-Cookie", {"a=1; Path=/", "b=2; Path=/"}}});
  CHECK(log.records().empty());

  Response variable = Response::empty();
  variable.header("A", "1").add_header("A", "2");
  CHECK(variable.headers().get_all("a") == Strings{"1", "2"});
}

TEST_CASE("response: headers the platform rejects are dropped, one WARN each", "[response]") {
  LogBuffer log;
  const json out = render_response(Response::text("x")
                                       .add_header("Transfer-Encoding", "chunked")
                                       .add_header("transfer-encoding", "gzip")
                                       .header("via", "1.1 proxy")
                                       .header("PROXY-AUTHENTICATE", "Basic")
                                       .header("X-Kept", "yes"),
                                   log);
  CHECK(keys_of(out["headers"]) == std::set<std::string>{"Content-Type", "X-Kept"});
  CHECK(out["multiValueHeaders"].empty());
  REQUIRE(log.records().size() == 3);
  const char* names[] = {"Transfer-Encoding", "via", "PROXY-AUTHENTICATE"};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& record = log.records()[i];
    CHECK(record.level == LogLevel::warn);
    CHECK(record.msg == std::string("dropped response header ") + names[i] +
                            ": the platform rejects responses that set it");
    CHECK(record.fields == std::vector<std::pair<std::string, std::string>>{{"header", names[i]}});
  }
}

TEST_CASE("response: header injection and invalid names are dropped with a WARN", "[response]") {
  const std::pair<std::string, std::string> bad[] = {
      {"X-Evil", "a\r\nSet-Cookie: owned=1"},
      {"X-Lf", "a\nb"},
      {"X-Nul", std::string("a\0b", 3)},
      {"X-Bad\r\nName", "v"},
      {std::string("X-\0", 3), "v"},
      {"Bad Name", "v"},
      {"X-Colon:", "v"},
      {"", "v"},
      {"X-Latin1", "caf\xE9"},
  };
  for (const auto& [name, value] : bad) {
    CAPTURE(name, value);
    LogBuffer log;
    const json out = render_response(Response::text("x").header(name, value), log);
    CHECK(keys_of(out["headers"]) == std::set<std::string>{"Content-Type"});
    REQUIRE(log.records().size() == 1);
    CHECK(log.records()[0].level == LogLevel::warn);
    CHECK(log.records()[0].msg.rfind("dropped response header ", 0) == 0);
    CHECK(dump(out).find("owned") == std::string::npos);
  }
  // Tabs, quotes and non-ASCII UTF-8 in values are fine.
  LogBuffer log;
  const json out = render_response(
      Response::text("x").header("X-Ok", "a\tb \"q\" \xD0\xBF").header("X-Token!#$%&'*+-.^_`|~09", "v"), log);
  CHECK(out["headers"].size() == 3);
  CHECK(log.records().empty());
}

TEST_CASE("response: a status outside 100..599 becomes a 500 handler.bad_status", "[response]") {
  for (int status : {-1, 0, 99, 600, 1000, 2147483647}) {
    CAPTURE(status);
    LogBuffer log;
    const json out = render_response(Response::text("fine", status).header("X-Extra", "1"), log);
    CHECK(out["statusCode"] == 500);
    CHECK_FALSE(out["headers"].contains("X-Extra"));
    const json body = body_json(out);
    CHECK(body["errorType"] == "handler.bad_status");
    CHECK(body["errorMessage"] ==
          "handler returned HTTP status " + std::to_string(status) + "; a status must be 100..599");
    REQUIRE(count_level(log, LogLevel::error) == 1);
    CHECK(log.records()[0].fields[0].second == "handler.bad_status");
  }
  for (int status : {100, 200, 302, 599}) {
    LogBuffer log;
    CHECK(render_response(Response::empty(status), log)["statusCode"] == status);
    CHECK(log.records().empty());
  }
}

TEST_CASE("response: a result just under the 3.5 MB limit passes, just over fails", "[response]") {
  // The rendered size is the body plus a fixed overhead for this shape.
  LogBuffer probe;
  const std::size_t overhead = dump(render_response(Response::text(""), probe)).size();
  const std::size_t fits = kMaxResponseBytes - overhead;

  SECTION("exactly the limit") {
    LogBuffer log;
    const json out = render_response(Response::text(std::string(fits, 'a')), log);
    CHECK(dump(out).size() == kMaxResponseBytes);
    CHECK(out["statusCode"] == 200);
    CHECK(log.records().empty());
  }
  SECTION("one byte over") {
    LogBuffer log;
    const json out = render_response(Response::text(std::string(fits + 1, 'a')), log);
    CHECK(out["statusCode"] == 500);
    const json body = body_json(out);
    CHECK(body["errorType"] == "response.too_large");
    CHECK(body["errorMessage"] == "handler response is 3500001 bytes; the platform limit is 3500000");
    REQUIRE(log.records().size() == 1);
    CHECK(log.records()[0].level == LogLevel::error);
    CHECK(log.records()[0].msg == "handler response is 3500001 bytes; the platform limit is 3500000");
  }
  SECTION("escaping counts: quotes take two bytes each in JSON") {
    LogBuffer log;
    const json out = render_response(Response::text(std::string(fits / 2 + 1, '"')), log);
    CHECK(out["statusCode"] == 500);
  }
  SECTION("base64 counts: 2.7 MB of binary is 3.6 MB rendered") {
    LogBuffer log;
    const json out = render_response(Response::binary(std::string(2700000, '\x01'), "image/png"), log);
    CHECK(body_json(out)["errorType"] == "response.too_large");
    CHECK(out["isBase64Encoded"] == false);
  }
}

TEST_CASE("response: render_response_text is render_response's JSON as compact text", "[response]") {
  const std::size_t overhead = [] {
    LogBuffer probe;
    return dump(render_response(Response::text(""), probe)).size();
  }();
  const std::vector<Response> responses = {
      Response::text("hello \"world\"\n"),
      Response::json({{"b", 1}, {"a", {1, 2, "\xC3\xA9"}}}),
      Response::binary(std::string("\x00\xFF\x10", 3), "application/octet-stream"),
      Response::text("bad \xC3\x28 utf-8"),                                // sent base64-encoded, with a WARN
      Response::text("x").header("Via", "proxy").header("X-Ok", "1"),      // a dropped header
      Response::text("x", 700),                                            // a bad status
      Response::text(std::string(kMaxResponseBytes - overhead + 1, 'a')),  // too large
      Response::failure("my.code", "it failed", 503),
  };
  for (const Response& response : responses) {
    LogBuffer json_log;
    LogBuffer text_log;
    const std::string expected = dump(render_response(response, json_log));
    const std::string text = ycfn::render_response_text(response, text_log);
    CHECK(text == expected);
    CHECK(text_log.records().size() == json_log.records().size());
  }
}

TEST_CASE("response: an authorizer answer renders as {context, isAuthorized}, not an HTTP result",
          "[response]") {
  LogBuffer log;
  const json documented =
      json::parse(ycfn_test::fixture("events/api-gateway/authorizer-response-docs.json"), nullptr, false);
  const Response allow = Response::authorizer(true, documented["context"]);
  CHECK(allow.is_authorizer());
  CHECK(allow.is_authorized());
  CHECK(render_response(allow, log) == documented);
  CHECK(ycfn::render_response_text(allow, log) ==
        R"({"context":{"arrayKey":["value1","value2"],"booleanKey":true,"mapKey":{"value1":"value2"},)"
        R"("numberKey":1,"stringKey":"value"},"isAuthorized":true})");

  const Response deny = Response::authorizer(false);
  CHECK(ycfn::render_response_text(deny, log) == R"({"context":{},"isAuthorized":false})");
  // Headers have no place in it; an HTTP response is unchanged by the new kind.
  CHECK(ycfn::render_response_text(Response::authorizer(true).header("X-A", "1"), log) ==
        R"({"context":{},"isAuthorized":true})");
  CHECK_FALSE(Response::text("x").is_authorizer());
  CHECK(log.records().empty());
}

TEST_CASE("response: a broken authorizer answer denies, with an ERROR record", "[response]") {
  for (const json& context : {json(nullptr), json("subject"), json::array({1}), json(7)}) {
    CAPTURE(context.dump());
    LogBuffer log;
    CHECK(ycfn::render_response_text(Response::authorizer(true, context), log) ==
          R"({"context":{},"isAuthorized":false})");
    CHECK(count_level(log, LogLevel::error) == 1);
  }
  LogBuffer log;
  const json huge = {{"blob", std::string(kMaxResponseBytes, 'a')}};
  CHECK(ycfn::render_response_text(Response::authorizer(true, huge), log) ==
        R"({"context":{},"isAuthorized":false})");
  CHECK(count_level(log, LogLevel::error) == 1);
  // Invalid UTF-8 in the context cannot abort: replaced, as every dump is.
  LogBuffer utf8_log;
  const json bad = {{"name", std::string("\xff", 1)}};
  CHECK(ycfn::render_response_text(Response::authorizer(true, bad), utf8_log) ==
        "{\"context\":{\"name\":\"\xef\xbf\xbd\"},\"isAuthorized\":true}");
}
