// A fast path for large events: the top-level "body" string is set aside
// before the JSON parse and put back after it.
//
// Why: nlohmann's lexer appends a string's bytes to its token buffer one at a
// time, so a 1 MiB base64 body costs tens of milliseconds in wasm, most of the
// time of an invocation. Found by profiling bench/ item 2.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ycfn {

// Events shorter than this take the ordinary parse.
inline constexpr std::size_t kLargeEventBytes = 64 * 1024;

// When `event_json` is at least `min_bytes` long, is a JSON object with one
// top-level "body" member whose value is a string of at least min_bytes / 2
// bytes without escapes or control bytes and of valid UTF-8, and the rest of
// the text parses: the parsed event,
// exactly what parse_json_text would give. Otherwise std::nullopt, and the
// caller parses the ordinary way (which then reports any error, with the
// ordinary message and position). fuzz_http_event passes min_bytes 0 to check
// the agreement on every input.
std::optional<nlohmann::json> parse_large_event(std::string_view event_json,
                                                std::size_t min_bytes = kLargeEventBytes);

}  // namespace ycfn
