// The API Gateway WebSocket connections API, for a handler: send data to a
// connection and close it (what a function does with the connection id of a
// WebSocketEvent). These build ordinary HttpCalls, sent with the invocation's
// IAM token (register the handler with YCFN_HANDLER_WITH_TOKEN; the service
// account needs the api-gateway.websocketWriter role), and read their replies:
//
//   const ycfn::WebSocketEvent* ws = request.websocket();
//   return context.fetch(ycfn::send_to_connection(context, ws->connection_id(), ws->data(),
//                                                 ws->is_binary() ? ycfn::FrameType::binary
//                                                                 : ycfn::FrameType::text))
//       .then([](ycfn::HttpReply reply, ycfn::Context&) -> ycfn::Task {
//         if (auto error = ycfn::connection_reply_error(reply)) ...
//         return ycfn::Response::empty(200);
//       });
//
// The endpoint is https://apigateway-connections.api.cloud.yandex.net unless
// the function's environment sets YC_APIGW_CONNECTIONS_ENDPOINT (a base URL:
// scheme, host, port; `ycfn serve` points it at itself).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

inline constexpr std::string_view kConnectionsEndpoint =
    "https://apigateway-connections.api.cloud.yandex.net";
inline constexpr std::string_view kConnectionsEndpointVariable = "YC_APIGW_CONNECTIONS_ENDPOINT";

// How the client receives the data: a text frame (the bytes should be UTF-8)
// or a binary frame.
enum class FrameType { text, binary };

// YC_APIGW_CONNECTIONS_ENDPOINT when set and not empty (without trailing
// slashes), else kConnectionsEndpoint.
std::string connections_endpoint(const Context& context);

// POST {endpoint}/apigateways/websocket/v1/connections/{id}:send with the body
// {"data": <base64 of data>, "type": "TEXT"|"BINARY"}, with the token. The id
// is percent-encoded. The API takes at most 131072 base64 characters of data
// (98304 bytes) and answers 400 to more.
HttpCall send_to_connection(const Context& context, std::string_view connection_id, std::string_view data,
                            FrameType type);
HttpCall send_to_connection(std::string_view endpoint, std::string_view connection_id, std::string_view data,
                            FrameType type);

// DELETE {endpoint}/apigateways/websocket/v1/connections/{id}, with the token.
HttpCall close_connection(const Context& context, std::string_view connection_id);
HttpCall close_connection(std::string_view endpoint, std::string_view connection_id);

// What the reply of a send or close means: std::nullopt for a 2xx, else
//   the reply's own failure (fetch.*) when no reply came;
//   connections.gone    404: the connection is closed, or never existed;
//   connections.denied  401 or 403: no token, or the service account lacks the role;
//   connections.failed  any other status (retryable for 429 and 5xx).
// Messages give the status and the API's gRPC code, never the reply's text.
std::optional<Error> connection_reply_error(const HttpReply& reply);

}  // namespace ycfn
