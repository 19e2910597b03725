#include "ycfn/detail/metadata.hpp"

#include "ycfn/detail/ascii.hpp"

#include "ycfn/detail/token_parse.hpp"

namespace ycfn {
namespace {

constexpr std::size_t kMaxHostMessageBytes = 200;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// "'/'" for a printable character, a neutral phrase otherwise (a control byte
// would garble the message).
std::string describe_char(char c) {
  if (c == ' ') return "a space";
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7F) return "a control or non-ASCII byte";
  return std::string("'") + c + "'";
}

// Why `port` (the text after ':') is not 1..65535, or nullopt when it is (and
// `value` holds it).
std::optional<std::string> port_problem(std::string_view port, std::size_t offset, int& value) {
  if (port.empty()) return std::string("the port after ':' is empty");
  for (std::size_t i = 0; i < port.size(); ++i) {
    if (!is_digit(port[i])) {
      return "unexpected " + describe_char(port[i]) + " at offset " + std::to_string(offset + i) +
             ": the port must be digits";
    }
  }
  std::uint32_t number = 0;
  for (const char c : port) {
    number = number * 10 + static_cast<std::uint32_t>(c - '0');
    if (number > 65535) break;  // also stops overflow on absurdly long ports
  }
  if (number < 1 || number > 65535) return std::string("the port must be 1..65535");
  value = static_cast<int>(number);
  return std::nullopt;
}

// Why `address` is not host[:port], or nullopt when it is (and `out` holds its
// parts).
std::optional<std::string> address_problem(std::string_view address, MetadataAddress& out) {
  if (address.find("://") != std::string_view::npos) {
    return std::string("it looks like a URL: give host or host:port, without a scheme or path");
  }
  std::string_view rest;
  std::size_t rest_offset = 0;
  if (!address.empty() && address.front() == '[') {
    const std::size_t close = address.find(']');
    if (close == std::string_view::npos) return std::string("the IPv6 literal has no closing ']'");
    const std::string_view literal = address.substr(1, close - 1);
    if (literal.find(':') == std::string_view::npos) {
      return std::string("the bracketed host is not an IPv6 literal (it has no ':')");
    }
    for (std::size_t i = 0; i < literal.size(); ++i) {
      const char c = literal[i];
      if (!is_hex(c) && c != ':' && c != '.') {
        return "unexpected " + describe_char(c) + " at offset " + std::to_string(i + 1) +
               " in the IPv6 literal";
      }
    }
    out.host = std::string(literal);
    rest = address.substr(close + 1);
    rest_offset = close + 1;
  } else {
    const std::size_t colon = address.find(':');
    const std::string_view host = address.substr(0, colon);
    if (host.empty()) return std::string("the host is empty");
    for (std::size_t i = 0; i < host.size(); ++i) {
      const char c = host[i];
      if (c == '/')
        return "unexpected '/' at offset " + std::to_string(i) + ": give host or host:port, without a path";
      if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-') {
        return "unexpected " + describe_char(c) + " at offset " + std::to_string(i) +
               ": a host is letters, digits, '.' and '-', or a bracketed IPv6 literal";
      }
    }
    out.host = std::string(host);
    rest = address.substr(host.size());
    rest_offset = host.size();
  }
  if (rest.empty()) return std::nullopt;
  if (rest.front() != ':') {
    return "unexpected " + describe_char(rest.front()) + " at offset " + std::to_string(rest_offset) +
           " after the host";
  }
  return port_problem(rest.substr(1), rest_offset + 1, out.port);
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A reply that says it comes from some other kind of metadata server (AWS,
// Azure, a proxy) must not be trusted with a token. The header's value is reply
// data, so the message gives only its length.
std::optional<Error> flavor_problem(const RawHttpReply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (!equals_ignore_case(name, "Metadata-Flavor")) continue;
    if (trim_ows(value) == "Google") continue;
    return make_error("metadata.not_metadata_server",
                      "metadata service answered " + std::to_string(reply.status) +
                          " with a Metadata-Flavor header other than \"Google\" (a " +
                          std::to_string(value.size()) +
                          "-byte value): the metadata address does not point at a Google-compatible metadata "
                          "server; check YC_METADATA_ADDR / GCE_METADATA_HOST");
  }
  return std::nullopt;
}

std::string answered(int status) { return "metadata service answered " + std::to_string(status); }

Error status_error(int status) {
  if (status == 404) {
    return make_error("metadata.not_found",
                      answered(status) +
                          ": no service account attached to this function version, or the metadata endpoint "
                          "is disabled");
  }
  if (status == 403) {
    return make_error("metadata.forbidden",
                      answered(status) +
                          ": the metadata service refused to issue a token; check the service account "
                          "attached to this function version and the function's metadata access settings");
  }
  if (status == 429) {
    return make_error("metadata.unavailable", answered(status) + ": rate limited (too many token requests)",
                      true);
  }
  if (status >= 500 && status <= 599) {
    return make_error("metadata.unavailable", answered(status) + ": the service is temporarily unavailable",
                      true);
  }
  if (status >= 400 && status <= 499) {
    return make_error("metadata.http_error",
                      answered(status) +
                          ": the token request was refused; check that YC_METADATA_ADDR / GCE_METADATA_HOST "
                          "points at the metadata service");
  }
  return make_error("metadata.bad_reply", answered(status) + ": expected 200 with a token");
}

Error transport_error(TransportFailure failure, std::string_view host_message) {
  const std::string detail = host_message.empty() ? "" : " (" + sanitize_host_message(host_message) + ")";
  switch (failure) {
    case TransportFailure::timeout:
      return make_error("metadata.timeout", "metadata service did not answer in time" + detail, true);
    case TransportFailure::network:
      return make_error("metadata.network",
                        "could not reach the metadata service" + detail +
                            "; outside Yandex Cloud set YC_METADATA_ADDR to a reachable metadata server",
                        true);
    case TransportFailure::too_large:
      return make_error("metadata.too_large", "metadata service reply body is over " +
                                                  std::to_string(kMaxTokenBodyBytes) + " bytes (not read)" +
                                                  detail);
  }
  return make_error("metadata.network", "unknown transport failure" + detail, true);
}

}  // namespace

