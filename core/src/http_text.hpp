// Small text helpers shared by the parts of the HTTP semantics
// (http_semantics.cpp, http_semantics_response.cpp, http_semantics_websocket.cpp);
// internal to the core.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/detail/ascii.hpp"
#include "ycfn/detail/http_semantics.hpp"

namespace ycfn::http {

using ycfn::equals_ignore_case;
using ycfn::is_token_char;

// C7: a query string's name=value pairs, split on `&` (empty pieces skipped),
// `+` a space, %XX a byte, a bad escape kept as written.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
// C5: whether a Content-Type value names `media_type`, any case, parameters
// (`; charset=utf-8`) ignored.
bool has_media_type(std::string_view content_type, std::string_view media_type);
// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
// The platform's error answer: `status`, Content-Type application/json, body
// {"errorMessage": message, "errorType": type}.
Response error_response(int status, std::string_view type, std::string_view message);

// An event under construction (keys kept in the order written) and a multi-map of names.
using Ordered = nlohmann::ordered_json;
using MultiMap = std::map<std::string, std::vector<std::string>>;
// C4: event[single_key] holds the last value of each name, event[multi_key]
// all of them in order; keys sorted.
void add_maps(Ordered& event, const char* single_key, const char* multi_key, const MultiMap& values);

}  // namespace ycfn::http
