// Parsing untrusted JSON text without exceptions and with bounded nesting.
// nlohmann's dump(), copy and comparison recurse once per nesting level, so a
// deeply nested document could exhaust the (small, on wasm) stack later on:
// the nesting is measured with a linear pre-scan and refused before parsing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"

namespace ycfn {

// Events and request bodies may nest arrays/objects this deep, no deeper.
constexpr std::size_t kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in `text`, counting brackets outside
// strings (a top-level object is depth 1). Linear; stops counting once the depth
// exceeds `stop_after` (the answer is then stop_after + 1). Works on any bytes:
// unbalanced or invalid text gives a number, which the parser then judges.
std::size_t json_nesting_depth(std::string_view text, std::size_t stop_after = kMaxJsonDepth);

// The offset of the '[' or '{' that opens nesting level max_depth + 1, or
// std::string_view::npos when the text never nests that deep. Same scan as
// json_nesting_depth, for callers that report where the limit was crossed.
std::size_t find_nesting_over(std::string_view text, std::size_t max_depth);

// The outcome of parse_json_document: `value` when `ok`, else the 1-based
// position where parsing failed (0 if unknown). A position one past the last
// byte means the text ended before the value was complete.
struct JsonDocument {
  nlohmann::json value;
  bool ok = false;
  std::size_t error_position = 0;
};

// Parses `text` as exactly one JSON document, strictly (no comments, nothing
// after the value). A NUL byte is never part of JSON text (nlohmann's lexer
// would take it for the end of the input): parsing fails at it.
// Every JSON parse in the core goes through here. It is ycfn's own walk
// (core/src/json/json_document.cpp), not nlohmann's parser, which the core does
// not link (it keeps the .wasm small); it accepts, builds and fails exactly as
// nlohmann::json::parse(text, nullptr, false) does, a leading UTF-8 byte order
// mark included, with the position nlohmann's parser reports.
// It does not check the nesting depth: callers pre-scan first (the walk itself
// never recurses).
JsonDocument parse_json_document(std::string_view text);

// Parses `text` as one JSON document. On failure, an Error with `code` and a
// message naming `what` ("event", "request body") and the problem:
//   "<what> is empty"
//   "<what> is nested deeper than 64 levels"
//   "<what> is not valid JSON at byte N"   (N: 1-based position where parsing failed)
// The message never quotes the text itself.
Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& code, std::string_view what,
                                       std::size_t max_depth = kMaxJsonDepth);

}  // namespace ycfn
