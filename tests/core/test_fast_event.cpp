// The fast event parse (core/src/event/fast_http_event.cpp) is an optimisation only:
// wherever it answers, its request must be exactly the ordinary (DOM) parse's,
// and everywhere else parse_event must give the ordinary answer, errors and
// their messages included. Each case runs both and compares every field with
// the reference parse (core/src/event/reference_parse.hpp).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../../core/src/event/fast_http_event.hpp"
#include "../../core/src/event/reference_parse.hpp"
#include "fixtures.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/request.hpp"

using ycfn::Request;
using ycfn::Result;

namespace {

using Body = std::optional<std::string_view>;

std::string entries(const ycfn::NamedValues& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& entry : values) out.push_back({entry.name, entry.values});
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void require_same(const Request& a, const Request& b) {
  REQUIRE(a.kind() == b.kind());
  CHECK(a.raw() == b.raw());
  REQUIRE((a.http() == nullptr) == (b.http() == nullptr));
  if (a.http() == nullptr) return;
  const ycfn::HttpRequest& x = *a.http();
  const ycfn::HttpRequest& y = *b.http();
  CHECK(&x.raw() == &a.raw());  // one document for both accessors
  CHECK(x.method() == y.method());
  CHECK(x.path() == y.path());
  CHECK(x.url() == y.url());
  CHECK(entries(x.headers()) == entries(y.headers()));
  CHECK(entries(x.query()) == entries(y.query()));
  CHECK(entries(x.path_params()) == entries(y.path_params()));
  CHECK(entries(x.params()) == entries(y.params()));
  const auto& c = x.context();
  const auto& d = y.context();
  CHECK(c.request_id == d.request_id);
  CHECK(c.source_ip == d.source_ip);
  CHECK(c.user_agent == d.user_agent);
  CHECK(c.request_time == d.request_time);
  CHECK(c.request_time_epoch == d.request_time_epoch);
  CHECK(c.http_method == d.http_method);
  CHECK(c.authorizer == d.authorizer);
  CHECK(c.operation_context == d.operation_context);
  CHECK(x.is_base64_encoded() == y.is_base64_encoded());
  CHECK(x.body() == y.body());
  CHECK(x.body_is_utf8() == y.body_is_utf8());
}

// Checks the agreement on one input; returns whether the fast parse handled it.
bool agrees(std::string_view text, Body body_text = std::nullopt) {
  INFO("event (" << text.size() << " bytes): " << text.substr(0, 300));
  INFO("separate body: " << (body_text ? std::string(body_text->substr(0, 80)) : std::string("none")));
  const auto fast = ycfn::detail::try_fast_http_event(text, body_text);
  const auto dom = ycfn::detail::parse_event_reference(text, body_text);
  const auto full = ycfn::parse_event(text, body_text);
  if (fast) {
    if (!dom.ok()) FAIL("the fast parse accepted what the DOM parse rejects: " + dom.error().message);
    require_same(*fast, dom.value());
  }
  REQUIRE(full.ok() == dom.ok());
  if (full.ok()) {
    require_same(full.value(), dom.value());
  } else {
    CHECK(full.error().code == dom.error().code);
    CHECK(full.error().message == dom.error().message);
  }
  if (!body_text) {
    // The one-argument overload is the same parse.
    const auto one = ycfn::parse_event(text);
    REQUIRE(one.ok() == full.ok());
    if (one.ok()) require_same(one.value(), full.value());
  }
  return fast.has_value();
}

// An HTTP event with `members` appended after httpMethod.
std::string http(const std::string& members) {
  return R"({"httpMethod":"POST")" + (members.empty() ? "" : "," + members) + "}";
}

// The bench's ~1 KB platform event (bench/, /tmp-free copy).
const char* const kBenchEvent =
    R"({"httpMethod":"POST","headers":{"Accept":"*/*","Content-Length":"51","Content-Type":"application/octet-stream","User-Agent":"curl/7.58.0","X-Real-Remote-Address":"[88.99.0.24]:37310","X-Request-Id":"cd0d12cd-c5f1-4348-9dff-c50a78f1eb79","X-Trace-Id":"92c5ad34-54f7-41df-a368-d4361bf376eb"},"path":"","multiValueHeaders":{"Accept":["*/*"],"Content-Length":["51"],"Content-Type":["application/octet-stream"],"User-Agent":["curl/7.58.0"],"X-Real-Remote-Address":["[88.99.0.24]:37310"],"X-Request-Id":["cd0d12cd-c5f1-4348-9dff-c50a78f1eb79"],"X-Trace-Id":["92c5ad34-54f7-41df-a368-d4361bf376eb"]},"queryStringParameters":{"a":"2","b":"1"},"multiValueQueryStringParameters":{"a":["1","2"],"b":["1"]},"requestContext":{"identity":{"sourceIp":"88.99.0.24","userAgent":"curl/7.58.0"},"httpMethod":"POST","requestId":"cd0d12cd-c5f1-4348-9dff-c50a78f1eb79","requestTime":"26/Dec/2019:14:22:07 +0000","requestTimeEpoch":1577370127},"body":"QS3cf6wDFBd7CcGg013nXUMstXx+0vQPC4z3AWAHkz487/yDNKzhDiBlcBUZUlX2/IJ0","isBase64Encoded":true})";

std::string base64_text(std::size_t size) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text(size, 'A');
  for (std::size_t i = 0; i < size; ++i) text[i] = kAlphabet[(i * 7 + i / 64) % 64];
  return text;
}

