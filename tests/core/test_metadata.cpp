#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/detail/metadata.hpp"

using ycfn::classify_metadata_reply;
using ycfn::FetchOutcome;
using ycfn::interpret_fetch_outcome;
using ycfn::metadata_token_request;
using ycfn::RawHttpReply;
using ycfn::TransportFailure;

namespace {

constexpr std::int64_t kNow = 1764330000000;
const std::string kPath = "/computeMetadata/v1/instance/service-accounts/default/token";
const std::string kSecret = "t1.9euelZqUjM2Wk5DKkJ7Nz5yWl5ONmpOLy8mWj4-SECRET-Qm9keSBzaG91bGQgbmV2ZXI";
const std::string kGoodBody =
    R"({"access_token":")" + kSecret + R"(","expires_in":43200,"token_type":"Bearer"})";

using Headers = std::vector<std::pair<std::string, std::string>>;

RawHttpReply reply(int status, std::string body = kGoodBody, Headers headers = {}) {
  return RawHttpReply{status, std::move(headers), std::move(body)};
}

bool leaks(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 8)) != std::string::npos) return true;
  }
  return false;
}

struct Classified {
  const char* name;
  RawHttpReply reply;
  const char* code;  // "" for success
  bool retryable;
  std::string message_part;
};

}  // namespace

TEST_CASE("the metadata request: method, URL and the Metadata-Flavor header", "[metadata]") {
  auto request = metadata_token_request("", "");
  REQUIRE(request.ok());
  CHECK(request->method == "GET");
  CHECK(request->url == "http://169.254.169.254" + kPath);
  REQUIRE(request->headers.size() == 1);
  CHECK(request->headers[0].first == "Metadata-Flavor");
  CHECK(request->headers[0].second == "Google");
}

TEST_CASE("the metadata host: YC_METADATA_ADDR, then GCE_METADATA_HOST, then the default", "[metadata]") {
  struct Case {
    const char* yc;
    const char* gce;
    const char* host;
  };
  const Case cases[] = {
      {"", "", "169.254.169.254"},
      {"10.0.0.7", "", "10.0.0.7"},
      {"", "metadata.google.internal", "metadata.google.internal"},
      {"127.0.0.1:8080", "metadata.google.internal", "127.0.0.1:8080"},  // YC wins
      {"[::1]:80", "", "[::1]:80"},
      {"[::1]", "", "[::1]"},
      {"[fe80::1:2]:65535", "", "[fe80::1:2]:65535"},
      {"[::ffff:169.254.169.254]", "", "[::ffff:169.254.169.254]"},
      {"localhost", "", "localhost"},
      {"metadata-1.internal:1", "", "metadata-1.internal:1"},
      {"", "HOST.Example:443", "HOST.Example:443"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yc, c.gce);
    auto request = metadata_token_request(c.yc, c.gce);
    REQUIRE(request.ok());
    CHECK(request->url == "http://" + std::string(c.host) + kPath);
  }
}

