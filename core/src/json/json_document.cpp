// parse_json_document (ycfn/detail/json_text.hpp): the core's one DOM parse,
// a walk over JsonScanner that builds nlohmann::json values directly.
// nlohmann's own parser is not linked into the core: its parser and lexer,
// with the lexer's error texts (snprintf and with it printf's long-double
// formatting) and strtod (long-double arithmetic in software on wasm), were
// ~30 KB of every module (bench/README.md, "Size").
//
// It accepts and rejects exactly what nlohmann's parse(text, nullptr, false)
// does, builds the same values with the same number types, and fails at the
// position nlohmann reports (json_error_position.hpp). tests/core/
// test_json_document.cpp and fuzz/fuzz_json_writer.cpp hold the two side by side.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "json_error_position.hpp"
#include "json_number.hpp"
#include "json_scanner.hpp"
#include "ycfn/detail/json_text.hpp"

namespace ycfn {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// `text` (JSON number grammar) as nlohmann types it: digits alone are
// unsigned, with a '-' a signed integer; a fraction, an exponent, or an
// integer beyond 64 bits a double. False when the double overflows (nlohmann's
// "number overflow": 1e400 is an error, not infinity).
bool number_value(std::string_view text, nlohmann::json& out) {
  if (text.find_first_of(".eE") == std::string_view::npos) {
    const bool negative = text.front() == '-';
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t magnitude = 0;
    bool fits = true;
    for (std::size_t i = negative ? 1 : 0; i < text.size() && fits; ++i) {
      const auto digit = static_cast<std::uint64_t>(text[i] - '0');
      fits = magnitude <= (kMax - digit) / 10;
      magnitude = magnitude * 10 + digit;
    }
    constexpr auto kMinMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|
    if (fits && !negative) {
      out = magnitude;
      return true;
    }
    if (fits && magnitude <= kMinMagnitude) {
      // -(magnitude - 1) - 1 stays in range for INT64_MIN; "-0" is integer 0.
      out = magnitude == 0 ? std::int64_t{0} : -static_cast<std::int64_t>(magnitude - 1) - 1;
      return true;
    }
  }
  double value = 0;
  if (!detail::json_number_to_double(text, value)) return false;
  out = value;
  return true;
}

// Builds the document into `root`. On failure, `failed_at` is the offset of the
// token the walk could not take.
bool build(std::string_view text, nlohmann::json& root, std::size_t& failed_at) {
  const bool bom = text.substr(0, kByteOrderMark.size()) == kByteOrderMark;
  detail::JsonScanner scanner(bom ? text.substr(kByteOrderMark.size()) : text);
  // The token after any whitespace, and where it starts in `text`.
  const auto next_token = [&] {
    const char c = scanner.peek();
    failed_at = static_cast<std::size_t>(scanner.position() - text.data());
    return c;
  };
  // The arrays and objects still open, innermost last. A walk, not a
  // recursion: nesting costs heap, never stack (callers bound it anyway).
  std::vector<nlohmann::json*> open;
  nlohmann::json* slot = &root;  // where the next value goes
  std::string key;
  bool want_key = false;  // an object member comes next, not a bare value
  for (;;) {
    if (want_key) {
      if (next_token() != '"' || !scanner.read_string(key)) return false;
      if (next_token() != ':') return false;
      scanner.consume(':');
      // nlohmann's DOM builder does the same: the last of duplicate keys wins.
      slot = &(*open.back())[key];
    }
    // One value into *slot.
    bool opened = false;
    switch (next_token()) {
      case '{':
      case '[': {
        const bool object = scanner.peek() == '{';
        scanner.consume(object ? '{' : '[');
        *slot = object ? nlohmann::json::object() : nlohmann::json::array();
        opened = !scanner.consume(object ? '}' : ']');
        if (opened) open.push_back(slot);
        break;
      }
      case '"':
        *slot = std::string();
        if (!scanner.read_string(slot->get_ref<std::string&>())) return false;
        break;
      case 't':
        if (!scanner.read_literal("true")) return false;
        *slot = true;
        break;
      case 'f':
        if (!scanner.read_literal("false")) return false;
        *slot = false;
        break;
      case 'n':
        if (!scanner.read_literal("null")) return false;
        *slot = nullptr;
        break;
      default: {
        std::string_view number;
        if (!scanner.read_number_text(number) || !number_value(number, *slot)) return false;
        break;
      }
    }
    if (opened) {
      want_key = open.back()->is_object();
      if (!want_key) slot = &open.back()->emplace_back();
      continue;
    }
    // The value is complete: close what ends after it, up to a ',' or the end.
    for (;;) {
      if (open.empty()) return next_token() == '\0' && scanner.at_end();
      nlohmann::json& container = *open.back();
      const char closer = container.is_object() ? '}' : ']';
      const char c = next_token();
      if (c == ',') {
        scanner.consume(',');
        want_key = container.is_object();
        if (!want_key) slot = &container.emplace_back();
        break;
      }
      if (c != closer) return false;
      scanner.consume(closer);
      open.pop_back();
    }
  }
}

}  // namespace

JsonDocument parse_json_document(std::string_view text) {
  // A NUL is never JSON text; nlohmann's lexer took it for the end of input.
  const std::size_t nul = text.find('\0');
  const std::string_view before_nul = text.substr(0, nul);
  JsonDocument document;
  std::size_t failed_at = 0;
  const bool parsed = build(before_nul, document.value, failed_at);
  if (parsed && nul == std::string_view::npos) {
    document.ok = true;
    return document;
  }
  document.value = nlohmann::json(nlohmann::json::value_t::discarded);
  // A whole document before a NUL fails at the NUL (one past the text seen).
  document.error_position = parsed ? nul + 1 : detail::nlohmann_error_position(before_nul, failed_at);
  return document;
}

}  // namespace ycfn
