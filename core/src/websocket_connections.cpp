#include "ycfn/websocket_connections.hpp"

#include <string>

#include "ycfn/base64.hpp"

namespace ycfn {
namespace {

constexpr std::string_view kConnectionsPath = "/apigateways/websocket/v1/connections/";

// Percent-encodes everything but RFC 3986's unreserved characters: an id is a
// path segment.
std::string encode_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string connection_url(std::string_view endpoint, std::string_view connection_id) {
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.remove_suffix(1);
  std::string url(endpoint);
  url += kConnectionsPath;
  url += encode_segment(connection_id);
  return url;
}

// The gRPC status code of an error reply ({"code": N, "message", ...}), for
// the message: " (code N)", or nothing when the body does not say.
std::string grpc_code_note(const HttpReply& reply) {
  auto body = reply.json();
  if (!body || !body->is_object()) return "";
  const auto code = body->find("code");
  if (code == body->end() || !code->is_number_integer()) return "";
  return " (code " + std::to_string(code->get<std::int64_t>()) + ")";
}

}  // namespace

std::string connections_endpoint(const Context& context) {
  const auto value = context.env(kConnectionsEndpointVariable);
  std::string_view endpoint = (value && !value->empty()) ? *value : kConnectionsEndpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.remove_suffix(1);
  return std::string(endpoint);
}

HttpCall send_to_connection(const Context& context, std::string_view connection_id, std::string_view data,
                            FrameType type) {
  return send_to_connection(connections_endpoint(context), connection_id, data, type);
}

HttpCall send_to_connection(std::string_view endpoint, std::string_view connection_id, std::string_view data,
                            FrameType type) {
  // Base64 has no byte that needs escaping: the body is written directly.
  std::string body = "{\"data\":\"";
  body += base64_encode(data);
  body += "\",\"type\":\"";
  body += type == FrameType::binary ? "BINARY" : "TEXT";
  body += "\"}";
  return HttpCall::post(connection_url(endpoint, connection_id) + ":send", std::move(body)).with_token();
}

HttpCall close_connection(const Context& context, std::string_view connection_id) {
  return close_connection(connections_endpoint(context), connection_id);
}

HttpCall close_connection(std::string_view endpoint, std::string_view connection_id) {
  return HttpCall("DELETE", connection_url(endpoint, connection_id)).with_token();
}

std::optional<Error> connection_reply_error(const HttpReply& reply) {
  if (!reply.ok()) return reply.error();
  if (reply.success()) return std::nullopt;
  const int status = reply.status();
  const std::string what = "the connections API answered " + std::to_string(status) + grpc_code_note(reply);
  if (status == 404) return make_error("connections.gone", what + ": the connection is closed or unknown");
  if (status == 401 || status == 403) {
    return make_error(
        "connections.denied",
        what + ": the token is missing or its service account lacks api-gateway.websocketWriter");
  }
  return make_error("connections.failed", what, status == 429 || status >= 500);
}

}  // namespace ycfn
