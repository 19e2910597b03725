// The outbound-request policy (detail/outbound.hpp) on any bytes. The input is
// split at the first NUL: the URL of a call, then a redirect's Location; a
// third section (after a second NUL) is a header value. Invariants: nothing
// accepted holds a space, a control byte or user info; the origin is a prefix
// of the URL's text; a header value that passes has no CR, LF or NUL; a
// redirect to another origin never keeps credentials, and nothing ever aborts.
// URL building (url.hpp, HttpCall::query) on the same bytes: an encoded value
// holds no byte that structures a URL and decodes back to itself, and a query
// pair appended to an accepted URL keeps its origin.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ycfn/detail/outbound.hpp"
#include "ycfn/url.hpp"

namespace {

bool clean(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  return true;
}

void check_url(const ycfn::OutboundUrl& url) {
  const std::string text = url.text();
  YCFN_FUZZ_CHECK(clean(text), "an accepted URL holds a space or a control byte");
  YCFN_FUZZ_CHECK(text.rfind(url.origin(), 0) == 0, "the origin is not a prefix of the URL");
  YCFN_FUZZ_CHECK(url.scheme == "http" || url.scheme == "https", "a scheme other than http(s)");
  YCFN_FUZZ_CHECK(url.origin().find('@') == std::string::npos, "user info in an origin");
  YCFN_FUZZ_CHECK(url.port >= 1 && url.port <= 65535, "a port outside 1..65535");
  YCFN_FUZZ_CHECK(!url.target.empty() && url.target.front() == '/', "a target that does not start with '/'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\0');
  const std::string_view url_text = input.substr(0, first);
  const std::string_view rest =
      first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
  const std::size_t second = rest.find('\0');
  const std::string_view location = rest.substr(0, second);
  const std::string_view value =
      second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);

  const std::string encoded = ycfn::url::encode_path_segment(value);
  YCFN_FUZZ_CHECK(clean(encoded) && encoded.find_first_of("/?#&=+") == std::string::npos,
                  "an encoded value holds a byte that structures a URL");
  auto decoded = ycfn::url::decode_component(encoded);
  YCFN_FUZZ_CHECK(decoded.ok() && decoded.value() == value, "a value does not decode back to itself");
  auto raw = ycfn::url::decode_component(value);
  YCFN_FUZZ_CHECK(raw.ok() || raw.error().code == "url.bad_escape", "a bad escape with another code");

  auto url = ycfn::parse_outbound_url(url_text);
  if (!url) {
    YCFN_FUZZ_CHECK(url.error().code == "fetch.refused", "a bad URL not refused as fetch.refused");
    return 0;
  }
  check_url(*url);
  const auto queried =
      ycfn::parse_outbound_url(ycfn::HttpCall::get(std::string(url_text)).query(location, value).url());
  YCFN_FUZZ_CHECK(queried.ok() && queried->origin() == url->origin(),
                  "a query pair changed the URL's origin");

  ycfn::HttpCall call = ycfn::HttpCall::get(std::string(url_text)).with_token().follow_redirects();
  call.header("X-Fuzz", std::string(value));
  auto state = ycfn::start_outbound(call);
  if (state) {
    YCFN_FUZZ_CHECK(ycfn::is_safe_header_value(value), "an unsafe header value passed");
    auto next = ycfn::follow_redirect(*state, 302, location);
    if (next && next->has_value()) {
      const ycfn::OutboundState& moved = **next;
      check_url(moved.url);
      if (moved.url.origin() != url->origin()) {
        YCFN_FUZZ_CHECK(!moved.credentials, "credentials kept across origins");
      }
      ycfn::Token token;
      token.access_token = "t1.fuzz-token";
      auto fetch = ycfn::outbound_fetch(call, moved, &token, 0, 10000, 200, 100);
      if (fetch && !moved.credentials) {
        for (const auto& [name, header_value] : fetch->headers) {
          YCFN_FUZZ_CHECK(name != "Authorization", "the token sent to another origin");
        }
      }
    }
  } else {
    YCFN_FUZZ_CHECK(state.error().code == "fetch.refused", "a call refused with another code");
  }
  return 0;
}
