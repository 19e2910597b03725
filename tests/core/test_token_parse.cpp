#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/detail/token_parse.hpp"

using ycfn::kMaxTokenBodyBytes;
using ycfn::kMaxTokenJsonDepth;
using ycfn::parse_token_body;
using ycfn::parse_token_object;

namespace {

constexpr std::int64_t kNow = 1764330000000;
const std::string kSecret = "t1.9euelZqUjM2Wk5DKkJ7Nz5yWl5ONmpOLy8mWj4-SECRET-Qm9keSBzaG91bGQgbmV2ZXI";

// A token reply whose access_token is `token` (JSON-escaped as a server would),
// with raw JSON text for the other two fields.
std::string body_with(const std::string& token, const std::string& expires_in = "3600",
                      const std::string& token_type = R"("Bearer")") {
  const std::string quoted =
      nlohmann::json(token).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return R"({"access_token":)" + quoted + R"(,"expires_in":)" + expires_in + R"(,"token_type":)" +
         token_type + "}";
}

// `body` padded with spaces before its closing brace to exactly `size` bytes.
std::string padded_to(std::string body, std::size_t size) {
  body.insert(body.size() - 1, std::string(size - body.size(), ' '));
  return body;
}

// True if any 8-byte window of `secret` occurs in `text`.
bool leaks(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 8)) != std::string::npos) return true;
  }
  return false;
}

struct Rejected {
  const char* name;
  std::string body;
  std::string message_part;
};

}  // namespace

TEST_CASE("the docs' metadata reply parses", "[token_parse]") {
  const std::string& body = ycfn_test::fixture("docs/metadata-token-response-docs.json");
  auto token = parse_token_body(body, kNow);
  REQUIRE(token.ok());
  CHECK(token->access_token == "CggVAgAAA...");
  CHECK(token->expires_in_s == 39944);
  CHECK(token->token_type == "Bearer");
  CHECK(token->obtained_at_ms == kNow);
  CHECK(token->expires_at_ms() == kNow + 39944 * 1000);
  CHECK(token->authorization_header() == "Bearer CggVAgAAA...");
}

TEST_CASE("token bodies the rules accept", "[token_parse]") {
  const std::pair<const char*, std::string> accepted[] = {
      {"Bearer", body_with(kSecret)},
      {"bearer", body_with(kSecret, "3600", R"("bearer")")},
      {"BEARER", body_with(kSecret, "3600", R"("BEARER")")},
      {"bEaReR", body_with(kSecret, "3600", R"("bEaReR")")},
      {"expires_in 1", body_with(kSecret, "1")},
      {"expires_in 86400", body_with(kSecret, "86400")},
      {"a leading BOM", "\xEF\xBB\xBF" + body_with(kSecret)},
      {"whitespace around", " \r\n\t" + body_with(kSecret) + " \n"},
      {"extra fields",
       R"({"scope":"x","access_token":")" + kSecret +
           R"(","nested":{"a":[1,2,{"b":null}]},"expires_in":3600,"token_type":"Bearer","n":1.5})"},
      {"fields in another order",
       R"({"token_type":"Bearer","expires_in":3600,"access_token":")" + kSecret + R"("})"},
      {"brackets inside strings do not count as depth",
       R"({"x":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{","y":"\"[[[[[[[[[[[[[[[[[[[[[[[[[","access_token":")" +
           kSecret + R"(","expires_in":3600,"token_type":"Bearer"})"},
      {"every printable ASCII character",
       body_with(std::string("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTU"
                             "VWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"))},
  };
  for (const auto& [name, body] : accepted) {
    CAPTURE(name);
    auto token = parse_token_body(body, kNow);
    REQUIRE(token.ok());
    CHECK(token->expires_in_s >= 1);
    CHECK(token->obtained_at_ms == kNow);
  }
  auto lower = parse_token_body(body_with(kSecret, "3600", R"("bearer")"), kNow);
  REQUIRE(lower.ok());
  CHECK(lower->token_type == "bearer");  // kept as received
  CHECK(lower->access_token == kSecret);
}