TEST_CASE("a metadata address that is not host[:port] is metadata.bad_address", "[metadata]") {
  struct Case {
    const char* address;
    const char* message_part;
  };
  const Case cases[] = {
      {"http://x", "looks like a URL"},
      {"http://169.254.169.254", "looks like a URL"},
      {"a/b", "unexpected '/' at offset 1"},
      {"host/", "unexpected '/' at offset 4"},
      {"host:0", "port must be 1..65535"},
      {"host:99999", "port must be 1..65535"},
      {"host:65536", "port must be 1..65535"},
      {"host:123456789012345678901234567890", "port must be 1..65535"},
      {"host:", "port after ':' is empty"},
      {"host:-1", "unexpected '-' at offset 5"},
      {"host:+80", "unexpected '+' at offset 5"},
      {"host:8a", "unexpected 'a' at offset 6"},
      {"host:80:90", "unexpected ':' at offset 7"},
      {":80", "host is empty"},
      {" host", "unexpected a space at offset 0"},
      {"host ", "unexpected a space at offset 4"},
      {"my host", "unexpected a space at offset 2"},
      {"host:80 ", "unexpected a space at offset 7"},
      {"\thost", "control or non-ASCII byte at offset 0"},
      {"h\xC3\xA9st", "control or non-ASCII byte at offset 1"},
      {"ho_st", "unexpected '_' at offset 2"},
      {"user@host", "unexpected '@' at offset 4"},
      {"::1", "host is empty"},
      {"fe80::1", "unexpected ':' at offset 5"},
      {"[::1", "no closing ']'"},
      {"[::1]x", "unexpected 'x' at offset 5 after the host"},
      {"[::1]:", "port after ':' is empty"},
      {"[::1]:0", "port must be 1..65535"},
      {"[zz::1]", "unexpected 'z' at offset 1 in the IPv6 literal"},
      {"[]", "not an IPv6 literal"},
      {"[127.0.0.1]", "not an IPv6 literal"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.address);
    auto from_yc = metadata_token_request(c.address, "metadata.google.internal");
    REQUIRE_FALSE(from_yc.ok());
    CHECK(from_yc.error().code == "metadata.bad_address");
    CHECK_FALSE(from_yc.error().retryable);
    CHECK_THAT(from_yc.error().message, Catch::StartsWith("YC_METADATA_ADDR is not host or host:port"));
    CHECK_THAT(from_yc.error().message, Catch::Contains(c.message_part));

    auto from_gce = metadata_token_request("", c.address);
    REQUIRE_FALSE(from_gce.ok());
    CHECK(from_gce.error().code == "metadata.bad_address");
    CHECK_THAT(from_gce.error().message, Catch::StartsWith("GCE_METADATA_HOST is not host or host:port"));
  }
  // A bad GCE_METADATA_HOST does not matter when YC_METADATA_ADDR is set.
  CHECK(metadata_token_request("127.0.0.1:8080", "http://x").ok());
}

TEST_CASE("parse_metadata_address splits host[:port] by the same rule and names its source", "[metadata]") {
  struct Case {
    const char* address;
    const char* host;
    int port;
  };
  const Case cases[] = {
      {"169.254.169.254", "169.254.169.254", 80},
      {"metadata.google.internal:8080", "metadata.google.internal", 8080},
      {"localhost:1", "localhost", 1},
      {"a-b.c:65535", "a-b.c", 65535},
      {"[::1]", "::1", 80},
      {"[fe80::1:2]:9", "fe80::1:2", 9},
      {"[::ffff:127.0.0.1]:80", "::ffff:127.0.0.1", 80},
  };
  for (const auto& c : cases) {
    CAPTURE(c.address);
    auto parsed = ycfn::parse_metadata_address(c.address, "--metadata");
    REQUIRE(parsed.ok());
    CHECK(parsed.value().host == c.host);
    CHECK(parsed.value().port == c.port);
  }
  for (const char* bad : {"", "http://x", "host:0", "[::1", "a b"}) {
    CAPTURE(bad);
    auto parsed = ycfn::parse_metadata_address(bad, "--metadata");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "metadata.bad_address");
    CHECK_THAT(parsed.error().message, Catch::StartsWith("--metadata is not host or host:port (" +
                                                         std::to_string(std::strlen(bad)) + " bytes): "));
    // The very message the token request gives for the variable.
    auto request = metadata_token_request(bad, "");
    if (*bad != '\0') {
      REQUIRE_FALSE(request.ok());
      CHECK(request.error().message == ycfn::parse_metadata_address(bad, "YC_METADATA_ADDR").error().message);
    }
  }
}

