#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "ycfn/base64.hpp"
#include "ycfn/json.hpp"
#include "ycfn/log.hpp"
#include "ycfn/response.hpp"

namespace js = ycfn::json;
using nlohmann::json;

namespace {

// A body a handler might parse: every JSON type once.
json sample() {
  return json::parse(R"({"name": "Ada", "age": 36, "big": 18446744073709551615, "ratio": 0.5,
                         "two": 2.0, "admin": false, "tags": ["a", "b"], "address": {"city": "Oslo"},
                         "nothing": null})",
                     nullptr, false);
}

const std::string kInvalidUtf8 = std::string("caf") + char(0xC3) + "(" + char(0xFF);

}  // namespace

TEST_CASE("get_* return the value when the key holds that type") {
  const json body = sample();
  REQUIRE_FALSE(body.is_discarded());
  CHECK(js::get_string(body, "name") == std::optional<std::string_view>("Ada"));
  CHECK(js::get_int(body, "age") == 36);
  CHECK(js::get_number(body, "age") == 36.0);
  CHECK(js::get_number(body, "ratio") == 0.5);
  CHECK(js::get_bool(body, "admin") == false);
  REQUIRE(js::get_array(body, "tags") != nullptr);
  CHECK(js::get_array(body, "tags")->size() == 2);
  REQUIRE(js::get_object(body, "address") != nullptr);
  CHECK(js::get_string(*js::get_object(body, "address"), "city") == std::optional<std::string_view>("Oslo"));
  CHECK(js::at(*js::get_array(body, "tags"), 1)->get<std::string>() == "b");
}

TEST_CASE("get_* answer nothing and never abort for a missing key or another type or null or a non-object") {
  const json body = sample();
  CHECK_FALSE(js::get_string(body, "missing"));
  CHECK_FALSE(js::get_string(body, "age"));
  CHECK_FALSE(js::get_int(body, "name"));
  CHECK_FALSE(js::get_int(body, "ratio"));
  CHECK_FALSE(js::get_int(body, "two"));  // 2.0 is a number, not an integer
  CHECK_FALSE(js::get_bool(body, "nothing"));
  CHECK_FALSE(js::get_number(body, "name"));
  CHECK(js::get_object(body, "tags") == nullptr);
  CHECK(js::get_array(body, "address") == nullptr);
  for (const json& not_object : {json(nullptr), json(3), json("x"), json::array({1, 2}), json(true)}) {
    CHECK_FALSE(js::get_string(not_object, "name"));
    CHECK(js::find(not_object, "name") == nullptr);
    CHECK(js::get_object(not_object, "name") == nullptr);
  }
  CHECK(js::at(json::array({1}), 1) == nullptr);
  CHECK(js::at(json::object(), 0) == nullptr);
}

TEST_CASE("as_int takes integers that fit in int64 only") {
  CHECK(js::as_int(json(-5)) == -5);
  CHECK(js::as_int(json(std::numeric_limits<std::int64_t>::max())) ==
        std::numeric_limits<std::int64_t>::max());
  CHECK(js::as_int(json(std::numeric_limits<std::int64_t>::min())) ==
        std::numeric_limits<std::int64_t>::min());
  CHECK_FALSE(js::as_int(json(std::numeric_limits<std::uint64_t>::max())));
  CHECK_FALSE(js::as_int(json("1")));
  CHECK_FALSE(js::as_int(json(true)));
  CHECK(js::as_number(json(std::numeric_limits<std::uint64_t>::max())).has_value());
}

TEST_CASE("require_* give an error naming the key and the problem but never the value") {
  const json body = sample();
  CHECK(*js::require_string(body, "name") == "Ada");
  CHECK(*js::require_int(body, "age") == 36);
  CHECK(*js::require_bool(body, "admin") == false);
  CHECK(*js::require_number(body, "ratio") == 0.5);
  CHECK((*js::require_object(body, "address"))->contains("city"));
  CHECK((*js::require_array(body, "tags"))->size() == 2);

  auto missing = js::require_string(body, "email");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "json.bad_field");
  CHECK(missing.error().message == "`email` is missing");

  auto wrong = js::require_int(body, "name");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message == "`name` is not an integer (it is string)");
  CHECK(wrong.error().message.find("Ada") == std::string::npos);

  CHECK(js::require_object(body, "nothing").error().message == "`nothing` is not an object (it is null)");
  CHECK(js::require_bool(json::array(), "x").error().message ==
        "`x` cannot be read: the value holding it is not an object (it is array)");
}

TEST_CASE("dump replaces invalid UTF-8 instead of aborting") {
  const std::string text = js::dump(json{{"k", kInvalidUtf8}});
  CHECK(text == "{\"k\":\"caf\xEF\xBF\xBD(\xEF\xBF\xBD\"}");
}

TEST_CASE("parse answers an error for empty or malformed or too deep text") {
  CHECK(js::parse(R"({"a":[1,2]})").value()["a"].size() == 2);
  CHECK(js::parse("").error().code == "json.invalid");
  CHECK(js::parse("{\"a\":").error().code == "json.invalid");
  CHECK(js::parse("[1] x").error().code == "json.invalid");
  CHECK(js::parse(std::string(100, '[') + std::string(100, ']')).error().message.find("deeper") !=
        std::string::npos);
}

TEST_CASE("a reply built from invalid UTF-8 renders instead of aborting") {
  ycfn::LogBuffer log;

  SECTION("Response::json with an invalid string value: the bad bytes become U+FFFD") {
    const ycfn::Response r = ycfn::Response::json({{"echo", kInvalidUtf8}});
    const json rendered = ycfn::render_response(r, log);
    CHECK(rendered["statusCode"] == 200);
    CHECK(rendered["isBase64Encoded"] == false);
    const json body = json::parse(rendered["body"].get<std::string>(), nullptr, false);
    REQUIRE_FALSE(body.is_discarded());
    CHECK(body["echo"] == "caf\xEF\xBF\xBD(\xEF\xBF\xBD");
  }

  SECTION("Response::text with invalid bytes: sent base64-encoded, unchanged, with a WARN") {
    const ycfn::Response r = ycfn::Response::text(kInvalidUtf8);
    const json rendered = ycfn::render_response(r, log);
    CHECK(rendered["isBase64Encoded"] == true);
    CHECK(ycfn::base64_decode(rendered["body"].get<std::string>()).value() == kInvalidUtf8);
    REQUIRE(log.records().size() == 1);
    CHECK(log.records()[0].level == ycfn::LogLevel::warn);
  }

  SECTION("Response::failure with an invalid message, and an invalid header value") {
    const ycfn::Response r =
        ycfn::Response::failure("app.bad", kInvalidUtf8, 422).header("X-Echo", kInvalidUtf8);
    const std::string text = ycfn::render_response_text(r, log);
    const json rendered = json::parse(text, nullptr, false);
    REQUIRE_FALSE(rendered.is_discarded());
    CHECK(rendered["statusCode"] == 422);
    CHECK_FALSE(rendered["headers"].contains("X-Echo"));  // dropped, with a WARN
    const json body = json::parse(rendered["body"].get<std::string>(), nullptr, false);
    CHECK(body["errorType"] == "app.bad");
    CHECK(body["errorMessage"] == "caf\xEF\xBF\xBD(\xEF\xBF\xBD");
  }
}