TEST_CASE("token bodies the rules reject, with messages that describe the shape", "[token_parse]") {
  const std::vector<Rejected> rejected = {
      // Not a JSON object.
      {"empty body", "", "body is empty"},
      {"only a BOM", "\xEF\xBB\xBF", "body is empty"},
      {"truncated JSON", R"({"access_token":")" + kSecret + R"(","expires_in":36)", "truncated"},
      {"truncated in a string", R"({"access_token":")" + kSecret, "truncated"},
      {"non-JSON", "<html><body>" + kSecret + "</body></html>", "syntax error at offset 0 of"},
      {"form-encoded", "access_token=" + kSecret + "&expires_in=3600", "syntax error at offset 0"},
      {"trailing garbage", body_with(kSecret) + "x", "syntax error at offset"},
      {"invalid UTF-8", "{\"access_token\":\"\xC3\x28" + kSecret + "\"}", "not UTF-8"},
      {"a JSON array", R"([{"access_token":")" + kSecret + R"(","expires_in":3600,"token_type":"Bearer"}])",
       "expected a JSON object, got an array"},
      {"a JSON string", "\"" + kSecret + "\"", "got a string"},
      {"a JSON number", "3600", "got an integer"},
      {"JSON null", "null", "got a null"},
      // access_token.
      {"missing access_token", R"({"expires_in":3600,"token_type":"Bearer"})", "access_token is missing"},
      {"empty access_token", body_with(""), "access_token is empty"},
      {"numeric access_token", R"({"access_token":12345,"expires_in":3600,"token_type":"Bearer"})",
       "access_token is an integer, not a string"},
      {"null access_token", R"({"access_token":null,"expires_in":3600,"token_type":"Bearer"})",
       "access_token is a null, not a string"},
      {"object access_token",
       R"({"access_token":{"t":")" + kSecret + R"("},"expires_in":3600,"token_type":"Bearer"})",
       "access_token is an object, not a string"},
      {"array access_token",
       R"({"access_token":[")" + kSecret + R"("],"expires_in":3600,"token_type":"Bearer"})",
       "access_token is an array, not a string"},
      {"access_token with CR", body_with("t1.abc\r" + kSecret), "contains whitespace at offset 6"},
      {"access_token with LF", body_with("t1.abc\n" + kSecret), "contains whitespace at offset 6"},
      {"access_token ending in CRLF", body_with(kSecret + "\r\n"),
       "contains whitespace at offset " + std::to_string(kSecret.size())},
      {"access_token with a header injection", body_with(kSecret + "\r\nX-Evil: 1"), "contains whitespace"},
      {"access_token with a space", body_with("t1.abc " + kSecret), "contains whitespace at offset 6"},
      {"access_token with a tab", body_with("t1.abc\t" + kSecret), "contains whitespace at offset 6"},
      {"access_token with NUL", body_with(std::string("t1.abcdefghijkl") + '\0' + kSecret),
       "contains a control character at offset 15"},
      {"access_token with 0x1F", body_with("t1.abc\x1f" + kSecret),
       "contains a control character at offset 6"},
      {"access_token with DEL", body_with("t1.abc\x7f" + kSecret),
       "contains a control character at offset 6"},
      {"access_token with raw UTF-8", body_with("t1.abc\xC3\xA9" + kSecret),
       "contains a non-ASCII byte at offset 6"},
      {"access_token with an escaped non-ASCII character",
       R"({"access_token":"t1.abc\u00e9)" + kSecret + R"(","expires_in":3600,"token_type":"Bearer"})",
       "contains a non-ASCII byte at offset 6"},
      {"access_token with an escaped emoji",
       R"({"access_token":"t1.abc\ud83d\ude00)" + kSecret + R"(","expires_in":3600,"token_type":"Bearer"})",
       "contains a non-ASCII byte at offset 6"},
      // expires_in.
      {"missing expires_in", R"({"access_token":")" + kSecret + R"(","token_type":"Bearer"})",
       "expires_in is missing"},
      {"negative expires_in", body_with(kSecret, "-1"), "expires_in is not positive"},
      {"very negative expires_in", body_with(kSecret, "-9223372036854775808"), "expires_in is not positive"},
      {"zero expires_in", body_with(kSecret, "0"), "expires_in is zero"},
      {"minus zero expires_in", body_with(kSecret, "-0"), "expires_in is not positive"},
      {"fractional expires_in", body_with(kSecret, "3600.5"), "expires_in is a floating-point number"},
      {"integral float expires_in", body_with(kSecret, "3600.0"), "expires_in is a floating-point number"},
      {"exponent expires_in", body_with(kSecret, "36e2"), "expires_in is a floating-point number"},
      {"huge float expires_in", body_with(kSecret, "1e30"), "expires_in is a floating-point number"},
      {"expires_in beyond 64 bits", body_with(kSecret, "99999999999999999999999"),
       "expires_in is a floating-point number"},
      {"expires_in one over the limit", body_with(kSecret, "86401"), "expires_in is too large"},
      {"expires_in at the uint64 limit", body_with(kSecret, "18446744073709551615"),
       "expires_in is too large"},
      {"string expires_in", body_with(kSecret, R"("3600")"), "expires_in is a string, not an integer"},
      {"null expires_in", body_with(kSecret, "null"), "expires_in is a null, not an integer"},
      {"boolean expires_in", body_with(kSecret, "true"), "expires_in is a boolean, not an integer"},
      // token_type.
      {"missing token_type", R"({"access_token":")" + kSecret + R"(","expires_in":3600})",
       "token_type is missing"},
      {"MAC token_type", body_with(kSecret, "3600", R"("MAC")"),
       "token_type is not \"Bearer\" (a 3-byte string)"},
      {"empty token_type", body_with(kSecret, "3600", R"("")"), "token_type is not \"Bearer\""},
      {"token_type with a space", body_with(kSecret, "3600", R"("Bearer ")"), "token_type is not \"Bearer\""},
      {"token_type prefix", body_with(kSecret, "3600", R"("Bear")"), "token_type is not \"Bearer\""},
      {"token_type holding the token", body_with(kSecret, "3600", "\"" + kSecret + "\""),
       "token_type is not \"Bearer\""},
      {"numeric token_type", body_with(kSecret, "3600", "1"), "token_type is an integer, not a string"},
      {"null token_type", body_with(kSecret, "3600", "null"), "token_type is a null, not a string"},
  };
  for (const auto& vector : rejected) {
    CAPTURE(vector.name);
    auto token = parse_token_body(vector.body, kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ycfn::kTokenInvalid);
    CHECK_FALSE(token.error().retryable);
    CHECK_THAT(token.error().message, Catch::Contains(vector.message_part));
    // Shape, size and position only: no byte of the token, none of the body.
    CHECK_FALSE(leaks(token.error().message, kSecret));
  }
}

