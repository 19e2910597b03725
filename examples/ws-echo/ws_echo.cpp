// An API Gateway WebSocket echo: every MESSAGE is sent back to its connection
// through the connections API, a text frame as TEXT and a binary frame as
// BINARY, byte for byte; CONNECT and DISCONNECT are answered 200 at once.
//
// Environment:
//   YC_APIGW_CONNECTIONS_ENDPOINT  optional base URL of the connections API
//                                  (default https://apigateway-connections.api.cloud.yandex.net;
//                                  `ycfn serve` sets it to itself)
//
// The function's service account needs the api-gateway.websocketWriter role:
// the send carries the invocation's IAM token. A send that fails answers an
// error (502, or 504 on a timeout) whose errorType is the failure's code
// (connections.gone when the client has left meanwhile).
#include <ycfn/async.hpp>
#include <ycfn/handler.hpp>
#include <ycfn/websocket_connections.hpp>

namespace {

ycfn::Async<ycfn::Response> ws_echo(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::WebSocketEvent* ws = request.websocket();
  if (ws == nullptr) {
    co_return ycfn::Response::failure("event.not_websocket",
                                      "ws-echo answers API Gateway WebSocket events only", 400);
  }
  if (ws->type() != ycfn::WebSocketEvent::Type::message) {
    context.log().info("connection " + ws->connection_id() + ": " + ws->event_type());
    co_return ycfn::Response::empty(200);
  }
  const auto type = ws->is_binary() ? ycfn::FrameType::binary : ycfn::FrameType::text;
  const ycfn::HttpReply reply =
      co_await context.fetch(ycfn::send_to_connection(context, ws->connection_id(), ws->data(), type));
  if (auto error = ycfn::connection_reply_error(reply)) {
    co_return ycfn::Response::from_error(*error, error->code == "fetch.timeout" ? 504 : 502);
  }
  co_return ycfn::Response::empty(200);
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(ws_echo)
