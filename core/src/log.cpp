#include "ycfn/log.hpp"

#include <nlohmann/json.hpp>

#include "ycfn/redact.hpp"

namespace ycfn {

const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::trace:
      return "TRACE";
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warn:
      return "WARN";
    case LogLevel::error:
      return "ERROR";
    case LogLevel::fatal:
      return "FATAL";
  }
  return "INFO";
}

namespace {

// The platform starts a new log record at every '\n'; '\r' keeps one record.
std::string one_record(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = '\r';
  }
  return text;
}

}  // namespace

std::string format_log_line(const LogRecord& record, const std::string& request_id,
                            const std::vector<std::string>& secrets) {
  // ordered_json keeps level/msg/requestId first, as a reader expects.
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["level"] = log_level_name(record.level);
  line["msg"] = one_record(scrub_secrets(record.msg, secrets));
  if (!request_id.empty()) line["requestId"] = one_record(scrub_secrets(request_id, secrets));
  for (const auto& [key, value] : record.fields) {
    // A field may not replace level/msg/requestId.
    if (key == "level" || key == "msg" || key == "requestId") continue;
    line[one_record(key)] = one_record(scrub_secrets(value, secrets));
  }
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ycfn
