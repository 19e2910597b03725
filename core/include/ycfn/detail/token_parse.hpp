// The token rules (docs/design.md "Token rules"): one set for both sources, the
// metadata service's reply body and the platform's `context.token`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "ycfn/result.hpp"
#include "ycfn/token.hpp"

namespace ycfn {

// A larger metadata reply is rejected before any parsing.
inline constexpr std::size_t kMaxTokenBodyBytes = 65536;
// Deeper nesting is rejected by a linear pre-scan, before the JSON parser runs.
inline constexpr std::size_t kMaxTokenJsonDepth = 16;
// `expires_in` is 1 .. this many seconds (IAM tokens live at most 12 hours).
inline constexpr std::int64_t kMaxExpiresInSeconds = 86400;

// Error codes of parse_token_*. They are neutral because the same rules serve
// two sources whose public codes differ; callers re-code them:
//   metadata reply (metadata.hpp): kTokenTooLarge -> metadata.too_large,
//                                  kTokenInvalid  -> metadata.bad_reply
//   context.token (the runtime):   both           -> token.bad_context
// Messages describe shapes, sizes and offsets only: never the token, never a
// byte of the body.
inline constexpr const char* kTokenInvalid = "token.invalid";
inline constexpr const char* kTokenTooLarge = "token.too_large";

// Parses a metadata reply body: size check (kTokenTooLarge), then a leading
// UTF-8 BOM is skipped, then the depth pre-scan, then the JSON parse, then
// parse_token_object(). Offsets in messages count from the start of `body`.
Result<Token> parse_token_body(std::string_view body, std::int64_t now_ms);

// Applies the field rules to an already parsed value (e.g. `context.token`):
// an object with a non-empty printable-ASCII `access_token` without whitespace,
// an integer `expires_in` in 1..kMaxExpiresInSeconds, and `token_type` equal to
// "Bearer" in any letter case. Other fields are ignored. The token's
// obtained_at_ms is `now_ms`.
Result<Token> parse_token_object(const nlohmann::json& value, std::int64_t now_ms);

}  // namespace ycfn
