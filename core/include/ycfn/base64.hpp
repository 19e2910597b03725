// Standard base64 (RFC 4648 section 4, with padding), as the platform uses for
// `body` when `isBase64Encoded` is true.
#pragma once

#include <string>
#include <string_view>

#include "ycfn/result.hpp"

namespace ycfn {

std::string base64_encode(std::string_view bytes);

// Strict decoding: the alphabet A-Z a-z 0-9 + /, '=' padding only at the end,
// length a multiple of 4 once padded. Unpadded input (length % 4 of 2 or 3) is
// accepted, as some encoders drop padding. Error code: `base64.invalid`.
Result<std::string> base64_decode(std::string_view text);

}  // namespace ycfn