// Printable ASCII only, bounded: the host's text ends up in logs and answers.
std::string sanitize_host_message(std::string_view message) {
  std::string out;
  for (const char c : message.substr(0, kMaxHostMessageBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte >= 0x20 && byte < 0x7F) ? c : '?';
  }
  return out;
}

Result<MetadataAddress> parse_metadata_address(std::string_view address, std::string_view source) {
  MetadataAddress parsed;
  if (auto problem = address_problem(address, parsed)) {
    return make_error("metadata.bad_address", std::string(source) + " is not host or host:port (" +
                                                  std::to_string(address.size()) + " bytes): " + *problem);
  }
  return parsed;
}

Result<HttpRequestSpec> metadata_token_request(std::string_view yc_metadata_addr,
                                               std::string_view gce_metadata_host) {
  std::string_view host = kDefaultMetadataHost;
  const char* source = "the default metadata address";
  if (!yc_metadata_addr.empty()) {
    host = yc_metadata_addr;
    source = "YC_METADATA_ADDR";
  } else if (!gce_metadata_host.empty()) {
    host = gce_metadata_host;
    source = "GCE_METADATA_HOST";
  }
  if (auto address = parse_metadata_address(host, source); !address.ok()) return address.error();
  HttpRequestSpec spec;
  spec.method = "GET";
  spec.url = "http://" + std::string(host) + std::string(kMetadataTokenPath);
  spec.headers.emplace_back("Metadata-Flavor", "Google");
  return spec;
}

const char* transport_failure_name(TransportFailure failure) {
  switch (failure) {
    case TransportFailure::timeout:
      return "timeout";
    case TransportFailure::network:
      return "network";
    case TransportFailure::too_large:
      return "too_large";
  }
  return "network";
}

std::optional<TransportFailure> parse_transport_failure(std::string_view name) {
  if (name == "timeout") return TransportFailure::timeout;
  if (name == "network") return TransportFailure::network;
  if (name == "too_large") return TransportFailure::too_large;
  return std::nullopt;
}

Result<Token> classify_metadata_reply(const RawHttpReply& reply, std::int64_t now_ms) {
  if (auto problem = flavor_problem(reply)) return *problem;
  if (reply.status >= 300 && reply.status <= 399) {
    return make_error(
        "metadata.redirect",
        answered(reply.status) +
            ", a redirect (never followed): the metadata address does not point at the metadata "
            "service; check YC_METADATA_ADDR / GCE_METADATA_HOST");
  }
  if (reply.status != 200) return status_error(reply.status);

  auto token = parse_token_body(reply.body, now_ms);
  if (token) return token;
  const Error& error = token.error();
  const char* code = error.code == kTokenTooLarge ? "metadata.too_large" : "metadata.bad_reply";
  return make_error(code, answered(200) + " but the token reply is unusable: " + error.message);
}

Result<Token> interpret_fetch_outcome(const FetchOutcome& outcome, std::int64_t now_ms) {
  if (const auto* reply = std::get_if<RawHttpReply>(&outcome.result))
    return classify_metadata_reply(*reply, now_ms);
  return transport_error(*std::get_if<TransportFailure>(&outcome.result), outcome.message);
}

}  // namespace ycfn
