// The token rules on both entry points, and their agreement:
//  - parse_token_body() on the raw bytes (a metadata reply body; one holding
//    a NUL byte is never accepted);
//  - the bytes parsed as JSON without exceptions, then parse_token_object()
//    (what the runtime does with `context.token`).
// Invariants: an accepted token obeys the rules; the two entry points accept
// the same documents (parse_token_body additionally tolerates a BOM and
// refuses bodies over 64 KiB or nested deeper than 16); messages are
// printable ASCII and quote no byte of the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "ycfn/detail/token_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr std::int64_t kNow = 1764331200000;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

void check_token(const ycfn::Token& token) {
  YCFN_FUZZ_CHECK(!token.access_token.empty(), "access_token is empty");
  for (const char c : token.access_token) {
    const auto byte = static_cast<unsigned char>(c);
    YCFN_FUZZ_CHECK(byte > 0x20 && byte < 0x7F, "access_token holds whitespace, control or non-ASCII");
  }
  YCFN_FUZZ_CHECK(token.expires_in_s >= 1 && token.expires_in_s <= ycfn::kMaxExpiresInSeconds,
                  "expires_in out of 1..86400");
  YCFN_FUZZ_CHECK(token.token_type.size() == 6, "token_type is not Bearer");
  YCFN_FUZZ_CHECK(token.obtained_at_ms == kNow, "obtained_at_ms is not now");
}

void check_error(const ycfn::Error& error) {
  YCFN_FUZZ_CHECK(error.code == ycfn::kTokenInvalid || error.code == ycfn::kTokenTooLarge, "unexpected code");
  YCFN_FUZZ_CHECK(!error.retryable, "a token rule error is retryable");
  YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(error.message), "message is not printable ASCII");
  YCFN_FUZZ_CHECK(!ycfn_fuzz::has_marker(error.message), "message quotes input bytes");
}

// Nesting depth of a parsed value (the input is at most a few KiB, so the
// recursion is shallow enough).
std::size_t depth_of(const nlohmann::json& value) {
  if (!value.is_structured()) return 0;
  std::size_t deepest = 0;
  for (const auto& item : value) {
    const std::size_t d = depth_of(item);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const auto from_body = ycfn::parse_token_body(bytes, kNow);
  if (from_body.ok()) {
    check_token(from_body.value());
  } else {
    check_error(from_body.error());
    YCFN_FUZZ_CHECK((from_body.error().code == ycfn::kTokenTooLarge) == (size > ycfn::kMaxTokenBodyBytes),
                    "too_large and the size disagree");
  }

  // JSON text never holds a raw NUL (nlohmann's lexer would stop at it).
  const bool has_nul = bytes.find('\0') != std::string_view::npos;
  if (has_nul) YCFN_FUZZ_CHECK(!from_body.ok(), "a body with a NUL byte was accepted");

  std::string_view text = bytes;
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) {
    YCFN_FUZZ_CHECK(!from_body.ok(), "parse_token_body accepted text that is not JSON");
    return 0;
  }
  const auto from_object = ycfn::parse_token_object(value, kNow);
  if (from_object.ok()) {
    check_token(from_object.value());
  } else {
    check_error(from_object.error());
    YCFN_FUZZ_CHECK(from_object.error().code == ycfn::kTokenInvalid, "parse_token_object said too_large");
  }

  // Agreement: within the size and depth limits, both say the same (the
  // harness's parse stops at a NUL, parse_token_body refuses it).
  const bool within_limits =
      !has_nul && size <= ycfn::kMaxTokenBodyBytes && depth_of(value) <= ycfn::kMaxTokenJsonDepth;
  if (within_limits) {
    YCFN_FUZZ_CHECK(from_body.ok() == from_object.ok(), "parse_token_body and parse_token_object disagree");
    if (from_body.ok()) {
      YCFN_FUZZ_CHECK(from_body->access_token == from_object->access_token &&
                          from_body->expires_in_s == from_object->expires_in_s &&
                          from_body->token_type == from_object->token_type,
                      "parse_token_body and parse_token_object give different tokens");
    } else {
      YCFN_FUZZ_CHECK(from_body.error().message == from_object.error().message,
                      "parse_token_body and parse_token_object give different reasons");
    }
  } else {
    YCFN_FUZZ_CHECK(!from_body.ok(), "parse_token_body accepted a body over its limits");
  }

  // The runtime re-parses what a host dumped: a round trip through dump()
  // (with replacement, as the core always dumps) changes nothing for a token.
  if (from_object.ok()) {
    const std::string dumped = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const auto again = ycfn::parse_token_body(dumped, kNow);
    if (depth_of(value) <= ycfn::kMaxTokenJsonDepth && dumped.size() <= ycfn::kMaxTokenBodyBytes) {
      YCFN_FUZZ_CHECK(again.ok() && again->access_token == from_object->access_token,
                      "a dumped token does not parse back");
    }
  }
  return 0;
}
