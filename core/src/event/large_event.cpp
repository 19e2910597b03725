#include "large_event.hpp"

#include <string>

#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the string opening at text[open] (a '"') ends: the index of its closing
// quote, or npos. Sets `plain` when it holds no backslash and no control byte.
std::size_t string_end(std::string_view text, std::size_t open, bool& plain) {
  plain = true;
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '"') return i;
    if (byte == '\\') {
      plain = false;
      ++i;  // the escaped character cannot close the string
    } else if (byte < 0x20) {
      plain = false;
    }
  }
  return npos;
}

std::size_t skip_space(std::string_view text, std::size_t i) {
  while (i < text.size() && is_json_space(text[i])) ++i;
  return i;
}

// The span [first, last) of the content of the only top-level "body" member
// when it is a plain string; {npos, npos} when there is none, it is not a plain
// string, there are two, or a top-level key has escapes (it could spell "body").
std::pair<std::size_t, std::size_t> find_plain_body(std::string_view text) {
  const std::pair<std::size_t, std::size_t> none{npos, npos};
  std::pair<std::size_t, std::size_t> found = none;
  std::size_t i = skip_space(text, 0);
  if (i >= text.size() || text[i] != '{') return none;
  std::size_t depth = 0;
  bool expect_key = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      bool plain = false;
      const std::size_t close = string_end(text, i, plain);
      if (close == npos) return none;
      if (depth == 1 && expect_key) {
        expect_key = false;
        if (!plain) return none;
        if (text.substr(i + 1, close - i - 1) == "body") {
          if (found != none) return none;
          std::size_t value = skip_space(text, close + 1);
          if (value >= text.size() || text[value] != ':') return none;
          value = skip_space(text, value + 1);
          if (value >= text.size() || text[value] != '"') return none;
          bool value_plain = false;
          const std::size_t value_close = string_end(text, value, value_plain);
          if (value_close == npos || !value_plain) return none;
          found = {value + 1, value_close};
          i = value_close;
          continue;
        }
      }
      i = close;
    } else if (c == '{' || c == '[') {
      ++depth;
      expect_key = depth == 1;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return none;
      --depth;
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
  }
  return found;
}

}  // namespace

std::optional<nlohmann::json> parse_large_event(std::string_view event_json, std::size_t min_bytes) {
  if (event_json.size() < min_bytes) return std::nullopt;
  const auto [first, last] = find_plain_body(event_json);
  if (first == npos || last - first < min_bytes / 2) return std::nullopt;
  const std::string_view body = event_json.substr(first, last - first);
  if (!is_valid_utf8(body)) return std::nullopt;

  // The event with `"body":""`: small, and parsed the ordinary way.
  std::string rest;
  rest.reserve(event_json.size() - body.size());
  rest.append(event_json.substr(0, first));
  rest.append(event_json.substr(last));
  if (find_nesting_over(rest, kMaxJsonDepth) != npos) return std::nullopt;
  JsonDocument document = parse_json_document(rest);
  if (!document.ok) return std::nullopt;
  auto member = document.value.find("body");
  if (member == document.value.end() || !member->is_string()) return std::nullopt;
  *member = std::string(body);
  return std::move(document.value);
}

}  // namespace ycfn
