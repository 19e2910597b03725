// json_writer.hpp writes exactly what nlohmann's dump(-1, ' ', false, replace)
// writes: every case is compared with nlohmann's own text.
#include <catch2/catch.hpp>

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
