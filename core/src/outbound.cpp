#include "ycfn/detail/outbound.hpp"

#include "ycfn/detail/ascii.hpp"

#include <algorithm>

namespace ycfn {
namespace {

Error refused(const std::string& why) { return make_error("fetch.refused", "request refused: " + why); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool has_control_or_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F;
  });
}

int default_port(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

// host[:port] of an authority without user info.
Result<OutboundUrl> parse_authority(std::string_view authority, OutboundUrl url) {
  if (authority.empty()) return refused("the URL has no host");
  if (authority.find('@') != std::string_view::npos) return refused("user info in a URL is not sent");
  std::string_view host;
  std::string_view port;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return refused("the URL's IPv6 literal has no closing ']'");
    host = authority.substr(0, close + 1);
    const std::string_view literal = host.substr(1, host.size() - 2);
    if (literal.empty() || !std::all_of(literal.begin(), literal.end(),
                                        [](char c) { return is_hex(c) || c == ':' || c == '.'; })) {
      return refused("the URL's IPv6 literal is malformed");
    }
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return refused("unexpected text after the URL's IPv6 literal");
      port = rest.substr(1);
      if (port.empty()) return refused("the URL's port is empty");
    }
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return refused("the URL's port is empty");
    }
    if (host.empty()) return refused("the URL has no host");
    if (!std::all_of(host.begin(), host.end(), [](char c) { return is_alnum(c) || c == '.' || c == '-'; })) {
      return refused("the URL's host must be letters, digits, '.' and '-', or a bracketed IPv6 literal");
    }
  }
  url.host = ascii_lower(host);
  url.port = default_port(url.scheme);
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) {
      return refused("the URL's port must be 1..65535");
    }
    // Digits only, at most five: no std::stoi (its error path links printf).
    int value = 0;
    for (const char digit : port) value = value * 10 + (digit - '0');
    if (value < 1 || value > 65535) return refused("the URL's port must be 1..65535");
    url.port = value;
  }
  return url;
}

// The target of a reference relative to `base` (RFC 3986 5.2, without dot
// segment removal: the server resolves those).
std::string merge_target(const OutboundUrl& base, std::string_view reference) {
  if (!reference.empty() && reference.front() == '/') return std::string(reference);
  if (!reference.empty() && reference.front() == '?') return base.path() + std::string(reference);
  const std::string path = base.path();
  return path.substr(0, path.rfind('/') + 1) + std::string(reference);
}

bool is_credential_header(std::string_view name) {
  const std::string folded = ascii_lower(name);
  return folded == "authorization" || folded == "proxy-authorization" || folded == "cookie";
}

}  // namespace

std::string OutboundUrl::origin() const {
  std::string out = scheme + "://" + host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string OutboundUrl::path() const { return target.substr(0, target.find('?')); }

Result<OutboundUrl> parse_outbound_url(std::string_view text) {
  if (text.empty()) return refused("the URL is empty");
  if (has_control_or_space(text)) return refused("the URL contains a space or a control byte");
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos) return refused("the URL is not absolute (scheme://host/path)");
  OutboundUrl url;
  url.scheme = ascii_lower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") {
    return refused("only http and https URLs are sent (the scheme has " + std::to_string(colon) + " bytes)");
  }
  std::string_view rest = text.substr(colon + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t target_at = rest.find_first_of("/?");
  auto parsed = parse_authority(rest.substr(0, target_at), std::move(url));
  if (!parsed) return parsed.error();
  OutboundUrl result = std::move(parsed).value();
  result.target = target_at == std::string_view::npos ? "/" : std::string(rest.substr(target_at));
  if (result.target.front() == '?') result.target.insert(result.target.begin(), '/');
  return result;
}

Result<OutboundUrl> resolve_redirect(const OutboundUrl& base, std::string_view location) {
  if (location.empty()) return refused("a redirect without a Location");
  if (has_control_or_space(location))
    return refused("a redirect's Location contains a space or a control byte");
  if (location.find("://") != std::string_view::npos) return parse_outbound_url(location);
  if (location.size() >= 2 && location[0] == '/' && location[1] == '/') {
    return parse_outbound_url(base.scheme + ":" + std::string(location));
  }
  OutboundUrl next = base;
  next.target = merge_target(base, location.substr(0, location.find('#')));
  return next;
}

