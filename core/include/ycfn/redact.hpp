// Redaction of secrets for logs and error messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ycfn {

// A safe stand-in for a secret: its first 4 characters and its length, e.g.
// "t1.9…(120 chars)". Secrets of 8 characters or fewer show no characters at all
// ("…(6 chars)"), since 4 of them would be half the secret.
std::string redact_secret(std::string_view secret);

// The stand-in for a protected value (Context::protect_secret: a Lockbox
// password, ...): it shows nothing of the value, not even its length. A
// token's first characters only tell its kind ("t1.9"); a password's would
// be a quarter of it.
inline constexpr std::string_view kProtectedMark = "[secret]";

// `text` with every occurrence of each non-empty secret replaced by
// redact_secret(secret). Secrets shorter than 4 characters are ignored (they
// would match ordinary words; no real token is that short).
std::string scrub_secrets(std::string_view text, const std::vector<std::string>& secrets);
// The same, but a secret also in `masked` is replaced by kProtectedMark. Two
// functions rather than a defaulted argument: a module that protects no value
// links only the first (issue 25).
std::string scrub_secrets(std::string_view text, const std::vector<std::string>& secrets,
                          const std::vector<std::string>& masked);

}  // namespace ycfn