TEST_CASE("metadata replies are classified as docs/design.md says", "[metadata]") {
  const Headers google = {{"Metadata-Flavor", "Google"}};
  const std::vector<Classified> cases = {
      // Success.
      {"200, the docs' body", reply(200, ycfn_test::fixture("docs/metadata-token-response-docs.json")), "",
       false, ""},
      {"200 with Metadata-Flavor: Google", reply(200, kGoodBody, google), "", false, ""},
      {"200 with a lower-case header name", reply(200, kGoodBody, {{"metadata-flavor", "Google"}}), "", false,
       ""},
      {"200 with a padded header value", reply(200, kGoodBody, {{"METADATA-FLAVOR", " \tGoogle\t "}}), "",
       false, ""},
      {"200 without the header (not required)", reply(200, kGoodBody, {{"Content-Type", "application/json"}}),
       "", false, ""},
      // Wrong or foreign flavor, whatever the status.
      {"200 with flavor Amazon", reply(200, kGoodBody, {{"Metadata-Flavor", "Amazon"}}),
       "metadata.not_metadata_server", false,
       "Metadata-Flavor header other than \"Google\" (a 6-byte value)"},
      {"200 with flavor google (case matters)", reply(200, kGoodBody, {{"Metadata-Flavor", "google"}}),
       "metadata.not_metadata_server", false, "not point at a Google-compatible metadata server"},
      {"200 with an empty flavor", reply(200, kGoodBody, {{"metadata-flavor", ""}}),
       "metadata.not_metadata_server", false, ""},
      {"200 with a second, foreign flavor",
       reply(200, kGoodBody, {{"Metadata-Flavor", "Google"}, {"Metadata-Flavor", "x"}}),
       "metadata.not_metadata_server", false, ""},
      {"404 with a foreign flavor", reply(404, "", {{"Metadata-Flavor", "Azure"}}),
       "metadata.not_metadata_server", false, "answered 404"},
      {"302 with a foreign flavor", reply(302, "", {{"Metadata-Flavor", "Azure"}}),
       "metadata.not_metadata_server", false, ""},
      {"503 with a foreign flavor", reply(503, "", {{"Metadata-Flavor", "Azure"}}),
       "metadata.not_metadata_server", false, ""},
      // Redirects are never followed.
      {"301", reply(301, "", {{"Location", "http://elsewhere/"}}), "metadata.redirect", false,
       "metadata service answered 301, a redirect (never followed)"},
      {"302", reply(302, kGoodBody, google), "metadata.redirect", false, "answered 302"},
      {"307", reply(307, ""), "metadata.redirect", false, ""},
      {"308", reply(308, ""), "metadata.redirect", false, ""},
      {"300", reply(300, ""), "metadata.redirect", false, ""},
      // Client errors.
      {"404", reply(404, "Not Found", google), "metadata.not_found", false,
       "metadata service answered 404: no service account attached to this function version, or the metadata "
       "endpoint is disabled"},
      {"403", reply(403, ""), "metadata.forbidden", false, "metadata service answered 403: "},
      {"400", reply(400, ""), "metadata.http_error", false, "metadata service answered 400: "},
      {"401", reply(401, ""), "metadata.http_error", false, "answered 401"},
      {"405", reply(405, ""), "metadata.http_error", false, "answered 405"},
      {"499", reply(499, ""), "metadata.http_error", false, "answered 499"},
      // Retryable.
      {"429", reply(429, ""), "metadata.unavailable", true, "answered 429: rate limited"},
      {"500", reply(500, ""), "metadata.unavailable", true,
       "answered 500: the service is temporarily unavailable"},
      {"502", reply(502, ""), "metadata.unavailable", true, "answered 502"},
      {"503", reply(503, kGoodBody, google), "metadata.unavailable", true, "answered 503"},
      {"504", reply(504, ""), "metadata.unavailable", true, ""},
      {"599", reply(599, ""), "metadata.unavailable", true, ""},
      // Anything else is not a token reply.
      {"100", reply(100, ""), "metadata.bad_reply", false, "answered 100: expected 200 with a token"},
      {"101", reply(101, ""), "metadata.bad_reply", false, ""},
      {"201", reply(201, kGoodBody), "metadata.bad_reply", false, "answered 201"},
      {"204", reply(204, ""), "metadata.bad_reply", false, ""},
      {"206", reply(206, kGoodBody), "metadata.bad_reply", false, ""},
      {"0", reply(0, ""), "metadata.bad_reply", false, ""},
      {"600", reply(600, ""), "metadata.bad_reply", false, ""},
      {"-1", reply(-1, ""), "metadata.bad_reply", false, ""},
      // 200 with a body that breaks the token rules.
      {"200, empty body", reply(200, ""), "metadata.bad_reply", false,
       "metadata service answered 200 but the token reply is unusable: body is empty"},
      {"200, truncated JSON", reply(200, kGoodBody.substr(0, 40)), "metadata.bad_reply", false, "truncated"},
      {"200, non-JSON", reply(200, "<html>" + kSecret + "</html>"), "metadata.bad_reply", false,
       "not valid JSON"},
      {"200, a JSON array", reply(200, "[" + kGoodBody + "]"), "metadata.bad_reply", false, "got an array"},
      {"200, 10,000 '['", reply(200, std::string(10000, '[')), "metadata.bad_reply", false, "deeper than 16"},
      {"200, a token with CRLF",
       reply(200, R"({"access_token":"t1.a\r\nb)" + kSecret + R"(","expires_in":60,"token_type":"Bearer"})"),
       "metadata.bad_reply", false,
       "access_token (" + std::to_string(kSecret.size() + 7) + " bytes) contains whitespace at offset 4"},
      {"200, token_type MAC", reply(200, R"({"access_token":"ab","expires_in":60,"token_type":"MAC"})"),
       "metadata.bad_reply", false, "token_type is not \"Bearer\""},
      {"200, 64 KiB + 1", reply(200, std::string(65537, ' ')), "metadata.too_large", false,
       "body is 65537 bytes, over the 65536-byte limit (not parsed)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto token = classify_metadata_reply(c.reply, kNow);
    if (std::string(c.code).empty()) {
      REQUIRE(token.ok());
      CHECK(token->obtained_at_ms == kNow);
      continue;
    }
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == c.code);
    CHECK(token.error().retryable == c.retryable);
    CHECK_THAT(token.error().message, Catch::Contains(c.message_part));
    CHECK_FALSE(leaks(token.error().message, kSecret));
  }
}

