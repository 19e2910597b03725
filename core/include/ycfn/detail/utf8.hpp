// Strict UTF-8 validation (RFC 3629). Response bodies and header values go out
// as JSON strings, which must be valid UTF-8; the platform's event bodies may not be.
#pragma once

#include <cstddef>
#include <string_view>

namespace ycfn {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text);

// Offset of the first byte of the first ill-formed sequence, or
// std::string_view::npos when `text` is valid. For error messages.
std::size_t first_invalid_utf8(std::string_view text);

// The length (1 to 4) of the well-formed sequence that starts at text[i], or 0
// when it is ill-formed or cut short. For scanners that validate as they go.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace ycfn
