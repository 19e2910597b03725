#include <catch2/catch.hpp>

#include <string>

#include "ycfn/detail/json_text.hpp"

using ycfn::json_nesting_depth;
using ycfn::kMaxJsonDepth;
using ycfn::parse_json_text;

namespace {

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("nesting depth counts brackets outside strings", "[json_text]") {
  CHECK(json_nesting_depth("1") == 0);
  CHECK(json_nesting_depth("{}") == 1);
  CHECK(json_nesting_depth(R"({"a":[{"b":[]}]})") == 4);
  CHECK(json_nesting_depth(R"({"a":"[[[[{{{{"})") == 1);     // brackets inside a string
  CHECK(json_nesting_depth(R"({"a":"\"[[[[\\"})") == 1);     // escaped quotes do not end the string
  CHECK(json_nesting_depth(R"(["\\", [[]]])") == 3);         // an escaped backslash does end it
  CHECK(json_nesting_depth("]]]]{}") == 1);                  // stray closers do not go below zero
  CHECK(json_nesting_depth(nested_arrays(1000), 64) == 65);  // stops counting past the limit
}

TEST_CASE("parse_json_text parses a document", "[json_text]") {
  auto parsed = parse_json_text(R"({"a":[1,2,{"b":null}]})", "x.bad", "thing");
  REQUIRE(parsed.ok());
  CHECK(parsed.value()["a"][1] == 2);
}

TEST_CASE("parse_json_text accepts exactly the maximum depth", "[json_text]") {
  CHECK(parse_json_text(nested_arrays(kMaxJsonDepth), "x.bad", "thing").ok());
  auto deep = parse_json_text(nested_arrays(kMaxJsonDepth + 1), "x.bad", "thing");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().code == "x.bad");
  CHECK(deep.error().message == "thing is nested deeper than 64 levels");
}

TEST_CASE("parse_json_text refuses a very deep document before parsing it", "[json_text]") {
  // A million levels: a recursive parse, copy or dump of this would overflow the stack.
  auto deep = parse_json_text(std::string(1000000, '[') + std::string(1000000, ']'), "x.bad", "thing");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().message == "thing is nested deeper than 64 levels");
  auto unbalanced = parse_json_text(std::string(1000000, '{'), "x.bad", "thing");
  REQUIRE_FALSE(unbalanced.ok());
}

TEST_CASE("parse_json_text says where invalid JSON fails, never what it says", "[json_text]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"secret":})", "thing is not valid JSON at byte 11"},
      {"{", "thing is not valid JSON at byte 2"},
      {"nul", "thing is not valid JSON at byte 4"},
      {"{} {}", "thing is not valid JSON at byte 4"},  // trailing content
      {"   ", "thing is not valid JSON at byte 4"},
      {"1e400", "thing is not valid JSON at byte 5"},  // out of double range
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    auto parsed = parse_json_text(text, "x.bad", "thing");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "x.bad");
    CHECK(parsed.error().message == message);
  }
}

TEST_CASE("parse_json_text rejects empty input and invalid UTF-8 in strings", "[json_text]") {
  auto empty = parse_json_text("", "x.bad", "thing");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "thing is empty");
  auto bad_utf8 = parse_json_text("\"\xC3\x28\"", "x.bad", "thing");
  REQUIRE_FALSE(bad_utf8.ok());
  CHECK(bad_utf8.error().message.find("not valid JSON at byte") != std::string::npos);
}

TEST_CASE("parse_json_text tolerates a UTF-8 byte order mark", "[json_text]") {
  auto parsed = parse_json_text("\xEF\xBB\xBF{\"a\":1}", "x.bad", "thing");
  REQUIRE(parsed.ok());
  CHECK(parsed.value()["a"] == 1);
}

// Found by fuzz/fuzz_context_token (the same parser path): nlohmann's lexer
// takes a NUL byte for the end of the input, so "{}\0<anything>" parsed as {}.
// A NUL is never part of JSON text; the text is refused where the NUL is
// (or earlier, where the text before it fails).
TEST_CASE("parse_json_text refuses text with a NUL byte, wherever it is", "[json_text][fuzz]") {
  const std::pair<std::string, const char*> cases[] = {
      {std::string("{}\0garbage", 10), "thing is not valid JSON at byte 3"},
      {std::string("{\"a\":1}\0{\"a\":2}", 15), "thing is not valid JSON at byte 8"},
      {std::string("[1, 2]   \0", 10), "thing is not valid JSON at byte 10"},
      {std::string("{\"a\":\0}", 7), "thing is not valid JSON at byte 6"},  // truncated before the NUL
      {std::string("x\0{}", 4), "thing is not valid JSON at byte 1"},       // fails before the NUL
      {std::string("\0{}", 3), "thing is not valid JSON at byte 1"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    auto parsed = parse_json_text(text, "x.bad", "thing");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message == message);
  }
  // Escaped, a NUL is fine.
  auto escaped = parse_json_text(R"({"a":"\u0000"})", "x.bad", "thing");
  REQUIRE(escaped.ok());
  CHECK(escaped.value()["a"].get<std::string>() == std::string(1, '\0'));
}

TEST_CASE("find_nesting_over gives the offset of the opener past the limit", "[json_text]") {
  CHECK(ycfn::find_nesting_over("[[[]]]", 3) == std::string_view::npos);
  CHECK(ycfn::find_nesting_over("[[[]]]", 2) == 2);
  CHECK(ycfn::find_nesting_over(R"({"a":"[[[[", "b":[{}]})", 2) == 18);  // brackets in strings do not count
  CHECK(ycfn::find_nesting_over("[][][][]", 1) == std::string_view::npos);  // siblings do not add up
  CHECK(ycfn::find_nesting_over(nested_arrays(100000), kMaxJsonDepth) == kMaxJsonDepth);
}

TEST_CASE("parse_json_document parses one document and says where it fails", "[json_text]") {
  const auto good = ycfn::parse_json_document(R"( {"a":[1,"x",null]} )");
  REQUIRE(good.ok);
  CHECK(good.value["a"][1] == "x");
  CHECK(good.error_position == 0);

  const auto bad = ycfn::parse_json_document(R"({"a":}")");
  CHECK_FALSE(bad.ok);
  CHECK(bad.value.is_discarded());
  CHECK(bad.error_position == 6);

  const auto truncated = ycfn::parse_json_document(R"({"a":1)");
  CHECK_FALSE(truncated.ok);
  CHECK(truncated.error_position == 7);  // one past the last byte: the text ended mid-value

  const auto trailing = ycfn::parse_json_document("{} {}");
  CHECK_FALSE(trailing.ok);  // strict: one document, nothing after it
  CHECK(trailing.error_position == 4);

  const auto comment = ycfn::parse_json_document("{} // no");
  CHECK_FALSE(comment.ok);

  const auto nul = ycfn::parse_json_document(std::string("{}\0{}", 5));
  CHECK_FALSE(nul.ok);
  CHECK(nul.error_position == 3);  // a whole document before a NUL fails at the NUL
}