TEST_CASE("a 64 MiB reply body is metadata.too_large, never parsed", "[metadata]") {
  auto token = classify_metadata_reply(reply(200, std::string(64u * 1024 * 1024, '{')), kNow);
  REQUIRE_FALSE(token.ok());
  CHECK(token.error().code == "metadata.too_large");
  CHECK_THAT(token.error().message, Catch::Contains("67108864 bytes"));
}

TEST_CASE("transport failures the host reports", "[metadata]") {
  struct Case {
    TransportFailure failure;
    const char* code;
    bool retryable;
    const char* message_part;
  };
  const Case cases[] = {
      {TransportFailure::timeout, "metadata.timeout", true,
       "metadata service did not answer in time (socket hang)"},
      {TransportFailure::network, "metadata.network", true,
       "could not reach the metadata service (socket hang)"},
      {TransportFailure::too_large, "metadata.too_large", false, "reply body is over 65536 bytes (not read)"},
  };
  for (const auto& c : cases) {
    CAPTURE(ycfn::transport_failure_name(c.failure));
    auto token = interpret_fetch_outcome(ycfn::fetch_failed(c.failure, "socket hang"), kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == c.code);
    CHECK(token.error().retryable == c.retryable);
    CHECK_THAT(token.error().message, Catch::Contains(c.message_part));
  }
  SECTION("the host's message is kept printable and short") {
    const std::string noisy = "line1\nline2\r\x01\xC3\xA9" + std::string(500, 'x');
    auto token = interpret_fetch_outcome(ycfn::fetch_failed(TransportFailure::network, noisy), kNow);
    REQUIRE_FALSE(token.ok());
    const std::string& message = token.error().message;
    CHECK_THAT(message, Catch::Contains("(line1?line2????xxx"));
    CHECK(message.find('\n') == std::string::npos);
    // 200 bytes of the host's text: 15 before the run of 'x', so 185 of them.
    CHECK(message.find(std::string(185, 'x')) != std::string::npos);
    CHECK(message.find(std::string(186, 'x')) == std::string::npos);
  }
  SECTION("no message") {
    auto token = interpret_fetch_outcome(ycfn::fetch_failed(TransportFailure::timeout), kNow);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().message == "metadata service did not answer in time");
  }
}

TEST_CASE("a fetch that got a reply is classified like the reply", "[metadata]") {
  auto ok = interpret_fetch_outcome(ycfn::fetch_replied(reply(200)), kNow);
  REQUIRE(ok.ok());
  CHECK(ok->access_token == kSecret);
  CHECK(ok->expires_in_s == 43200);
  auto not_found = interpret_fetch_outcome(FetchOutcome{reply(404, ""), ""}, kNow);
  REQUIRE_FALSE(not_found.ok());
  CHECK(not_found.error().code == "metadata.not_found");
}

TEST_CASE("transport failure names round-trip", "[metadata]") {
  for (auto failure : {TransportFailure::timeout, TransportFailure::network, TransportFailure::too_large}) {
    auto parsed = ycfn::parse_transport_failure(ycfn::transport_failure_name(failure));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == failure);
  }
  CHECK(std::string(ycfn::transport_failure_name(TransportFailure::too_large)) == "too_large");
  CHECK_FALSE(ycfn::parse_transport_failure("Timeout").has_value());
  CHECK_FALSE(ycfn::parse_transport_failure("").has_value());
}