std::string nested(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

}  // namespace

TEST_CASE("the fast parse handles the platform's documented events, as the DOM parse reads them",
          "[fast_event]") {
  for (const std::string& name : ycfn_test::fixture_names()) {
    if (name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
    if (name.rfind("docs/", 0) != 0 && name.rfind("events/", 0) != 0) continue;
    INFO(name);
    const bool handled = agrees(ycfn_test::fixture(name));
    const nlohmann::json event = nlohmann::json::parse(ycfn_test::fixture(name), nullptr, false);
    // A WebSocket CONNECT has an httpMethod, but is not an HTTP request.
    const bool is_http = event.contains("httpMethod") && !ycfn::is_websocket_event(event);
    CHECK(handled == is_http);  // every documented HTTP shape, and nothing else
  }
  CHECK(agrees(kBenchEvent));
}

TEST_CASE("the fast parse handles large bodies and escapes, as the DOM parse reads them", "[fast_event]") {
  const std::string body = base64_text(1400 * 1024);
  CHECK(agrees(http(R"("isBase64Encoded":true,"body":")" + body + "\"")));
  CHECK(agrees(http(R"("body":")" + body + "\"")));
  CHECK(agrees(http(R"("body":"\"quoted\" )" + body + R"( \u00e9\n")")));
  // The separate body: the text without it, the body beside it.
  CHECK(agrees(http(R"("isBase64Encoded":true)"), body));
}

TEST_CASE("strings: escapes, unicode and surrogate pairs", "[fast_event]") {
  const std::vector<std::string> handled = {
      http(R"("path":"/a\"b\\c\/d\b\f\n\r\tend")"),
      http(R"("path":"\u00e9\u20AC\ud83d\ude00 é€😀")"),
      http(R"("headers":{"X-Nul":"a\u0000b","X-Del":")" + std::string("\x7f") + R"("})"),
      http(R"("headers":{"\u0041ccept":"x","Accept":"y"}})"),  // duplicate once decoded: falls back
      R"({"http\u004dethod":"GET","\u0070ath":"/escaped-keys"})",
      http(R"("body":"caf\u00e9","isBase64Encoded":false)"),
      http(R"("body":"\ud800\udc00\udbff\udfff")"),
  };
  for (std::size_t i = 0; i < handled.size(); ++i) {
    const bool fast = agrees(handled[i]);
    if (i != 3) CHECK(fast);
  }
  const std::vector<std::string> refused = {
      http(R"("path":"\ud800")"),       http(R"("path":"\udc00\ud800")"),
      http(R"("path":"\ud800\u0041")"), http(R"("path":"\ud800x")"),
      http(R"("path":"\u12")"),         http(R"("path":"\u12g4")"),
      http(R"("path":"\x41")"),         http(R"("path":"\)"),
      http(R"("path":"abc)"),           http("\"path\":\"a\tb\""),
      http("\"path\":\"a\nb\""),        http("\"x\":\"\xc0\x80\""),
      http("\"x\":\"\xed\xa0\x80\""),   http("\"x\":\"\xff\""),
      http("\"x\":\"\xe2\x82\""),       http("\"x\":\"\xf4\x90\x80\x80\""),
      http("\"x\":\"a\x80\""),
  };
  for (const std::string& text : refused) CHECK_FALSE(agrees(text));
}

