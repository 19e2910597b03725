// Where nlohmann's parser would report a syntax error, for the errors of
// parse_json_document (json_text.hpp), which callers turn into messages
// ("not valid JSON at byte N", token_parse.cpp's offsets) that must not change
// now that nlohmann's parser is not linked into the core any more.
//
// nlohmann reports the number of characters its lexer had read when it gave
// up: it lexes the offending token to its end (or to the byte that made it
// invalid) first. Reading the end of the input counts as one more character.
// This runs only once a parse has failed, so it is written for plainness.
#pragma once

#include <cstddef>
#include <string_view>

namespace ycfn::detail {

// The 1-based position nlohmann reports for an error at the token that starts
// at `token_start` (whitespace already skipped; text.size() for the end of the
// input): one past the byte that made the token invalid, or one past the
// token's last byte when the token is valid but not allowed there (or a
// number that overflows a double). A token at offset 0 that starts with 0xEF
// is read as a byte order mark first, as nlohmann does.
std::size_t nlohmann_error_position(std::string_view text, std::size_t token_start);

}  // namespace ycfn::detail
