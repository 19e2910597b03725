// classify_metadata_reply() / interpret_fetch_outcome() on a reply built from
// the input bytes:
//
//   bytes 0-1    status, big-endian signed 16 bits (0x00 0xC8 = 200; negative
//                and out-of-range statuses are legal input to the C++ API)
//   then lines   "Name:Value\n" headers (split at the first ':', nothing
//                trimmed), until an empty line
//   the rest     body
//
// Invariants: a token comes only from a 200 with an acceptable Metadata-Flavor
// and obeys the token rules; every other status maps to the documented code;
// messages are printable ASCII and quote no byte of the reply.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ycfn/detail/metadata.hpp"
#include "ycfn/detail/token_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr std::int64_t kNow = 1764331200000;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The design's rule, written independently of the core.
bool foreign_flavor(const ycfn::RawHttpReply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (!equals_ignoring_case(name, "Metadata-Flavor")) continue;
    std::string_view v = value;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v != "Google") return true;
  }
  return false;
}

// The documented code for a non-200 status with an acceptable flavor.
std::string_view expected_code(int status) {
  if (status >= 300 && status <= 399) return "metadata.redirect";
  if (status == 404) return "metadata.not_found";
  if (status == 403) return "metadata.forbidden";
  if (status == 429 || (status >= 500 && status <= 599)) return "metadata.unavailable";
  if (status >= 400 && status <= 499) return "metadata.http_error";
  return "metadata.bad_reply";
}

void check_token(const ycfn::Token& token) {
  YCFN_FUZZ_CHECK(!token.access_token.empty(), "access_token is empty");
  for (const char c : token.access_token) {
    const auto byte = static_cast<unsigned char>(c);
    YCFN_FUZZ_CHECK(byte > 0x20 && byte < 0x7F, "access_token holds whitespace, control or non-ASCII");
  }
  YCFN_FUZZ_CHECK(token.expires_in_s >= 1 && token.expires_in_s <= ycfn::kMaxExpiresInSeconds,
                  "expires_in out of 1..86400");
  YCFN_FUZZ_CHECK(equals_ignoring_case(token.token_type, "Bearer"), "token_type is not Bearer");
  YCFN_FUZZ_CHECK(token.obtained_at_ms == kNow, "obtained_at_ms is not now");
}

void check_message(const ycfn::Error& error) {
  YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(error.message), "message is not printable ASCII");
  YCFN_FUZZ_CHECK(!ycfn_fuzz::has_marker(error.message), "message quotes reply bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  ycfn::RawHttpReply reply;
  reply.status = static_cast<std::int16_t>(static_cast<std::uint16_t>((data[0] << 8) | data[1]));
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    reply.headers.emplace_back(std::string(line.substr(0, colon)), colon == std::string_view::npos
                                                                       ? std::string()
                                                                       : std::string(line.substr(colon + 1)));
  }
  reply.body = std::string(rest);

  const auto result = ycfn::classify_metadata_reply(reply, kNow);
  if (result.ok()) {
    YCFN_FUZZ_CHECK(reply.status == 200, "a token from a status other than 200");
    YCFN_FUZZ_CHECK(!foreign_flavor(reply), "a token despite a foreign Metadata-Flavor");
    YCFN_FUZZ_CHECK(reply.body.size() <= ycfn::kMaxTokenBodyBytes, "a token from an oversized body");
    YCFN_FUZZ_CHECK(reply.body.find('\0') == std::string::npos, "a token from a body with a NUL byte");
    check_token(result.value());
    const auto direct = ycfn::parse_token_body(reply.body, kNow);
    YCFN_FUZZ_CHECK(direct.ok() && direct->access_token == result->access_token &&
                        direct->expires_in_s == result->expires_in_s,
                    "classify and parse_token_body disagree");
  } else {
    const ycfn::Error& error = result.error();
    check_message(error);
    if (foreign_flavor(reply)) {
      YCFN_FUZZ_CHECK(error.code == "metadata.not_metadata_server", "foreign flavor not reported");
    } else if (reply.status == 200) {
      YCFN_FUZZ_CHECK(error.code == "metadata.bad_reply" || error.code == "metadata.too_large",
                      "a 200 without a token has the wrong code");
      YCFN_FUZZ_CHECK((error.code == "metadata.too_large") == (reply.body.size() > ycfn::kMaxTokenBodyBytes),
                      "metadata.too_large and the body size disagree");
    } else {
      YCFN_FUZZ_CHECK(error.code == expected_code(reply.status), "status mapped to the wrong code");
    }
    YCFN_FUZZ_CHECK(error.retryable == (error.code == "metadata.unavailable"), "wrong retryable flag");
  }

  // The same reply through interpret_fetch_outcome() gives the same answer.
  const int kind = reply.status & 3;
  const auto via_outcome = ycfn::interpret_fetch_outcome(ycfn::fetch_replied(reply), kNow);
  YCFN_FUZZ_CHECK(via_outcome.ok() == result.ok(), "interpret_fetch_outcome disagrees with classify");
  if (!result.ok()) {
    YCFN_FUZZ_CHECK(via_outcome.error().code == result.error().code &&
                        via_outcome.error().message == result.error().message,
                    "interpret_fetch_outcome disagrees with classify");
  }

  // A transport failure, with the body as the host's message: kept printable
  // and bounded.
  if (kind != 3) {
    const auto failure = static_cast<ycfn::TransportFailure>(kind);
    const auto failed = ycfn::interpret_fetch_outcome(ycfn::fetch_failed(failure, reply.body), kNow);
    YCFN_FUZZ_CHECK(!failed.ok(), "a transport failure yielded a token");
    const ycfn::Error& error = failed.error();
    YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(error.message), "transport message is not printable ASCII");
    YCFN_FUZZ_CHECK(error.message.size() <= 400, "transport message is not bounded");
    const std::string_view expected = failure == ycfn::TransportFailure::timeout   ? "metadata.timeout"
                                      : failure == ycfn::TransportFailure::network ? "metadata.network"
                                                                                   : "metadata.too_large";
    YCFN_FUZZ_CHECK(error.code == expected, "transport failure mapped to the wrong code");
    YCFN_FUZZ_CHECK(error.retryable == (failure != ycfn::TransportFailure::too_large),
                    "wrong retryable flag");
    const auto name = ycfn::transport_failure_name(failure);
    YCFN_FUZZ_CHECK(ycfn::parse_transport_failure(name) == failure,
                    "transport failure names do not round-trip");
  }
  return 0;
}
