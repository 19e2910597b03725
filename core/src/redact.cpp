#include "ycfn/redact.hpp"

#include <algorithm>

namespace ycfn {

namespace {
constexpr std::size_t kShownPrefix = 4;
constexpr std::size_t kMinLengthToShowPrefix = 9;
constexpr std::size_t kMinScrubbedLength = 4;
}  // namespace

std::string redact_secret(std::string_view secret) {
  std::string out;
  if (secret.size() >= kMinLengthToShowPrefix) out.append(secret.substr(0, kShownPrefix));
  out += "\xE2\x80\xA6(";  // U+2026 HORIZONTAL ELLIPSIS
  out += std::to_string(secret.size());
  out += " chars)";
  return out;
}

namespace {

// Replaces each secret, in order, by replacement(secret).
template <typename Replacement>
std::string scrub_with(std::string_view text, const std::vector<std::string>& secrets,
                       const Replacement& replacement_of) {
  std::string out(text);
  for (const auto& secret : secrets) {
    if (secret.size() < kMinScrubbedLength) continue;
    const std::string replacement = replacement_of(secret);
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), replacement);
      pos += replacement.size();
    }
  }
  return out;
}

}  // namespace

std::string scrub_secrets(std::string_view text, const std::vector<std::string>& secrets) {
  return scrub_with(text, secrets, [](const std::string& secret) { return redact_secret(secret); });
}

std::string scrub_secrets(std::string_view text, const std::vector<std::string>& secrets,
                          const std::vector<std::string>& masked) {
  return scrub_with(text, secrets, [&masked](const std::string& secret) {
    const bool hidden = std::find(masked.begin(), masked.end(), secret) != masked.end();
    return hidden ? std::string(kProtectedMark) : redact_secret(secret);
  });
}

}  // namespace ycfn
