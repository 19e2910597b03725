// The host contract's facts (core/abi/host_contract.def) agree with what the
// core itself does: the ABI version, the error table, the shape of its log
// records and error answers. The JavaScript and Python hosts get the same
// values (scripts/gen-host-contract.py), so agreeing here is agreeing there.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/detail/error_table.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/log.hpp"
#include "ycfn/response.hpp"
#include "ycfn/ycfn.h"

namespace hc = ycfn::host_contract;

TEST_CASE("host contract: the ABI version is ycfn.h's", "[host_contract]") {
  CHECK(hc::ABI_VERSION == YCFN_ABI_VERSION);
  CHECK(hc::ABI_VERSION == ycfn_abi_version());
}

TEST_CASE("host contract: each host answer is an error code of errors.def with its status",
          "[host_contract]") {
  for (const hc::HostAnswer& answer :
       {hc::TRAP, hc::LOAD_FAILED, hc::HOST_ERROR, hc::UNSERIALIZABLE_EVENT, hc::CANCEL_UNANSWERED}) {
    CAPTURE(answer.code);
    const ycfn::ErrorInfo* info = ycfn::find_error_info(answer.code);
    REQUIRE(info != nullptr);
    CHECK(info->status == answer.status);
  }
  CHECK(ycfn::find_error_info(hc::TRAP.code)->kind == ycfn::ErrorKind::host);
}

TEST_CASE("host contract: a host's log record has the core's keys", "[host_contract]") {
  ycfn::LogRecord record;
  record.level = ycfn::LogLevel::error;
  record.msg = "m";
  const auto line = nlohmann::json::parse(ycfn::format_log_line(record, "r1", {}), nullptr, false);
  REQUIRE(line.is_object());
  CHECK(line.value(std::string(hc::LOG_LEVEL_KEY), "") == "ERROR");
  CHECK(line.value(std::string(hc::LOG_MESSAGE_KEY), "") == "m");
  CHECK(line.value(std::string(hc::LOG_REQUEST_ID_KEY), "") == "r1");
}

TEST_CASE("host contract: a host's error answer has the core's shape", "[host_contract]") {
  ycfn::LogBuffer log;
  const std::string text =
      ycfn::render_response_text(ycfn::Response::from_error(ycfn::make_error("ycfn.trap", "boom"), 500), log);
  const auto result = nlohmann::json::parse(text, nullptr, false);
  REQUIRE(result.is_object());
  CHECK(result["headers"]["Content-Type"] == std::string(hc::ERROR_CONTENT_TYPE));
  const auto body = nlohmann::json::parse(result["body"].get<std::string>(), nullptr, false);
  CHECK(body[std::string(hc::ERROR_MESSAGE_KEY)] == "boom");
  CHECK(body[std::string(hc::ERROR_TYPE_KEY)] == "ycfn.trap");
}

TEST_CASE("host contract: fill replaces every placeholder of its key and no other", "[host_contract]") {
  CHECK(hc::fill(hc::TRAP.message, "detail", "unreachable") ==
        "the handler's WebAssembly module failed: unreachable");
  CHECK(hc::fill("{a}-{a}-{b}", "a", "x") == "x-x-{b}");
  CHECK(hc::fill("", "a", "x").empty());
}

TEST_CASE("host contract: a fetch or wait step without one of its integers is named", "[host_contract]") {
  const nlohmann::json fetch = {
      {"step", "fetch"},
      {"invocation", 1},
      {"give_up_ms", 1000},
      {"fetches",
       {{{"id", 1}, {"url", "http://x/"}, {"delay_ms", 0}, {"timeout_ms", 5}, {"max_body_bytes", 9}}}}};
  const nlohmann::json wait = {{"step", "wait"},
                               {"invocation", 2},
                               {"give_up_ms", 1000},
                               {"wait", {{"fetch_id", 1}, {"timeout_ms", 5}}}};
  CHECK(hc::missing_step_integer(fetch).empty());
  CHECK(hc::missing_step_integer(wait).empty());
  CHECK(hc::missing_step_integer(nlohmann::json{{"step", "respond"}}).empty());  // no I/O, nothing required

  for (const hc::StepInteger& field : hc::kStepIntegers) {
    nlohmann::json step = field.step == "fetch" ? fetch : wait;
    std::string expected(field.place);
    if (!expected.empty()) expected.append(".");
    expected.append(field.key);
    CAPTURE(expected);
    nlohmann::json* holder = &step;
    if (field.place == "fetches[]") holder = &step["fetches"][0];
    if (field.place == "wait") holder = &step["wait"];
    (*holder)[std::string(field.key)] = "12";  // there, but not an integer
    CHECK(hc::missing_step_integer(step) == expected);
    holder->erase(std::string(field.key));
    CHECK(hc::missing_step_integer(step) == expected);
  }
  nlohmann::json no_list = fetch;
  no_list["fetches"] = nlohmann::json::object();
  CHECK(hc::missing_step_integer(no_list) == "fetches[].id");
  nlohmann::json no_wait = wait;
  no_wait.erase("wait");
  CHECK(hc::missing_step_integer(no_wait) == "wait.timeout_ms");
}