TEST_CASE("the same field rules apply to an already parsed object (context.token)", "[token_parse]") {
  const std::string bodies[] = {
      body_with(kSecret),
      body_with(kSecret, "3600", R"("bearer")"),
      body_with(""),
      body_with("t1.abc\r\n" + kSecret),
      body_with(kSecret, "0"),
      body_with(kSecret, "86401"),
      body_with(kSecret, "3600.0"),
      body_with(kSecret, R"("3600")"),
      body_with(kSecret, "3600", R"("MAC")"),
      R"({"expires_in":3600,"token_type":"Bearer"})",
      "[1,2,3]",
      R"("text")",
  };
  for (const auto& body : bodies) {
    const auto value = nlohmann::json::parse(body, nullptr, false);
    REQUIRE_FALSE(value.is_discarded());
    auto from_body = parse_token_body(body, kNow);
    auto from_object = parse_token_object(value, kNow);
    REQUIRE(from_body.ok() == from_object.ok());
    if (from_object.ok()) {
      CHECK(from_object->access_token == from_body->access_token);
      CHECK(from_object->expires_in_s == from_body->expires_in_s);
      CHECK(from_object->token_type == from_body->token_type);
      CHECK(from_object->obtained_at_ms == kNow);
    } else {
      CHECK(from_object.error().code == ycfn::kTokenInvalid);
      CHECK(from_object.error().message == from_body.error().message);
    }
  }
}

TEST_CASE("context.token as the platform hands it in", "[token_parse]") {
  nlohmann::json context_token = {{"access_token", kSecret}, {"expires_in", 43200}, {"token_type", "Bearer"}};
  auto token = parse_token_object(context_token, kNow);
  REQUIRE(token.ok());
  CHECK(token->access_token == kSecret);
  CHECK(token->expires_in_s == 43200);
  CHECK(token->expires_at_ms() == kNow + 43200LL * 1000);
  // A signed integer built in code (not parsed) is checked the same way.
  context_token["expires_in"] = static_cast<std::int64_t>(-5);
  auto negative = parse_token_object(context_token, kNow);
  REQUIRE_FALSE(negative.ok());
  CHECK_THAT(negative.error().message, Catch::Contains("expires_in is not positive"));
}

