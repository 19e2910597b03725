// The invocation JSON read by the strict scanner (json/json_scanner.hpp)
// instead of into an nlohmann DOM: what a host sends on every call is small and
// plain ({"context":{...},"now_ms":...,"deadline_ms":...}), and building, copying
// and freeing its DOM was about a tenth of a warm 1 KB call. The context's text is
// kept for Context::raw(), which parses it only when a handler asks.
//
// Whatever this reader is not sure of gives up (std::nullopt), and
// parse_invocation_input takes the DOM path, which answers every error; so both
// paths accept the same inputs and give handlers the same fields.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "invocation_input.hpp"
#include "json/json_scanner.hpp"
#include "ycfn/detail/json_text.hpp"

namespace ycfn {
namespace {

using detail::JsonScanner;

// A host clock time written as plain decimal digits: 0, or no leading zero and
// at most 15 digits (below 2^53, the DOM path's bound). Anything else (a sign,
// fraction, exponent, or more digits) is left to the DOM path to judge.
bool read_plain_time(JsonScanner& scanner, std::int64_t& out) {
  std::string_view text;
  if (!scanner.read_number(text) || text.empty() || text.size() > 15) return false;
  if (text[0] == '0' && text.size() > 1) return false;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

// The context's members the core reads: the four strings and the token (its
// text, parsed into a DOM here, as it is small and validated anyway). A member
// read twice, a number where a string is expected, or deadlineMs (rare, and
// judged with its error by the DOM path) gives up.
bool read_context(JsonScanner& scanner, InvocationInput& input) {
  std::string* strings[] = {&input.context.request_id, &input.context.function_name,
                            &input.context.function_version, &input.context.memory_limit_mb};
  constexpr std::string_view kStringKeys[] = {"requestId", "functionName", "functionVersion",
                                              "memoryLimitInMB"};
  bool seen[5] = {};
  const char* begin = scanner.position();
  const bool ok = scanner.read_object(2, [&](std::string_view key) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (key != kStringKeys[i]) continue;
      if (seen[i] || scanner.peek() != '"') return false;
      seen[i] = true;
      return scanner.read_string(*strings[i]);
    }
    if (key == "deadlineMs") return false;
    if (key != "token") return scanner.skip_value(3);
    if (seen[4]) return false;
    seen[4] = true;
    const char* value_begin = scanner.position();
    if (!scanner.skip_value(3)) return false;
    JsonDocument token = parse_json_document(
        std::string_view(value_begin, static_cast<std::size_t>(scanner.position() - value_begin)));
    if (!token.ok) return false;
    input.context_token = std::move(token.value);
    return true;
  });
  if (!ok) return false;
  input.context.raw_text.assign(begin, static_cast<std::size_t>(scanner.position() - begin));
  return true;
}

}  // namespace

std::optional<InvocationInput> scan_invocation_input(std::string_view json) {
  JsonScanner scanner(json);
  InvocationInput input;
  bool seen_context = false;
  bool seen_now = false;
  bool seen_deadline = false;
  const bool ok = scanner.read_object(1, [&](std::string_view key) {
    if (key == "context") {
      if (seen_context || scanner.peek() != '{') return false;
      seen_context = true;
      return read_context(scanner, input);
    }
    if (key == "now_ms") {
      if (seen_now) return false;
      seen_now = true;
      return read_plain_time(scanner, input.now_ms);
    }
    if (key == "deadline_ms") {
      if (seen_deadline) return false;
      seen_deadline = true;
      std::int64_t deadline = 0;
      if (!read_plain_time(scanner, deadline)) return false;
      input.deadline = deadline;
      return true;
    }
    // context_json is the text a host read from its environment: the DOM path
    // parses and judges it.
    if (key == "context_json") return false;
    return scanner.skip_value(2);
  });
  if (!ok || !scanner.at_end() || !seen_now) return std::nullopt;
  input.context.started_at_ms = input.now_ms;
  return input;
}

}  // namespace ycfn