bool is_safe_header_value(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && byte != '\t') || byte == 0x7F;
  });
}

Result<OutboundState> start_outbound(const HttpCall& call) {
  if (!is_http_token(call.method())) return refused("the method is not an HTTP token");
  for (const auto& entry : call.headers()) {
    if (!is_http_token(entry.name)) {
      return refused("a header name is not an HTTP token (" + std::to_string(entry.name.size()) + " bytes)");
    }
    for (const auto& value : entry.values) {
      if (!is_safe_header_value(value)) {
        return refused("header " + entry.name + " has a CR, LF, NUL or other control byte in its value");
      }
    }
  }
  auto url = parse_outbound_url(call.url());
  if (!url) return url.error();
  OutboundState state;
  state.method = call.method();
  state.url = std::move(url).value();
  state.body = call.body();
  return state;
}

Result<OutboundFetch> outbound_fetch(const HttpCall& call, const OutboundState& state, const Token* token,
                                     std::int64_t now_ms, std::int64_t deadline_ms, std::int64_t reserve_ms,
                                     std::int64_t min_attempt_ms, std::int64_t delay_ms) {
  OutboundFetch fetch;
  fetch.delay_ms = delay_ms;
  fetch.method = state.method;
  fetch.url = state.url;
  fetch.body = state.body;
  fetch.max_body_bytes = call.max_reply_bytes();
  for (const auto& entry : call.headers()) {
    if (!state.credentials && is_credential_header(entry.name)) continue;
    // A body dropped by a redirect takes its description with it.
    if (state.body.empty() && !call.body().empty() && ascii_lower(entry.name) == "content-type") continue;
    for (const auto& value : entry.values) fetch.headers.emplace_back(entry.name, value);
  }
  if (call.uses_token() && state.credentials) {
    if (token == nullptr) {
      return make_error("fetch.no_token",
                        "with_token() on an invocation without an IAM token: register the handler with "
                        "YCFN_HANDLER_WITH_TOKEN");
    }
    fetch.headers.erase(
        std::remove_if(fetch.headers.begin(), fetch.headers.end(),
                       [](const auto& header) { return ascii_lower(header.first) == "authorization"; }),
        fetch.headers.end());
    fetch.headers.emplace_back("Authorization", token->authorization_header());
  }
  const std::int64_t left = deadline_ms - reserve_ms - now_ms - delay_ms;
  if (left < min_attempt_ms) {
    return make_error("fetch.timeout", "no time left before the invocation's deadline: " +
                                           std::to_string(std::max<std::int64_t>(0, deadline_ms - now_ms)) +
                                           " ms, of which " + std::to_string(reserve_ms) +
                                           " ms are kept to send the answer");
  }
  fetch.timeout_ms = call.timeout_ms() > 0 ? std::min(call.timeout_ms(), left) : left;
  return fetch;
}

Result<std::optional<OutboundState>> follow_redirect(const OutboundState& state, int status,
                                                     std::optional<std::string_view> location) {
  const bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  if (!redirect || !location) return std::optional<OutboundState>();
  if (state.redirects >= kMaxRedirects) {
    return make_error("fetch.too_many_redirects", "more than " + std::to_string(kMaxRedirects) +
                                                      " redirects (last at " + state.url.origin() +
                                                      state.url.path() + ")");
  }
  auto next_url = resolve_redirect(state.url, *location);
  if (!next_url) return next_url.error();
  OutboundState next = state;
  next.redirects += 1;
  if (next_url->origin() != state.url.origin()) next.credentials = false;
  next.url = std::move(next_url).value();
  if (status == 303 || ((status == 301 || status == 302) && state.method == "POST")) {
    next.method = "GET";
    next.body.clear();
  }
  return std::optional<OutboundState>(std::move(next));
}

}  // namespace ycfn
