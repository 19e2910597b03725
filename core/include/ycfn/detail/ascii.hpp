// ASCII text rules HTTP is made of, once for the core: header names compare
// case-insensitively (A-Z only: folding other bytes would merge distinct
// names), and names and methods are RFC 9110 tokens.
#pragma once

#include <string>
#include <string_view>

namespace ycfn {

// ASCII case-insensitive equality.
bool equals_ignore_case(std::string_view a, std::string_view b);
// `text` with A-Z folded to a-z.
std::string ascii_lower(std::string_view text);
// An RFC 9110 token character: what header names and methods are made of.
bool is_token_char(char c);
// A non-empty run of token characters.
bool is_http_token(std::string_view text);

}  // namespace ycfn
