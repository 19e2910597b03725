// parse_event's fast path for large events (core/src/event/large_event.cpp) must give
// exactly what the ordinary parse gives, values and errors alike.
#include <catch2/catch.hpp>

#include <string>

#include "../../core/src/event/large_event.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/request.hpp"

namespace {

// A base64-looking body of `size` bytes.
std::string big_body(std::size_t size) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string body(size, 'A');
  for (std::size_t i = 0; i < size; ++i) body[i] = kAlphabet[(i * 7 + i / 64) % 64];
  return body;
}

// The ordinary path: parse_json_text, then request_from_json.
ycfn::Result<ycfn::Request> ordinary(const std::string& text) {
  auto parsed = ycfn::parse_json_text(text, "event.malformed", "event");
  if (!parsed) return parsed.error();
  return ycfn::request_from_json(std::move(parsed).value());
}

void check_same(const std::string& text) {
  INFO("event of " << text.size() << " bytes, starting " << text.substr(0, 80));
  const auto fast = ycfn::parse_event(text);
  const auto slow = ordinary(text);
  REQUIRE(fast.ok() == slow.ok());
  if (fast.ok()) {
    CHECK(fast.value().raw() == slow.value().raw());
    CHECK(fast.value().kind() == slow.value().kind());
    if (fast.value().http() != nullptr) CHECK(fast.value().http()->body() == slow.value().http()->body());
  } else {
    CHECK(fast.error().code == slow.error().code);
    CHECK(fast.error().message == slow.error().message);
  }
}

std::string http_event(const std::string& body_member, const std::string& extra = "") {
  return R"({"httpMethod":"POST","headers":{"Content-Type":"application/octet-stream","body":"x"},)" + extra +
         body_member + R"(,"isBase64Encoded":true,"queryStringParameters":{"a":"[{"}})";
}

}  // namespace

TEST_CASE("a large event's body is parsed as the ordinary parse would", "[large_event]") {
  const std::string body = big_body(1 << 20);
  check_same(http_event(R"("body":")" + body + "\""));
  check_same(http_event(R"("body" :  ")" + body + "\""));  // spaces around the colon
  check_same("\n {\"body\":\"" + body + "\",\"httpMethod\":\"GET\"}\n");
  auto parsed = ycfn::parse_event(http_event(R"("body":")" + body + "\""));
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value().http() != nullptr);
  CHECK(parsed.value().http()->body().size() == (1u << 20) / 4 * 3);  // base64-decoded
  CHECK(parsed.value().raw()["body"].get_ref<const std::string&>() == body);
}

TEST_CASE("a large body with UTF-8, escapes or control bytes parses the same", "[large_event]") {
  const std::string body = big_body(200000);
  check_same(http_event(R"("body":"привет )" + body + "\""));
  check_same(http_event(R"("body":"a\"b\\c\u0041)" + body + "\""));  // escapes: the ordinary parse
  check_same(http_event("\"body\":\"a\tb" + body + "\""));           // a raw tab: invalid JSON
  check_same(http_event("\"body\":\"\xC3\x28" + body + "\""));       // invalid UTF-8
  check_same(http_event(std::string("\"body\":\"a\0b", 11) + body + "\""));
}

TEST_CASE("a large event with a doubled, nested or spelled-out body key parses the same", "[large_event]") {
  const std::string body = big_body(200000);
  check_same(http_event(R"("body":")" + body + R"(","body":"second")"));  // the last one wins
  check_same(http_event(R"("body":"first","body":")" + body + "\""));
  check_same(http_event(R"("bo\u0064y":"first","body":")" + body + "\""));
  check_same(http_event(R"("nested":{"body":")" + body + R"("},"body":"top")"));
  check_same(http_event(R"("body":{"data":")" + body + R"("})"));  // not a string
  check_same(http_event(R"("note":"body","x":[")" + body + R"("],"body":"small")"));
  check_same(R"(["body",")" + body + R"("])");  // not an object
}

TEST_CASE("a large event with an error anywhere reports it as the ordinary parse does", "[large_event]") {
  const std::string body = big_body(200000);
  check_same(http_event(R"("body":")" + body + "\"", R"("bad":tru,)"));  // before the body
  check_same(http_event(R"("body":")" + body + R"(","bad":nul)"));       // after it
  check_same(http_event(R"("body":")" + body));                          // unterminated
  check_same(http_event(R"("body":")" + body + "\"") + "junk");          // trailing text
  check_same(http_event(R"("body":")" + body + "\"") + std::string(1, '\0'));
  check_same(http_event(R"("body":")" + body + "\"", std::string(70, '[') + std::string(70, ']') + ","));
  check_same(http_event(R"("body":")" + body + R"(","deep":)" + std::string(70, '[') + std::string(70, ']')));
}

TEST_CASE("the fast path is taken exactly when it can give the ordinary answer", "[large_event]") {
  const std::string body = big_body(200000);
  const auto taken = [](const std::string& text) { return ycfn::parse_large_event(text).has_value(); };
  CHECK(taken(http_event(R"("body":")" + body + "\"")));
  CHECK(taken(http_event(R"("body":"привет )" + body + "\"")));
  CHECK(taken(http_event(R"("nested":{"body":"x"},"body":")" + body + "\"")));
  CHECK_FALSE(taken(http_event(R"("body":"a\"b)" + body + "\"")));           // escapes
  CHECK_FALSE(taken(http_event(R"("body":")" + body + R"(","body":"x")")));  // two body members
  CHECK_FALSE(taken(http_event(R"("bo\u0064y":"x","body":")" + body + "\"")));
  CHECK_FALSE(taken(http_event(R"("body":")" + body + R"(","bad":nul)")));  // the ordinary parse reports it
  CHECK_FALSE(
      taken(http_event(R"("body":"small")", R"("pad":")" + body + "\",")));  // the big string is not the body
  CHECK_FALSE(taken(R"({"body":"small"})"));
}
