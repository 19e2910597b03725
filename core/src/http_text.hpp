// Small text helpers shared by the two halves of the HTTP semantics
// (http_semantics.cpp, http_semantics_response.cpp); internal to the core.
#pragma once

#include <string>
#include <string_view>

#include "ycfn/detail/http_semantics.hpp"

namespace ycfn::http {

// ASCII case-insensitive equality (header names).
bool equals_ignore_case(std::string_view a, std::string_view b);
// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
// RFC 9110 token characters: what a header name is made of.
bool is_token_char(char c);
// The platform's error answer: `status`, Content-Type application/json, body
// {"errorMessage": message, "errorType": type}.
Response error_response(int status, std::string_view type, std::string_view message);

}  // namespace ycfn::http
