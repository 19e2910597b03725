// json_writer.hpp writes exactly what nlohmann's dump(-1, ' ', false, replace)
// writes: every case is compared with nlohmann's own text.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/detail/json_writer.hpp"

using nlohmann::json;

namespace {

std::string nlohmann_text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string written_string(std::string_view text) {
  std::string out = "prefix:";
  ycfn::append_json_string(out, text);
  return out.substr(7);
}

}  // namespace

TEST_CASE("json_writer: strings are escaped as nlohmann escapes them") {
  std::string every_byte_below_0x80;
  for (int c = 0; c < 0x80; ++c) every_byte_below_0x80 += static_cast<char>(c);
  const std::string cases[] = {
      "",
      "plain",
      "quote \" and backslash \\ and slash /",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x1f\x7f",
      every_byte_below_0x80,
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",  // 2-, 3- and 4-byte sequences
      "bad \xff byte",                              // invalid UTF-8: nlohmann replaces it
      "truncated \xe2\x82",
      "overlong \xc0\xaf and surrogate \xed\xa0\x80",
      std::string(100000, 'a') + "\"",
  };
  for (const std::string& text : cases) {
    INFO("text: " << nlohmann_text(json(text)));
    CHECK(written_string(text) == nlohmann_text(json(text)));
  }
}

TEST_CASE("json_writer: values of every type, nested, in the DOM's key order") {
  const json cases[] = {
      nullptr,
      true,
      false,
      0,
      -1,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::uint64_t>::max(),
      1.5,
      -0.0,
      1e300,
      0.1,
      std::numeric_limits<double>::quiet_NaN(),
      json::array(),
      json::object(),
      json::parse(R"({"b":[1,2.5,"x",null,{"z":true,"a":false}],"a":{"":""},"\u00e9":"\n"})"),
      json::binary({1, 2, 3}),
      json{{"bad", "\xff"}, {"\xfe key", 1}},
  };
  for (const json& value : cases) {
    INFO("value: " << nlohmann_text(value));
    CHECK(ycfn::json_text(value) == nlohmann_text(value));
  }
}

TEST_CASE("json_writer: an ordered_json keeps its insertion order, as its own dump does") {
  using nlohmann::ordered_json;
  ordered_json nested = ordered_json::object();
  nested["z"] = 1.25;
  nested["a"] = ordered_json::array({nullptr, false, -7, "\xff"});
  ordered_json value = ordered_json::object();
  value["errorMessage"] = "line\nbreak \"quoted\"";
  value["errorType"] = "event.malformed";
  value["nested"] = nested;
  value["\xfe key"] = std::numeric_limits<std::uint64_t>::max();
  const ordered_json cases[] = {value, ordered_json::array({value, ordered_json::object()}),
                                ordered_json("x")};
  for (const ordered_json& item : cases) {
    const std::string expected = item.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    INFO("value: " << expected);
    CHECK(ycfn::json_text(item) == expected);
  }
  // Not sorted: the members come out in the order they were added.
  CHECK(ycfn::json_text(value).rfind(R"({"errorMessage":)", 0) == 0);
}

TEST_CASE("json_writer: arrays of strings are written as nlohmann writes them") {
  const std::vector<std::string> cases[] = {
      {}, {""}, {"a", "b\n", "\xff"}, {std::string(3, '"'), "caf\xc3\xa9"}};
  for (const auto& texts : cases) {
    std::string out;
    ycfn::append_json_string_array(out, texts);
    CHECK(out == nlohmann_text(json(texts)));
  }
}

// The writer no longer hands anything to nlohmann's serializer (the core does
// not link it): its replacement of ill-formed UTF-8, its doubles and its rare
// types are ycfn's own now, so they are compared over many cases.
TEST_CASE("json_writer: ill-formed UTF-8 gets nlohmann's U+FFFD replacements, sequence by sequence") {
  // Short strings over the bytes that matter to a UTF-8 decoder, all of them
  // up to three bytes, then seeded random ones.
  const unsigned char interesting[] = {0x00, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f,
                                       0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed,
                                       0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
  std::vector<std::string> cases;
  for (const unsigned char a : interesting) {
    for (const unsigned char b : interesting) {
      for (const unsigned char c : interesting) {
        cases.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
      }
    }
  }
  std::uint32_t state = 2026;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const std::size_t length = 1 + i % 9;
    for (std::size_t k = 0; k < length; ++k) {
      state = state * 1664525u + 1013904223u;  // a fixed LCG: failures reproduce
      text += static_cast<char>(interesting[(state >> 16) % sizeof interesting]);
    }
    cases.push_back(text);
  }
  std::size_t differing = 0;
  for (const std::string& text : cases) {
    if (written_string(text) != nlohmann_text(json(text))) {
      ++differing;
      INFO("text: " << nlohmann_text(json(text)));
      CHECK(written_string(text) == nlohmann_text(json(text)));
      if (differing > 5) break;
    }
  }
  CHECK(differing == 0);
}

TEST_CASE("json_writer: doubles, binary and discarded values as nlohmann writes them") {
  std::vector<json> cases = {std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::max(),
                             -std::numeric_limits<double>::min(),
                             1e21,
                             1e-7,
                             123456789.125,
                             json::binary({}),
                             json::binary({0, 255}, 42),
                             json(json::value_t::discarded),
                             json::array({json(json::value_t::discarded), 2.0})};
  std::uint64_t bits = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 5000; ++i) {
    bits ^= bits << 13;
    bits ^= bits >> 7;
    bits ^= bits << 17;
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    cases.emplace_back(value);
  }
  for (const json& value : cases) {
    INFO("value: " << nlohmann_text(value));
    CHECK(ycfn::json_text(value) == nlohmann_text(value));
  }
}
