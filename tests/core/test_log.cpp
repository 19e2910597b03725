#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ycfn/log.hpp"

using ycfn::format_log_line;
using ycfn::LogLevel;
using ycfn::LogRecord;

TEST_CASE("log lines are one JSON object with level, msg and requestId first", "[log]") {
  LogRecord record{LogLevel::warn, "refresh failed", {{"code", "metadata.timeout"}}};
  CHECK(format_log_line(record, "req-1", {}) ==
        R"({"level":"WARN","msg":"refresh failed","requestId":"req-1","code":"metadata.timeout"})");
}

TEST_CASE("log lines omit an empty requestId", "[log]") {
  CHECK(format_log_line(LogRecord{LogLevel::info, "hi", {}}, "", {}) == R"({"level":"INFO","msg":"hi"})");
}

TEST_CASE("every level has the platform's name", "[log]") {
  const std::pair<LogLevel, const char*> levels[] = {{LogLevel::trace, "TRACE"}, {LogLevel::debug, "DEBUG"},
                                                     {LogLevel::info, "INFO"},   {LogLevel::warn, "WARN"},
                                                     {LogLevel::error, "ERROR"}, {LogLevel::fatal, "FATAL"}};
  for (const auto& [level, name] : levels) CHECK(std::string(ycfn::log_level_name(level)) == name);
}

TEST_CASE("newlines in a message become carriage returns, one record per line", "[log]") {
  const std::string line = format_log_line(LogRecord{LogLevel::error, "a\nb", {{"detail", "c\nd"}}}, "r", {});
  CHECK(line.find('\n') == std::string::npos);
  auto parsed = nlohmann::json::parse(line, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  CHECK(parsed["msg"] == "a\rb");
  CHECK(parsed["detail"] == "c\rd");
}

TEST_CASE("log lines never contain a secret", "[log]") {
  const std::string token = "t1.9euelZqUjM2Wk5DKkJ-secret";
  const std::string line = format_log_line(
      LogRecord{LogLevel::info, "token is " + token, {{"auth", "Bearer " + token}}}, "r", {token});
  CHECK(line.find(token) == std::string::npos);
  CHECK(line.find("t1.9\xE2\x80\xA6(28 chars)") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in a message does not abort", "[log]") {
  const std::string line =
      format_log_line(LogRecord{LogLevel::info, std::string("bad \xC3\x28 byte"), {}}, "", {});
  auto parsed = nlohmann::json::parse(line, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  CHECK(parsed["msg"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("fields cannot overwrite level, msg or requestId", "[log]") {
  const std::string line =
      format_log_line(LogRecord{LogLevel::info, "m", {{"level", "FATAL"}, {"msg", "x"}}}, "r", {});
  CHECK(line == R"({"level":"INFO","msg":"m","requestId":"r"})");
}

TEST_CASE("a repeated field appears once, where it first appeared, with its last value", "[log]") {
  const std::string line =
      format_log_line(LogRecord{LogLevel::info, "m", {{"a", "1"}, {"b", "2"}, {"a", "3"}}}, "", {});
  CHECK(line == R"({"level":"INFO","msg":"m","a":"3","b":"2"})");
}

TEST_CASE("field keys and values are escaped as JSON strings", "[log]") {
  const std::string line =
      format_log_line(LogRecord{LogLevel::info, "say \"hi\"\\", {{"k\"", "\t"}}}, "", {});
  CHECK(line == R"({"level":"INFO","msg":"say \"hi\"\\","k\"":"\t"})");
  CHECK_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded());
}
