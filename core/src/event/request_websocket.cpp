// Request::websocket(): the only caller of the WebSocket event decoding on the
// handler's path, in a file of its own so that a module whose handler never
// asks for it links none of it (as request_trigger.cpp).
#include <memory>
#include <utility>

#include "ycfn/request.hpp"

namespace ycfn {

const WebSocketEvent* Request::websocket() const {
  if (kind_ != Kind::websocket) return nullptr;
  if (websocket_ == nullptr) {
    // request_from_json() sets the HTTP-like part with the kind.
    if (!websocket_http_) return nullptr;
    websocket_ =
        std::make_shared<const WebSocketEvent>(detail::build_websocket_event(std::move(*websocket_http_)));
    websocket_http_.reset();
  }
  return websocket_.get();
}

}  // namespace ycfn
