// Structured log records. The core never writes anywhere: it collects records
// in a LogBuffer and the host prints them (Node: stdout; WASI: stderr), one JSON
// object per line in the platform's structured-logging format:
//   {"level":"WARN","msg":"...","requestId":"...", <fields>...}
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ycfn {

enum class LogLevel { trace, debug, info, warn, error, fatal };

// "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL": the platform's level names.
const char* log_level_name(LogLevel level);

struct LogRecord {
  LogLevel level = LogLevel::info;
  std::string msg;
  // Extra string fields, emitted after level/msg/requestId in this order.
  std::vector<std::pair<std::string, std::string>> fields;
};

// Collects records for one invocation (or one cache operation). Append-only.
class LogBuffer {
 public:
  void add(LogLevel level, std::string msg, std::vector<std::pair<std::string, std::string>> fields = {}) {
    records_.push_back(LogRecord{level, std::move(msg), std::move(fields)});
  }
  void trace(std::string msg) { add(LogLevel::trace, std::move(msg)); }
  void debug(std::string msg) { add(LogLevel::debug, std::move(msg)); }
  void info(std::string msg) { add(LogLevel::info, std::move(msg)); }
  void warn(std::string msg) { add(LogLevel::warn, std::move(msg)); }
  void error(std::string msg) { add(LogLevel::error, std::move(msg)); }

  const std::vector<LogRecord>& records() const { return records_; }
  // Moves the records out, leaving the buffer empty.
  std::vector<LogRecord> take() { return std::exchange(records_, {}); }

 private:
  std::vector<LogRecord> records_;
};

// One log line (no trailing newline) for `record`:
//  - keys "level", "msg", then "requestId" when request_id is non-empty, then fields;
//  - every occurrence of each string in `secrets` (msg and field values) is
//    replaced by redact_secret() of it, so a token can never reach a log; one
//    also in `masked` (the protected values) by kProtectedMark, which shows
//    nothing of it;
//  - '\n' inside msg and values becomes '\r' (the platform starts a new record at
//    each '\n');
//  - invalid UTF-8 is replaced (U+FFFD), never aborts.
std::string format_log_line(const LogRecord& record, const std::string& request_id,
                            const std::vector<std::string>& secrets);
// With `masked` (see above): a second function rather than a defaulted
// argument, linked only by a module that protects values (issue 25).
std::string format_log_line(const LogRecord& record, const std::string& request_id,
                            const std::vector<std::string>& secrets, const std::vector<std::string>& masked);

}  // namespace ycfn
