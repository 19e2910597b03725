// Reading the runtime's steps in tests: the step text as JSON, and the body of
// a respond step's result as JSON (both must parse: a test fails otherwise).
#pragma once

#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace ycfn_test {

inline nlohmann::json parse(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  REQUIRE_FALSE(value.is_discarded());
  return value;
}

inline nlohmann::json body_of(const nlohmann::json& step) {
  REQUIRE(step["step"] == "respond");
  return parse(step["response"]["body"].get<std::string>());
}

}  // namespace ycfn_test
