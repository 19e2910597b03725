// The invocation JSON read by the strict scanner (core/src/invocation_input_scan.cpp)
// is an optimisation only: wherever it answers, the input must be exactly the DOM
// path's, the context a handler sees (Context::raw()) included; everything it is
// not sure of, errors first, must be left to the DOM path.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "../../core/src/invocation_input.hpp"
#include "ycfn/context.hpp"

namespace {

// What a handler sees of the context: the fields and raw() (parsed on demand
// from the scanned text).
nlohmann::json seen_context(const ycfn::ContextInfo& info) {
  ycfn::LogBuffer log;
  const ycfn::Context context(info, log);
  return {{"request_id", info.request_id},
          {"function_name", info.function_name},
          {"function_version", info.function_version},
          {"memory_limit_mb", info.memory_limit_mb},
          {"started_at_ms", info.started_at_ms},
          {"raw", context.raw()}};
}

void require_same(const ycfn::InvocationInput& scanned, const ycfn::InvocationInput& dom) {
  CHECK(scanned.now_ms == dom.now_ms);
  CHECK(scanned.deadline == dom.deadline);
  CHECK(scanned.context_error.has_value() == dom.context_error.has_value());
  CHECK(scanned.context_token == dom.context_token);
  CHECK(seen_context(scanned.context) == seen_context(dom.context));
}

}  // namespace

TEST_CASE("the scanned invocation input is the DOM path's wherever the scan answers", "[invocation_input]") {
  const std::vector<std::string> inputs = {
      R"({"now_ms":0})",
      R"({"context":{},"now_ms":1577370127000})",
      R"( { "context" : { "requestId" : "r-1" , "functionName":"f" } , "now_ms" : 5 , "deadline_ms" : 9 } )",
      R"({"context":{"requestId":"r\u00e9\n\"q\"","functionName":"fn","functionVersion":"v1",)"
      R"("memoryLimitInMB":"128","extra":{"a":[1,2.5,null,true]},"n":-3e2},"now_ms":1,"deadline_ms":2})",
      R"({"context":{"requestId":"r","token":{"access_token":"t1.abc","expires_in":43200,)"
      R"("token_type":"Bearer"}},"now_ms":7,"deadline_ms":8})",
      R"({"context":{"token":null},"now_ms":7})",
      R"({"context":{"token":"not an object","requestId":"x"},"now_ms":7})",
      R"({"context":{"a":1,"a":2,"b":{"c":1,"c":[3]}},"now_ms":7})",  // repeats outside the read keys
      R"({"other":[{"x":1}],"context":{"requestId":"r"},"now_ms":3,"more":"text"})",
      R"({"context":{"requestId":"\ud83d\ude00"},"now_ms":999999999999999})",
  };
  for (const auto& input : inputs) {
    CAPTURE(input);
    const auto scanned = ycfn::scan_invocation_input(input);
    REQUIRE(scanned.has_value());  // plain inputs: the scan must answer them
    const auto dom = ycfn::parse_invocation_input_dom(input);
    REQUIRE(dom.ok());
    require_same(*scanned, *dom);
    // The token never reaches what a handler sees.
    CHECK_FALSE(seen_context(scanned->context)["raw"].contains("token"));
    const auto chosen = ycfn::parse_invocation_input(input);
    REQUIRE(chosen.ok());
    require_same(*chosen, *dom);
  }
}

TEST_CASE("the invocation scan leaves errors and what it cannot vouch for to the DOM path",
          "[invocation_input]") {
  const std::vector<std::string> inputs = {
      "",
      "[]",
      "null",
      R"({"context":{}})",                                // no now_ms
      R"({"now_ms":-1})",                                 // out of range
      R"({"now_ms":9007199254740992})",                   // 2^53
      R"({"now_ms":1.5})",                                // not an integer
      R"({"now_ms":1e3})",                                // an integer the DOM path judges
      R"({"now_ms":01})",                                 // not JSON
      R"({"now_ms":"1"})",                                // a string
      R"({"now_ms":1,"now_ms":2})",                       // a repeat: the DOM keeps the last
      R"({"now_ms":1,"deadline_ms":1,"deadline_ms":2})",  // the same
      R"({"now_ms":1,"deadline_ms":null})",               // null deadline: the DOM path's error
      R"({"now_ms":1,"context":null})",                   // null context: absent, then context_json
      R"({"now_ms":1,"context":[]})",                     // not an object
      R"({"now_ms":1,"context_json":"{}"})",              // the environment's text
      R"({"now_ms":1,"context":{"requestId":1}})",        // a number where a string is read
      R"({"now_ms":1,"context":{"requestId":"a","requestId":"b"}})",
      R"({"now_ms":1,"context":{"token":{},"token":{}}})",
      R"({"now_ms":1,"context":{"deadlineMs":5}})",           // read and judged by the DOM path
      R"({"now_ms":1} x)",                                    // trailing text
      R"({"now_ms":1,"context":{"requestId":"\ud800"}})",     // a lone surrogate
      "{\"now_ms\":1,\"context\":{\"requestId\":\"\xff\"}}",  // invalid UTF-8
  };
  for (const auto& input : inputs) {
    CAPTURE(input);
    CHECK_FALSE(ycfn::scan_invocation_input(input).has_value());
  }
  // Deeper than the core's limit inside the context: refused by the scan, and
  // answered by the DOM path's depth error.
  std::string deep = R"({"now_ms":1,"context":{"x":)";
  for (int i = 0; i < 70; ++i) deep += '[';
  for (int i = 0; i < 70; ++i) deep += ']';
  deep += "}}";
  CHECK_FALSE(ycfn::scan_invocation_input(deep).has_value());
  const auto dom = ycfn::parse_invocation_input(deep);
  REQUIRE_FALSE(dom.ok());
  CHECK(dom.error().code == "abi.bad_input");
}