TEST_CASE("deep nesting is rejected by the pre-scan, without recursion", "[token_parse]") {
  SECTION("10,000 '['") {
    auto token = parse_token_body(std::string(10000, '['), kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ycfn::kTokenInvalid);
    CHECK(token.error().message == "body nests JSON deeper than 16 levels (at offset 16; not parsed)");
  }
  SECTION("10,000 levels of objects, just under the size limit") {
    std::string body;
    for (int i = 0; i < 10000; ++i) body += "{\"a\":";
    body += "1";
    body += std::string(10000, '}');
    REQUIRE(body.size() <= kMaxTokenBodyBytes);
    auto token = parse_token_body(body, kNow);
    REQUIRE_FALSE(token.ok());
    CHECK_THAT(token.error().message, Catch::Contains("deeper than 16 levels"));
  }
  SECTION("16 levels are fine, 17 are not") {
    const auto nested = [](std::size_t levels) {
      // The token object is level 1; "x" adds levels - 1 arrays.
      return R"({"access_token":")" + kSecret + R"(","x":)" + std::string(levels - 1, '[') +
             std::string(levels - 1, ']') + R"(,"expires_in":3600,"token_type":"Bearer"})";
    };
    CHECK(parse_token_body(nested(kMaxTokenJsonDepth), kNow).ok());
    auto too_deep = parse_token_body(nested(kMaxTokenJsonDepth + 1), kNow);
    REQUIRE_FALSE(too_deep.ok());
    CHECK_THAT(too_deep.error().message, Catch::Contains("deeper than 16 levels"));
  }
  SECTION("an escaped quote does not end a string") {
    const std::string body = R"({"x":"\"[[[[[[[[[[[[[[[[[[[[[[[[[[[","access_token":")" + kSecret +
                             R"(","expires_in":3600,"token_type":"Bearer"})";
    CHECK(parse_token_body(body, kNow).ok());
  }
  SECTION("the offset counts the BOM") {
    auto token = parse_token_body("\xEF\xBB\xBF" + std::string(100, '{'), kNow);
    REQUIRE_FALSE(token.ok());
    CHECK_THAT(token.error().message, Catch::Contains("at offset 19;"));
  }
}

TEST_CASE("the size limit comes first and is exact", "[token_parse]") {
  SECTION("a 64 MiB body is refused by its size, unparsed") {
    // Nesting and garbage would fail later checks: only the size check may answer.
    std::string body(64u * 1024 * 1024, '[');
    auto token = parse_token_body(body, kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ycfn::kTokenTooLarge);
    CHECK(token.error().message == "body is 67108864 bytes, over the 65536-byte limit (not parsed)");
  }
  SECTION("exactly 64 KiB is accepted, one byte more is not") {
    const std::string at_limit = padded_to(body_with(kSecret), kMaxTokenBodyBytes);
    REQUIRE(at_limit.size() == 65536);
    CHECK(parse_token_body(at_limit, kNow).ok());
    const std::string over = padded_to(body_with(kSecret), kMaxTokenBodyBytes + 1);
    auto token = parse_token_body(over, kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ycfn::kTokenTooLarge);
    CHECK_FALSE(leaks(token.error().message, kSecret));
  }
  SECTION("the BOM counts towards the limit") {
    const std::string with_bom = "\xEF\xBB\xBF" + padded_to(body_with(kSecret), kMaxTokenBodyBytes - 3);
    REQUIRE(with_bom.size() == 65536);
    CHECK(parse_token_body(with_bom, kNow).ok());
    auto over =
        parse_token_body("\xEF\xBB\xBF" + padded_to(body_with(kSecret), kMaxTokenBodyBytes - 2), kNow);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ycfn::kTokenTooLarge);
  }
}

// Found by fuzz/fuzz_context_token: nlohmann's lexer takes a NUL byte for the
// end of the input, so a token reply followed by a NUL and anything at all was
// accepted (and told apart from parse_token_object by the depth pre-scan only).
// A NUL is never part of JSON text.
TEST_CASE("a body with a NUL byte is refused, whatever follows it", "[token_parse][fuzz]") {
  const std::string good = body_with(kSecret);
  const std::pair<std::string, std::string> cases[] = {
      {good + std::string("\0garbage", 8), "a NUL byte at offset " + std::to_string(good.size())},
      {good + std::string(1, '\0') + body_with("t1.other-token"),
       "a NUL byte at offset " + std::to_string(good.size())},
      {std::string(1, '\0') + good, "a NUL byte at offset 0"},
      {"\xEF\xBB\xBF" + good + std::string(1, '\0'),
       "a NUL byte at offset " + std::to_string(good.size() + 3)},
      // The fuzzer's input: a number, NULs, then brackets (refused by the depth pre-scan first).
      {std::string("1e-7\0\0\0\0\0\0\0\0\0\0\0[[\\u0000[\"KKKKKKKKKKKKKKK\xED\xA0\x80re\"[[[[[[[[[[[[[[["
                   "\xED\xA0\x80[[[[[[[",
                   71),
       "deeper than 16 levels"},
  };
  for (const auto& [body, message_part] : cases) {
    CAPTURE(body.size());
    auto token = parse_token_body(body, kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ycfn::kTokenInvalid);
    CHECK(token.error().message.find(message_part) != std::string::npos);
    CHECK_FALSE(leaks(token.error().message, kSecret));
  }
}
