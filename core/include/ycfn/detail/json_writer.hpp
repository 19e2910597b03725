// JSON text written straight into a string, byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes, without its cost:
// nlohmann escapes a string one code point at a time through a UTF-8 decoder
// and a small buffer, which on the per-invocation paths (the handler's JSON
// reply, the result object, the respond step, log lines) was a large part of a
// warm call in wasm (bench/README.md, item 2). Here runs of bytes that need no
// escape are copied at once; a string that is not valid UTF-8 (rare) gets
// nlohmann's U+FFFD replacements, one sequence at a time. nlohmann's serializer
// itself is not linked into the core (with its snprintf, it cost the .wasm
// ~10 KB); fuzz/fuzz_json_writer.cpp and tests/core/test_json_writer.cpp hold
// the two side by side.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ycfn {

// Appends `text` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view text);

// Appends `texts` as a JSON array of strings.
void append_json_string_array(std::string& out, const std::vector<std::string>& texts);

// Appends `value` as compact JSON text (object members in the DOM's key order).
void append_json(std::string& out, const nlohmann::json& value);

// `value` as compact JSON text: value.dump(-1, ' ', false, replace), faster.
// The one JSON text writer of the core (scripts/lint.sh refuses a raw dump
// elsewhere); handlers and hosts call it as ycfn::json::dump (ycfn/json.hpp).
std::string json_text(const nlohmann::json& value);
// The same for an ordered_json (members in insertion order).
std::string json_text(const nlohmann::ordered_json& value);

}  // namespace ycfn