TEST_CASE("numbers of every grammar form, where they are read and where skipped", "[fast_event]") {
  const std::vector<std::string> valid = {"0",
                                          "-0",
                                          "7",
                                          "-7",
                                          "1.5",
                                          "-1.5",
                                          "0.25",
                                          "1e5",
                                          "1E5",
                                          "1e+5",
                                          "1e-5",
                                          "-1.5E-10",
                                          "0e0",
                                          "1e-400",
                                          "123456789012345678901234567890",
                                          "1e307",
                                          "9.9e307",
                                          "18446744073709551615",
                                          "-9223372036854775808"};
  for (const std::string& n : valid) {
    CHECK(agrees(http(R"("skipped":[)" + n + R"(,{"n":)" + n + "}]")));
    agrees(http(R"("params":{"n":)" + n + "}"));
    agrees(http(R"("multiValueParameters":{"n":[)" + n + "]}"));
    agrees(http(R"("requestContext":{"requestTimeEpoch":)" + n + "}"));
  }
  // Integers params keep as their text; epochs the platform sends.
  CHECK(agrees(http(R"("params":{"a":42,"b":-7,"c":0,"d":true,"e":false,"f":"s"})")));
  CHECK(agrees(http(R"("requestContext":{"requestTimeEpoch":1577370127})")));
  CHECK(agrees(http(R"("requestContext":{"requestTimeEpoch":-5})")));
  CHECK(agrees(http(R"("requestContext":{"requestTimeEpoch":null})")));
  const std::vector<std::string> invalid = {"01",  "-",   "+1",  ".5",       "1.",    "1.e5",   "1e", "1e+",
                                            "--1", "0x1", "NaN", "Infinity", "1e400", "-1e999", "1 2"};
  for (const std::string& n : invalid) {
    CHECK_FALSE(agrees(http(R"("skipped":)" + n)));
    CHECK_FALSE(agrees(http(R"("params":{"n":)" + n + "}")));
  }
}

