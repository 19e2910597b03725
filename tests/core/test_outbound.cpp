// The outbound-request policy: URLs, headers, the token, redirects and the
// deadline, checked before a request leaves.
#include <catch2/catch.hpp>

#include "ycfn/detail/outbound.hpp"

namespace {

using ycfn::HttpCall;

ycfn::Token token() {
  ycfn::Token t;
  t.access_token = "t1.secret-token";
  t.token_type = "Bearer";
  t.expires_in_s = 3600;
  return t;
}

constexpr std::int64_t kNow = 1'000'000;
constexpr std::int64_t kDeadline = kNow + 10'000;

ycfn::OutboundFetch prepared(const HttpCall& call, const ycfn::Token* with = nullptr) {
  auto state = ycfn::start_outbound(call);
  REQUIRE(state.ok());
  auto fetch = ycfn::outbound_fetch(call, *state, with, kNow, kDeadline, 200, 100);
  REQUIRE(fetch.ok());
  return std::move(fetch).value();
}

std::string header(const ycfn::OutboundFetch& fetch, const std::string& name) {
  for (const auto& [n, v] : fetch.headers) {
    if (n == name) return v;
  }
  return "<none>";
}

}  // namespace

TEST_CASE("outbound: URLs are split into origin, path and target", "[outbound]") {
  auto url =
      ycfn::parse_outbound_url("HTTPS://Compute.API.cloud.yandex.net/compute/v1/instances?folderId=b1#frag");
  REQUIRE(url.ok());
  CHECK(url->scheme == "https");
  CHECK(url->host == "compute.api.cloud.yandex.net");
  CHECK(url->port == 443);
  CHECK(url->origin() == "https://compute.api.cloud.yandex.net");
  CHECK(url->path() == "/compute/v1/instances");
  CHECK(url->target == "/compute/v1/instances?folderId=b1");

  auto local = ycfn::parse_outbound_url("http://127.0.0.1:8080");
  REQUIRE(local.ok());
  CHECK(local->origin() == "http://127.0.0.1:8080");
  CHECK(local->target == "/");
  auto v6 = ycfn::parse_outbound_url("http://[::1]:9/x?y");
  REQUIRE(v6.ok());
  CHECK(v6->host == "[::1]");
  CHECK(v6->port == 9);
  auto query_only = ycfn::parse_outbound_url("http://h?q=1");
  REQUIRE(query_only.ok());
  CHECK(query_only->target == "/?q=1");
}

TEST_CASE("outbound: bad URLs are refused without quoting them", "[outbound]") {
  for (const char* url :
       {"", "ftp://h/x", "file:///etc/passwd", "compute.api.cloud.yandex.net/x", "http://user:secret@h/x",
        "http://h x/", "http://h/a\r\nX-Injected: 1", "http://:80/", "http://h:0/", "http://h:65536/",
        "http://h:12a/", "http://[::1/", "http://h_h/", "http://h:/"}) {
    CAPTURE(url);
    auto parsed = ycfn::parse_outbound_url(url);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "fetch.refused");
    CHECK(parsed.error().message.find("secret") == std::string::npos);
  }
}

TEST_CASE("outbound: methods and headers with CR, LF or NUL are refused (header injection)", "[outbound]") {
  const HttpCall injected_value = HttpCall::get("http://h/").header("X-Id", "a\r\nAuthorization: Bearer x");
  CHECK(ycfn::start_outbound(injected_value).error().code == "fetch.refused");
  CHECK(
      ycfn::start_outbound(HttpCall::get("http://h/").header("X-Id", std::string("a\0b", 3))).error().code ==
      "fetch.refused");
  CHECK(ycfn::start_outbound(HttpCall::get("http://h/").header("Bad Name", "v")).error().code ==
        "fetch.refused");
  CHECK(ycfn::start_outbound(HttpCall::get("http://h/").header("X:Y", "v")).error().code == "fetch.refused");
  CHECK(ycfn::start_outbound(HttpCall("GE T", "http://h/")).error().code == "fetch.refused");
  CHECK(ycfn::start_outbound(HttpCall("", "http://h/")).error().code == "fetch.refused");
  // The message names the header, never its value.
  const auto refused = ycfn::start_outbound(HttpCall::get("http://h/").header("X-Id", "secret\nvalue"));
  CHECK(refused.error().message.find("X-Id") != std::string::npos);
  CHECK(refused.error().message.find("secret") == std::string::npos);
  // A tab is allowed in a value.
  CHECK(ycfn::start_outbound(HttpCall::get("http://h/").header("X-Id", "a\tb")).ok());
}

TEST_CASE("outbound: with_token attaches the Bearer token, or fails without one", "[outbound]") {
  const ycfn::Token t = token();
  const auto fetch =
      prepared(HttpCall::get("https://api/x").with_token().header("Authorization", "Basic old"), &t);
  CHECK(header(fetch, "Authorization") == "Bearer t1.secret-token");
  int authorizations = 0;
  for (const auto& h : fetch.headers)
    authorizations += h.first == "Authorization" || h.first == "authorization";
  CHECK(authorizations == 1);

  const HttpCall call = HttpCall::get("https://api/x").with_token();
  auto state = ycfn::start_outbound(call);
  REQUIRE(state.ok());
  const auto none = ycfn::outbound_fetch(call, *state, nullptr, kNow, kDeadline, 200, 100);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "fetch.no_token");
  CHECK(none.error().message.find("YCFN_HANDLER_WITH_TOKEN") != std::string::npos);
}

