#include "ycfn/log.hpp"

#include <algorithm>

#include "ycfn/detail/json_writer.hpp"
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

// One "key":value member, the value escaped as nlohmann dumps a string
// (invalid UTF-8 replaced; json_writer.hpp). Written by hand rather than
// through ordered_json: a second basic_json type would double the JSON code in
// the .wasm.
void append_member(std::string& line, const std::string& key, const std::string& value) {
  line += line.size() > 1 ? "," : "";
  append_json_string(line, key);
  line += ':';
  append_json_string(line, value);
}

// The line, each text passed through scrub(text) before it is escaped.
template <typename Scrub>
std::string format_with(const LogRecord& record, const std::string& request_id, const Scrub& scrub) {
  // level, msg and requestId come first, as a reader expects.
  std::string line = "{";
  append_member(line, "level", log_level_name(record.level));
  append_member(line, "msg", one_record(scrub(record.msg)));
  if (!request_id.empty()) append_member(line, "requestId", one_record(scrub(request_id)));
  const auto& fields = record.fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string key = one_record(fields[i].first);
    // A field may not replace level/msg/requestId.
    if (key == "level" || key == "msg" || key == "requestId") continue;
    // A repeated key appears once, where it first appeared, with its last value.
    const auto same_key = [&key](const auto& field) { return one_record(field.first) == key; };
    if (std::any_of(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(i), same_key)) continue;
    const auto last = std::find_if(fields.rbegin(), fields.rend(), same_key);
    append_member(line, key, one_record(scrub(last->second)));
  }
  line += '}';
  return line;
}

}  // namespace

std::string format_log_line(const LogRecord& record, const std::string& request_id,
                            const std::vector<std::string>& secrets) {
  return format_with(record, request_id,
                     [&secrets](std::string_view text) { return scrub_secrets(text, secrets); });
}

std::string format_log_line(const LogRecord& record, const std::string& request_id,
                            const std::vector<std::string>& secrets, const std::vector<std::string>& masked) {
  return format_with(record, request_id, [&secrets, &masked](std::string_view text) {
    return scrub_secrets(text, secrets, masked);
  });
}

}  // namespace ycfn