TEST_CASE("the maps: order, case, multi and single values, nulls", "[fast_event]") {
  const std::vector<std::string> handled = {
      http(R"("headers":{"b":"2","A":"1","a":"3","B":"4"})"),
      http(
          R"("multiValueHeaders":{"x-a":["1","2"],"X-A":["3"],"Y":[]},"headers":{"y":"s","x-a":"n","Z":"z"})"),
      http(
          R"("multiValueQueryStringParameters":{"a":["1","2"],"A":["3"],"e":[]},"queryStringParameters":{"a":"2","e":"x","f":"y"})"),
      http(R"("pathParams":{"id":42},"pathParameters":{"id":"7"})"),
      http(R"("pathParameters":{"id":"7","ok":true})"),
      http(R"("pathParams":null,"pathParameters":{"id":"7"})"),
      http(
          R"("multiValueParams":{"a":[1,"x",false]},"params":{"a":1,"b":"2"},"multiValueParameters":{"z":["1"]},"parameters":{"y":"1"})"),
      http(R"("multiValueParameters":{"z":["1","2"]},"parameters":{"z":"2","y":"1"})"),
      http(
          R"("headers":null,"multiValueHeaders":null,"queryStringParameters":null,"multiValueQueryStringParameters":null,"pathParameters":null,"parameters":null,"multiValueParameters":null,"body":null,"isBase64Encoded":null,"requestContext":null,"url":null,"path":null)"),
      http(R"("headers":{},"multiValueHeaders":{},"requestContext":{}, "body":"")"),
      http(R"("url":"/pets/42?verbose=true#frag","path":"/pets/{id}")"),
      http(R"("url":"/p#f?q","path":"/x")"),
      http(R"("url":"","path":"/x")"),
      // Unread members may repeat (the DOM keeps the last; raw() is the DOM's).
      http(R"("other":1,"other":{"a":[1,2,{"b":null}]},"messages":[1])"),
      " \t\r\n{ \"httpMethod\" : \"GET\" , \"headers\" : { \"a\" : \"b\" } , \"x\" : [ 1 , true , false , "
      "null ] } \n",
  };
  for (const std::string& text : handled) CHECK(agrees(text));
}

TEST_CASE("the request context", "[fast_event]") {
  const std::vector<std::string> handled = {
      http(
          R"("requestContext":{"requestId":"r","requestTime":"t","httpMethod":"GET","identity":{"sourceIp":"1.2.3.4","userAgent":"ua","x":[1]},"other":{"a":1}})"),
      http(R"("requestContext":{"identity":null,"authorizer":null,"apiGateway":null,"requestId":null})"),
      http(R"("requestContext":{"authorizer":{"jwt":{"claims":{"sub":"u","n":1.5,"dup":1,"dup":2}}}})"),
      http(R"("requestContext":{"apiGateway":{"operationContext":{"a":[1,{"b":"c"}]}}})"),
      http(R"("requestContext":{"apiGateway":{"operationContext":null,"other":1}})"),
      http(R"("requestContext":{"apiGateway":{"x":1}})"),
  };
  for (const std::string& text : handled) CHECK(agrees(text));
}

TEST_CASE("wrong types, duplicates and other events fall back to the DOM parse, with its errors",
          "[fast_event]") {
  const std::vector<std::string> refused = {
      // Not HTTP events.
      "{}",
      R"({"messages":[{"event_metadata":{}}]})",
      R"({"foo":1})",
      R"({"httpmethod":"GET"})",
      // httpMethod itself.
      R"({"httpMethod":null})",
      R"({"httpMethod":5})",
      R"({"httpMethod":["GET"]})",
      // Wrong types of fields read.
      http(R"("headers":"x")"),
      http(R"("headers":{"a":1})"),
      http(R"("headers":{"a":null})"),
      http(R"("multiValueHeaders":{"a":"x"})"),
      http(R"("multiValueHeaders":{"a":[1]})"),
      http(R"("multiValueHeaders":{"a":[null]})"),
      http(R"("multiValueHeaders":[])"),
      http(R"("queryStringParameters":[])"),
      http(R"("multiValueQueryStringParameters":{"a":[true]})"),
      http(R"("path":5)"),
      http(R"("url":true)"),
      http(R"("isBase64Encoded":"true")"),
      http(R"("isBase64Encoded":1)"),
      http(R"("body":5)"),
      http(R"("body":{})"),
      http(R"("body":["x"])"),
      http(R"("requestContext":[])"),
      http(R"("requestContext":"x")"),
      http(R"("requestContext":{"requestId":5})"),
      http(R"("requestContext":{"identity":"x"})"),
      http(R"("requestContext":{"identity":{"sourceIp":1}})"),
      http(R"("requestContext":{"requestTimeEpoch":"1"})"),
      http(R"("requestContext":{"requestTimeEpoch":1.5})"),
      http(R"("requestContext":{"requestTimeEpoch":1e3})"),
      http(R"("requestContext":{"requestTimeEpoch":99999999999999999999})"),
      http(R"("requestContext":{"requestTimeEpoch":true})"),
      http(R"("requestContext":{"authorizer":"x"})"),
      http(R"("requestContext":{"authorizer":[]})"),
      http(R"("requestContext":{"apiGateway":5})"),
      http(R"("params":{"a":null})"),
      http(R"("params":{"a":1.5})"),
      http(R"("params":{"a":-0})"),
      http(R"("params":{"a":1e2})"),
      http(R"("params":{"a":{}})"),
      http(R"("pathParameters":{"a":[]})"),
      http(R"("multiValueParams":{"a":"x"})"),
      // Duplicates of keys read.
      R"({"httpMethod":"GET","httpMethod":"POST"})",
      http(R"("headers":{"a":"1"},"headers":{"b":"2"})"),
      http(R"("headers":{"a":"1","a":"2"})"),
      http(R"("multiValueHeaders":{"a":["1"],"a":["2"]})"),
      http(R"("path":"/a","path":"/b")"),
      http(R"("body":"a","body":"b")"),
      http(R"("body":null,"body":"b")"),
      http(R"("requestContext":{"requestId":"a","requestId":"b"})"),
      http(R"("requestContext":{"identity":{"sourceIp":"a","sourceIp":"b"}})"),
      http(R"("requestContext":{},"requestContext":{"requestId":"b"})"),
      // Bad base64.
      http(R"("isBase64Encoded":true,"body":"not base64!")"),
      http(R"("isBase64Encoded":true,"body":"QQ=")"),
  };
  for (const std::string& text : refused) CHECK_FALSE(agrees(text));
  // Base64 with an absent or null body is an empty body, as the DOM parse reads it.
  CHECK(agrees(http(R"("isBase64Encoded":true)")));
  CHECK(agrees(http(R"("isBase64Encoded":true,"body":null)")));
  CHECK(agrees(http(R"("isBase64Encoded":true,"body":"")")));
}

TEST_CASE("invalid JSON, NUL bytes and deep nesting fall back to the DOM parse", "[fast_event]") {
  using namespace std::string_literals;
  const std::vector<std::string> refused = {
      "",
      " ",
      "[]",
      "\"x\"",
      "1",
      "null",
      "true",
      R"({"httpMethod":"GET",})",
      R"({"httpMethod" "GET"})",
      R"({'httpMethod':"GET"})",
      R"({"httpMethod":"GET")",
      R"({"httpMethod":"GET"} x)",
      R"({"httpMethod":"GET"}{})",
      R"({"httpMethod":"GET",,"a":1})",
      R"({"httpMethod":"GET","a":[1,]})",
      R"({"httpMethod":"GET","a":[1 2]})",
      R"({"httpMethod":"GET","a":tru})",
      R"({"httpMethod":"GET","a":nul})",
      R"({"httpMethod":"GET","a":falsey})",
      R"({"httpMethod":"GET","a":{1:2}})",
      R"({"httpMethod":"GET" /* c */})",
      "\xEF\xBB\xBF{\"httpMethod\":\"GET\"}",
      "{\"httpMethod\":\"GET\"}\0"s,
      "{\"httpMethod\":\"GET\",\0\"a\":1}"s,
      "{\"httpMethod\":\"G\0T\"}"s,
      "{\"httpMethod\":\"GET\"\f}",
      "{\"httpMethod\":\"GET\"\v}",
      http(R"("deep":)" + nested(64)),
      http(R"("deep":{"a":)" + nested(63) + "}"),
      http(R"("requestContext":{"authorizer":{"a":)" + nested(62) + "}}"),
  };
  for (const std::string& text : refused) CHECK_FALSE(agrees(text));
  // Exactly at the limit: the top-level object is level 1.
  CHECK(agrees(http(R"("deep":)" + nested(63))));
  CHECK(agrees(http(R"("requestContext":{"authorizer":{"a":)" + nested(61) + "}}")));
}

TEST_CASE("a separate body", "[fast_event]") {
  const std::string base = R"({"httpMethod":"POST","headers":{"Content-Type":"text/plain"}})";
  CHECK(agrees(base, std::string_view("hello, world")));
  CHECK(agrees(base, std::string_view("")));
  CHECK(agrees(base, std::string_view("caf\xc3\xa9 \"quoted\" \\ \n\t \x01")));
  CHECK(agrees(http(R"("isBase64Encoded":true)"), std::string_view("aGVsbG8=")));
  // raw() holds the body, as a member of the text would.
  auto fast = ycfn::detail::try_fast_http_event(base, std::string_view("hi"));
  REQUIRE(fast);
  CHECK(fast->raw()["body"] == "hi");
  CHECK(fast->http()->body() == "hi");
  // A base64 body the decoder reads back exactly is written again from the
  // decoded bytes when raw() is first read; an unpadded one is kept as sent.
  const std::string base64_event = http(R"("isBase64Encoded":true)");
  for (const std::string_view text :
       {"aGVsbG8=", "aGVsbA==", "aGVs", "", "aGVsbG8", "aGVsbA", "+/+/", "AAAAAAAA"}) {
    CAPTURE(text);
    CHECK(agrees(base64_event, text));
    auto base64 = ycfn::detail::try_fast_http_event(base64_event, text);
    REQUIRE(base64);
    const auto copy = *base64;
    CHECK(base64->raw()["body"] == text);
    CHECK(copy.http()->raw()["body"] == text);  // one document, whichever request reads it
  }
  // Bits set past the last byte: refused by the strict decoder, on both paths.
  for (const std::string_view text : {"aGVsbB==", "aGVsbG9="}) {
    CAPTURE(text);
    CHECK_FALSE(agrees(base64_event, text));
    const auto parsed = ycfn::parse_event(base64_event, text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "event.bad_base64");
  }

  // Errors: the ordinary parse gives them, the text's own first.
  const auto error_of = [](std::string_view text, std::string_view body) {
    const auto parsed = ycfn::parse_event(text, body);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "event.malformed");
    return parsed.error().message;
  };
  CHECK_FALSE(agrees(http(R"("body":"x")"), std::string_view("y")));
  CHECK(error_of(http(R"("body":"x")"), "y") == "event has a body member and a separate body");
  CHECK_FALSE(agrees(http(R"("body":null)"), std::string_view("y")));
  CHECK(error_of(http(R"("body":null)"), "y") == "event has a body member and a separate body");
  CHECK_FALSE(agrees(base, std::string_view("\xff")));
  CHECK(error_of(base, "\xff") == "the separate body is not valid UTF-8");
  CHECK_FALSE(agrees("{", std::string_view("\xff")));
  CHECK(error_of("{", "\xff") == "event is not valid JSON at byte 2");
  CHECK_FALSE(agrees("[1]", std::string_view("x")));
  CHECK(error_of("[1]", "x") == "event is not a JSON object (it is an array)");
  CHECK_FALSE(agrees(http(R"("isBase64Encoded":true)"), std::string_view("!!")));
  // A base64 body is proved UTF-8 by its strict decode, so these must still
  // reach the ordinary parse and get its errors: not UTF-8 first, then not base64.
  CHECK_FALSE(agrees(http(R"("isBase64Encoded":true)"), std::string_view("aGVs\xff")));
  CHECK(error_of(http(R"("isBase64Encoded":true)"), "aGVs\xff") == "the separate body is not valid UTF-8");
  CHECK_FALSE(agrees(http(R"("isBase64Encoded":true)"), std::string_view("aGVs\xc3\xa9")));
  const auto accented =
      ycfn::parse_event(http(R"("isBase64Encoded":true)"), std::string_view("aGVs\xc3\xa9"));
  REQUIRE_FALSE(accented.ok());
  CHECK(accented.error().code == "event.bad_base64");
  // Not HTTP: the ordinary parse, with the body added to raw().
  CHECK_FALSE(agrees(R"({"other":1})", std::string_view("b")));
  const auto other = ycfn::parse_event(R"({"other":1})", std::string_view("b"));
  REQUIRE(other.ok());
  CHECK(other.value().raw()["body"] == "b");
}

TEST_CASE("single-byte mutations of an event: the fast parse never disagrees", "[fast_event]") {
  const std::string base =
      R"({"httpMethod":"GET","headers":{"A":"1"},"multiValueHeaders":{"a":["1","2"]},"params":{"n":12},)"
      R"("requestContext":{"requestTimeEpoch":15,"identity":{"sourceIp":"ip"}},"x":[1.5e2,null],"body":"QUI=","isBase64Encoded":true})";
  const std::string replacements = std::string("\"\\{}[],:0-e.n \x80\xc3", 16) + std::string(1, '\0');
  int handled = 0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    std::string removed = base;
    removed.erase(i, 1);
    handled += agrees(removed) ? 1 : 0;
    for (const char c : replacements) {
      std::string replaced = base;
      replaced[i] = c;
      handled += agrees(replaced) ? 1 : 0;
    }
  }
  CHECK(handled > 0);
}
