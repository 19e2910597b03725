// Outbound-request policy (fetch.hpp): what a handler's HttpCall becomes
// before it leaves, checked once here for every host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ycfn/detail/ascii.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"
#include "ycfn/token.hpp"

namespace ycfn {

// An http(s) URL split the way the policy needs it.
struct OutboundUrl {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  int port = 0;        // explicit, or 80/443
  std::string target;  // path and query, at least "/"

  // scheme://host[:port] (the port only when not the scheme's default).
  std::string origin() const;
  // The path without its query: what logs may show.
  std::string path() const;
  std::string text() const { return origin() + target; }
};

// Parses an absolute http/https URL: no user info, no spaces or control
// bytes, a host of letters, digits, '.', '-' (or a bracketed IPv6 literal),
// port 1..65535. A fragment is dropped. Errors: fetch.refused, describing
// where the URL breaks the rule (never quoting it: it may hold secrets).
Result<OutboundUrl> parse_outbound_url(std::string_view url);

// The URL a redirect's Location (absolute, scheme-relative, absolute-path or
// relative) points at from `base`; fetch.refused when it is not a usable URL.
Result<OutboundUrl> resolve_redirect(const OutboundUrl& base, std::string_view location);

// No CR, LF or NUL (header injection) and no other control byte but HTAB.
bool is_safe_header_value(std::string_view text);

// One request as the host is asked to make it.
struct OutboundFetch {
  std::string method;
  OutboundUrl url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::int64_t timeout_ms = 0;
  std::size_t max_body_bytes = 0;
  std::int64_t delay_ms = 0;  // the host starts it this long after the step
};

// Where a request stands while it is followed through redirects.
struct OutboundState {
  std::string method;
  OutboundUrl url;
  std::string body;
  bool credentials = true;  // false once a redirect has left the first origin
  int redirects = 0;
};

// Checks `call` and starts its state: fetch.refused for a bad method, URL or
// header.
Result<OutboundState> start_outbound(const HttpCall& call);

// The request to make now for `state`: headers from `call` (Authorization,
// Proxy-Authorization and Cookie dropped once credentials are off), the token
// when the call asks for it (fetch.no_token without one), and a timeout that
// ends by `deadline_ms - reserve_ms` (fetch.timeout when less than
// `min_attempt_ms` is left once `delay_ms`, a retry's wait, has passed).
Result<OutboundFetch> outbound_fetch(const HttpCall& call, const OutboundState& state, const Token* token,
                                     std::int64_t now_ms, std::int64_t deadline_ms, std::int64_t reserve_ms,
                                     std::int64_t min_attempt_ms, std::int64_t delay_ms = 0);

// For a reply of `status` with `location` to a call that follows redirects:
// the next state (credentials off when the origin changes; 303, and 301/302
// after a POST, become a GET without body), std::nullopt when this reply is
// final (not a redirect status, or no Location), fetch.too_many_redirects past
// kMaxRedirects, fetch.refused for an unusable Location.
Result<std::optional<OutboundState>> follow_redirect(const OutboundState& state, int status,
                                                     std::optional<std::string_view> location);

}  // namespace ycfn
