// parse_json_document (ycfn's own walk) against nlohmann's parser, the one it
// replaced in the core: over every fixture, every truncation of small texts,
// seeded random mutations and hand-written edge cases, both must accept and
// reject together, fail at the same position, and build the same DOM (same
// types, same doubles bit for bit) that dumps to the same text.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "json_reference_parse.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace {

std::string nlohmann_dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Empty when the two agree, else what differs (for the failure message).
std::string disagreement(const std::string& text) {
  const ycfn::JsonDocument ours = ycfn::parse_json_document(text);
  const ycfn_test::ReferenceDocument theirs = ycfn_test::reference_parse_json_document(text);
  if (ours.ok != theirs.ok)
    return ours.ok ? "ycfn accepts, nlohmann rejects" : "ycfn rejects, nlohmann accepts";
  if (!ours.ok) {
    if (!ours.value.is_discarded()) return "a failed parse is not discarded";
    if (ours.error_position != theirs.error_position) {
      return "error position " + std::to_string(ours.error_position) + " vs nlohmann's " +
             std::to_string(theirs.error_position);
    }
    return "";
  }
  if (ours.error_position != 0) return "a parsed document has an error position";
  if (!ycfn_test::same_json(ours.value, theirs.value)) return "different DOM";
  const std::string ours_text = ycfn::json_text(ours.value);
  if (ours_text != nlohmann_dump(theirs.value)) return "different text: " + ours_text;
  return "";
}

void require_agreement(const std::string& text) {
  CAPTURE(text);
  CHECK(disagreement(text).empty());
}

std::string nested(std::size_t depth, const char* open, const char* close) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += open;
  text += "1";
  for (std::size_t i = 0; i < depth; ++i) text += close;
  return text;
}

const char* const kEdgeCases[] = {
    // numbers at and past the integer limits
    "0",
    "-0",
    "-0.0",
    "0.0",
    "0e0",
    "-0e-0",
    "1E+2",
    "1e-2",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "1e309",
    "-1e400",
    "1e400",
    "1e-400",
    "4.9e-324",
    "2.4703282292062327e-324",
    "2.4703282292062328e-324",
    "0.1",
    "0.30000000000000004",
    "123456789012345678901234567890e-10",
    "0.000000000000000000000000000000000000000001e350",
    "1e-7",
    "[1e99999999999999999999]",
    "[-1e-99999999999]",
    "0.1e1",
    "1.5e+3",
    "[1,-1,1.0,-1.0]",
    // numbers the grammar refuses
    "01",
    "-01",
    "00",
    "+1",
    ".1",
    "1.",
    "1.e5",
    "1e",
    "1e+",
    "1e-",
    "-",
    "--1",
    "-a",
    "1x",
    "0x10",
    "1.5.2",
    "NaN",
    "Infinity",
    "-Infinity",
    "[NaN]",
    "[1,]",
    "[,1]",
    "[01]",
    "[1 2]",
    "1 2",
    "[1e]",
    "{\"a\":-}",
    // literals
    "true",
    "false",
    "null",
    "tru",
    "nul",
    "fals",
    "truex",
    "nulll",
    "True",
    "[true,false,null]",
    "[tru]",
    "{\"a\":nulL}",
    // strings and escapes
    "\"\"",
    "\"a\"",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"\\u0000\"",
    "\"\\u00e9\\u20AC\"",
    "\"\\uD83D\\uDE00\"",
    "\"\\uD83D\"",
    "\"\\uD83Dx\"",
    "\"\\uD83D\\\"",
    "\"\\uD83D\\u0041\"",
    "\"\\uDE00\"",
    "\"\\u12\"",
    "\"\\u12G4\"",
    "\"\\x\"",
    "\"\\",
    "\"abc",
    "\"a\tb\"",
    "\"a\nb\"",
    "\"\x7f\"",
    "\"\xC3\xA9\"",
    "\"\xC3\x28\"",
    "\"\xC0\x80\"",
    "\"\xE0\x80\x80\"",
    "\"\xED\xA0\x80\"",
    "\"\xF4\x90\x80\x80\"",
    "\"\xF0\x9F\x98\x80\"",
    "\"\xF0\x9F\x98\"",
    "\"\xFF\"",
    "\"\x80\"",
    "\"\xE2\x82\"",
    "[\"a\" \"b\"]",
    "{\"a\" \"b\"}",
    "{\"a\" 1}",
    // structure
    "",
    " ",
    "\t\r\n ",
    "{}",
    "[]",
    "{ }",
    "[ ]",
    "{\"a\":1,\"a\":2}",
    "{\"a\":{\"b\":1},\"a\":[2]}",
    "{\"b\":1,\"a\":2}",
    "{\"a\":1,}",
    "{,}",
    "{\"a\"}",
    "{\"a\":}",
    "{1:2}",
    "{\"a\":1 \"b\":2}",
    "[1}",
    "{\"a\":1]",
    "]",
    "}",
    ":",
    ",",
    "[",
    "{",
    "[[]",
    "[]]",
    "{}}",
    "{} {}",
    "{} x",
    "[] ",
    " [] ",
    "x",
    "@",
    "{\"a\":[1,{\"b\":[]}]}",
    "/* c */ {}",
    "{} // c",
    "[\"\\u0041\"]",
    // byte order marks
    "\xEF\xBB\xBF{}",
    "\xEF\xBB\xBF",
    "\xEF\xBB\xBF 1",
    "\xEF\xBB",
    "\xEF",
    "\xEF\xBB\xBE",
    "\xEFx",
    " \xEF\xBB\xBF{}",
    "\xEF\xBB\xBF\xEF\xBB\xBF{}",
};

}  // namespace

