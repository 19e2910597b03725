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

std::string scrub_secrets(std::string_view text, const std::vector<std::string>& secrets,
                          const std::vector<std::string>& masked) {
  std::string out(text);
  for (const auto& secret : secrets) {
    if (secret.size() < kMinScrubbedLength) continue;
    const bool hidden = std::find(masked.begin(), masked.end(), secret) != masked.end();
    const std::string replacement = hidden ? std::string(kProtectedMark) : redact_secret(secret);
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), replacement);
      pos += replacement.size();
    }
  }
  return out;
}

}  // namespace ycfn