TEST_CASE("outbound: every request ends before the deadline less the reserve", "[outbound]") {
  CHECK(prepared(HttpCall::get("http://h/")).timeout_ms == 10'000 - 200);
  CHECK(prepared(HttpCall::get("http://h/").timeout_ms(500)).timeout_ms == 500);
  CHECK(prepared(HttpCall::get("http://h/").timeout_ms(60'000)).timeout_ms == 10'000 - 200);
  const HttpCall call = HttpCall::get("http://h/");
  auto state = ycfn::start_outbound(call);
  REQUIRE(state.ok());
  const auto late = ycfn::outbound_fetch(call, *state, nullptr, kDeadline - 250, kDeadline, 200, 100);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == "fetch.timeout");
}

TEST_CASE("outbound: reply caps default to 4 MiB and can be set per request", "[outbound]") {
  CHECK(prepared(HttpCall::get("http://h/")).max_body_bytes == ycfn::kDefaultMaxReplyBytes);
  CHECK(prepared(HttpCall::get("http://h/").max_reply_bytes(10)).max_body_bytes == 10);
}

TEST_CASE("outbound: redirects keep credentials only on the same origin", "[outbound]") {
  const ycfn::Token t = token();
  const HttpCall call =
      HttpCall::post("https://api.example/a/b", "{}").with_token().header("Cookie", "c=1").follow_redirects();
  auto state = ycfn::start_outbound(call);
  REQUIRE(state.ok());

  // Same origin, relative Location: the token still goes.
  auto same = ycfn::follow_redirect(*state, 307, std::string_view("c?x=1"));
  REQUIRE(same.ok());
  REQUIRE(same->has_value());
  CHECK((*same)->url.text() == "https://api.example/a/c?x=1");
  CHECK((*same)->credentials);
  CHECK((*same)->method == "POST");
  auto fetch = ycfn::outbound_fetch(call, **same, &t, kNow, kDeadline, 200, 100);
  REQUIRE(fetch.ok());
  CHECK(header(*fetch, "Authorization") == "Bearer t1.secret-token");

  // Another origin: no Authorization, no Cookie, ever again.
  auto other = ycfn::follow_redirect(**same, 302, std::string_view("https://evil.example/steal"));
  REQUIRE(other.ok());
  REQUIRE(other->has_value());
  CHECK_FALSE((*other)->credentials);
  CHECK((*other)->method == "GET");  // 302 after a POST
  CHECK((*other)->body.empty());
  fetch = ycfn::outbound_fetch(call, **other, &t, kNow, kDeadline, 200, 100);
  REQUIRE(fetch.ok());
  CHECK(header(*fetch, "Authorization") == "<none>");
  CHECK(header(*fetch, "Cookie") == "<none>");
  CHECK(header(*fetch, "Content-Type") == "<none>");
  // Coming back to the first origin does not bring them back.
  auto back = ycfn::follow_redirect(**other, 301, std::string_view("https://api.example/a/b"));
  REQUIRE(back.ok());
  CHECK_FALSE((*back)->credentials);

  // A different port or scheme is another origin too.
  auto port = ycfn::follow_redirect(*state, 308, std::string_view("https://api.example:8443/a"));
  CHECK_FALSE((*port)->credentials);
  auto scheme = ycfn::follow_redirect(*state, 308, std::string_view("//api.example/a"));
  CHECK((*scheme)->credentials);
  CHECK((*scheme)->url.text() == "https://api.example/a");
}

TEST_CASE("outbound: redirect limits and non-redirects", "[outbound]") {
  const HttpCall call = HttpCall::get("http://h/").follow_redirects();
  auto state = ycfn::start_outbound(call);
  REQUIRE(state.ok());
  ycfn::OutboundState current = *state;
  for (int i = 0; i < ycfn::kMaxRedirects; ++i) {
    auto next = ycfn::follow_redirect(current, 302, std::string_view("/again"));
    REQUIRE(next.ok());
    REQUIRE(next->has_value());
    current = **next;
  }
  auto too_many = ycfn::follow_redirect(current, 302, std::string_view("/again"));
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().code == "fetch.too_many_redirects");

  CHECK_FALSE(ycfn::follow_redirect(*state, 200, std::string_view("/x"))->has_value());
  CHECK_FALSE(ycfn::follow_redirect(*state, 304, std::string_view("/x"))->has_value());
  CHECK_FALSE(ycfn::follow_redirect(*state, 302, std::nullopt)->has_value());
  CHECK(ycfn::follow_redirect(*state, 302, std::string_view("ftp://x/")).error().code == "fetch.refused");
  CHECK(ycfn::follow_redirect(*state, 302, std::string_view("http://h/a\nb")).error().code ==
        "fetch.refused");
}
