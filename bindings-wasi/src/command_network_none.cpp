// The preview1 command (<name>.wasm) has no sockets: the runtime is created
// with "network": false, so the core never asks for a request (and answers
// 502 token.missing instead); should it ask, the request fails with "network".
#include "command_network.hpp"
#include "guest_step_driver.hpp"

namespace ycfn_wasi {

const CommandNetwork& command_network() {
  static const CommandNetwork kNone{
      false, fetch_without_network,
      "                   (this module cannot reach the metadata service itself).\n"};
  return kNone;
}

}  // namespace ycfn_wasi
