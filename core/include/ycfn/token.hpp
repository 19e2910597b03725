// The IAM token model shared by every source (handler context, metadata service).
#pragma once

#include <cstdint>
#include <string>

namespace ycfn {

// Where the token an invocation uses came from.
enum class TokenSource {
  context,   // context.token, handed in by the platform
  metadata,  // fetched from the metadata service for this invocation
  cache,     // fetched earlier from the metadata service and still fresh
};

// "context", "metadata", "cache".
const char* token_source_name(TokenSource source);

struct Token {
  std::string access_token;         // never log this: use redact_secret()
  std::string token_type;           // "Bearer" as received (matched case-insensitively)
  std::int64_t expires_in_s = 0;    // lifetime in seconds, as received (1 .. 86400)
  std::int64_t obtained_at_ms = 0;  // host clock (Unix ms) when it was received

  std::int64_t expires_at_ms() const { return obtained_at_ms + expires_in_s * 1000; }
  // Value for an `Authorization` header: "Bearer <access_token>".
  std::string authorization_header() const { return "Bearer " + access_token; }
};

}  // namespace ycfn