TEST_CASE("parse_json_document agrees with nlohmann on edge cases", "[json_document]") {
  for (const char* text : kEdgeCases) require_agreement(text);
  // NULs: the text before one is judged; a whole document before one fails there.
  for (const std::string& text :
       {std::string("{}\0x", 4), std::string("[1\0]", 4), std::string("\0", 1), std::string("\"a\0\"", 4)}) {
    require_agreement(text);
  }
}

TEST_CASE("parse_json_document agrees with nlohmann at and past the core's nesting limit",
          "[json_document]") {
  for (const std::size_t depth :
       {ycfn::kMaxJsonDepth - 1, ycfn::kMaxJsonDepth, ycfn::kMaxJsonDepth + 1, std::size_t{1000}}) {
    require_agreement(nested(depth, "[", "]"));
    require_agreement(nested(depth, "{\"k\":", "}"));
    require_agreement(nested(depth, "[", ""));  // unclosed
  }
  // The walk uses the heap, not the stack: far deeper than any limit still
  // parses (the callers' pre-scan is what refuses it).
  const ycfn::JsonDocument deep =
      ycfn::parse_json_document(std::string(100000, '[') + std::string(100000, ']'));
  CHECK(deep.ok);
}

TEST_CASE("parse_json_document agrees with nlohmann on every fixture and its truncations",
          "[json_document]") {
  std::size_t compared = 0;
  for (const std::string& name : ycfn_test::fixture_names()) {
    const std::string& text = ycfn_test::fixture(name);
    CAPTURE(name);
    require_agreement(text);
    ++compared;
    if (text.size() <= 600) {
      for (std::size_t cut = 0; cut < text.size(); ++cut) require_agreement(text.substr(0, cut));
    }
  }
  CHECK(compared > 20);
}

TEST_CASE("parse_json_document agrees with nlohmann on random mutations", "[json_document]") {
  std::vector<std::string> seeds;
  for (const std::string& name : ycfn_test::fixture_names()) {
    if (ycfn_test::fixture(name).size() <= 4000) seeds.push_back(ycfn_test::fixture(name));
  }
  for (const char* text : kEdgeCases) seeds.emplace_back(text);
  REQUIRE(!seeds.empty());
  // Bytes that steer a JSON parser somewhere: structure, literals, number
  // parts, escapes, UTF-8 leads and continuations, controls.
  static const char kAlphabet[] =
      "{}[]:,\"\\ \t\n0123456789-+.eEtrufalsn/bu\x00\x01\x1f\x7f\x80\xbf\xc2\xe0\xed\xef\xf0\xf4\xff";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  std::mt19937 random(20261206);  // fixed: a failure reproduces
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::size_t disagreements = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[pick(seeds.size())];
    const std::size_t edits = 1 + pick(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = text.empty() ? 0 : pick(text.size() + 1);
      const char byte = alphabet[pick(alphabet.size())];
      switch (pick(3)) {
        case 0:
          if (at < text.size()) text[at] = byte;
          break;
        case 1:
          text.insert(at, 1, byte);
          break;
        default:
          if (at < text.size()) text.erase(at, 1 + pick(3));
          break;
      }
    }
    ++(ycfn::parse_json_document(text).ok ? accepted : rejected);
    const std::string problem = disagreement(text);
    if (!problem.empty()) {
      ++disagreements;
      CAPTURE(text, problem);
      CHECK(problem.empty());
      if (disagreements > 5) break;
    }
  }
  CHECK(disagreements == 0);
  // Both sides of the line were compared, not just one.
  CAPTURE(accepted, rejected);
  CHECK(accepted > 1000);
  CHECK(rejected > 1000);
}

TEST_CASE("parse_json_document reads numbers as nlohmann does, bit for bit", "[json_document]") {
  std::mt19937_64 random(42);
  const auto digits = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + random() % 10);
    if (out.size() > 1 && out[0] == '0') out[0] = '1';
    return out;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text = (random() % 2 != 0) ? "-" : "";
    text += digits(1 + random() % 25);
    if (random() % 2 != 0) text += "." + digits(1 + random() % 20);
    if (random() % 2 != 0) {
      text += (random() % 2 != 0) ? "e-" : "e";
      text += std::to_string(random() % 340);
    }
    require_agreement(text);
  }
  // Doubles written by nlohmann (shortest round trip) read back to themselves.
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = nlohmann_dump(nlohmann::json(value));
    require_agreement(text);
  }
}
