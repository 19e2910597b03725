// The platform's HTTP semantics, WebSocket side: the events API Gateway sends a
// function for a WebSocket connection (choices W1, W2 in
// ycfn/detail/http_semantics.hpp), shaped as the published examples.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_text.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/http_semantics.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace ycfn::http {
namespace {

constexpr const char* kHeaderPrefix = "X-Yc-Apigateway-Websocket-";

bool is_handshake_header(std::string_view canonical) {
  for (const char* name : kWebSocketHandshakeHeaders) {
    if (equals_ignore_case(canonical, name)) return true;
  }
  return equals_ignore_case(canonical, kRealRemoteAddressHeader) ||
         equals_ignore_case(canonical, kRequestIdHeader) || equals_ignore_case(canonical, kTraceIdHeader) ||
         canonical.rfind(kHeaderPrefix, 0) == 0;  // only the gateway sets these
}

MultiMap event_headers(const WebSocketEventInput& input) {
  const Request& request = input.upgrade;
  MultiMap headers;
  for (const auto& field : request.headers) {
    std::string name = canonical_header_name(field.name);
    if (is_handshake_header(name)) continue;
    headers[name].push_back(field.value);
  }
  headers[kRealRemoteAddressHeader] = {"[" + request.peer_ip + "]:" + std::to_string(request.peer_port)};
  headers[kRequestIdHeader] = {request.request_id};
  headers[kTraceIdHeader] = {request.trace_id};
  const std::string prefix = kHeaderPrefix;
  headers[prefix + "Connection-Id"] = {input.connection_id};
  headers[prefix + "Event-Type"] = {input.event_type};
  headers[prefix + "Connected-At"] = {std::to_string(input.connected_at_ms)};
  if (input.event_type == "MESSAGE") headers[prefix + "Message-Id"] = {input.message_id};
  if (input.event_type == "DISCONNECT") {
    headers[prefix + "Disconnect-Status-Code"] = {std::to_string(input.close_code)};
    headers[prefix + "Disconnect-Reason"] = {input.close_reason};
  }
  return headers;
}

const char* method_of(std::string_view event_type) {
  if (event_type == "MESSAGE") return "POST";
  if (event_type == "DISCONNECT") return "DELETE";
  return "GET";
}

}  // namespace

std::string websocket_event(const WebSocketEventInput& input) {
  const Request& request = input.upgrade;
  const std::string_view target(request.target);
  const std::size_t question = target.find('?');
  const std::string path(target.substr(0, question));
  const MultiMap headers = event_headers(input);
  const bool connect = input.event_type == "CONNECT";
  const bool message = input.event_type == "MESSAGE";

  // Key order as in the published examples.
  Ordered event = Ordered::object();
  if (connect) event["httpMethod"] = "GET";
  event["resource"] = path;
  event["path"] = path;
  event["pathParameters"] = Ordered::object();
  add_maps(event, "headers", "multiValueHeaders", headers);
  if (connect) {
    MultiMap params;
    if (question != std::string_view::npos) {
      for (const auto& [name, value] : parse_query(target.substr(question + 1)))
        params[name].push_back(value);
    }
    add_maps(event, "queryStringParameters", "multiValueQueryStringParameters", params);
  }
  if (message) {
    event["body"] = input.binary ? base64_encode(input.data) : input.data;
    event["isBase64Encoded"] = input.binary;
  }
  std::string user_agent;
  if (auto it = headers.find("User-Agent"); it != headers.end()) user_agent = it->second.back();
  Ordered context = Ordered::object();
  context["identity"] = Ordered{{"sourceIp", request.peer_ip}, {"userAgent", user_agent}};
  context["httpMethod"] = method_of(input.event_type);
  context["requestId"] = request.request_id;
  context["requestTime"] = clf_time(request.time_ms);
  context["requestTimeEpoch"] = request.time_ms / 1000;
  context["connectionId"] = input.connection_id;
  context["connectedAt"] = input.connected_at_ms;
  context["eventType"] = input.event_type;
  if (message) context["messageId"] = input.message_id;
  if (input.event_type == "DISCONNECT") {
    context["disconnectStatusCode"] = input.close_code;
    context["disconnectReason"] = input.close_reason;
  }
  event["requestContext"] = std::move(context);
  event["parameters"] = Ordered::object();
  event["multiValueParameters"] = Ordered::object();
  return json_text(event);
}

}  // namespace ycfn::http
