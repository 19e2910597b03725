// Small text helpers shared by the two halves of the HTTP semantics
// (http_semantics.cpp, http_semantics_response.cpp); internal to the core.
#pragma once

#include <string>
#include <string_view>

#include "ycfn/detail/ascii.hpp"
#include "ycfn/detail/http_semantics.hpp"

namespace ycfn::http {

using ycfn::equals_ignore_case;
using ycfn::is_token_char;

// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
// The platform's error answer: `status`, Content-Type application/json, body
// {"errorMessage": message, "errorType": type}.
Response error_response(int status, std::string_view type, std::string_view message);

}  // namespace ycfn::http
