// The preview1 command (<name>.wasm) has no sockets: the runtime is created
// with "network": false, so the core never asks for a request (it answers 502
// token.missing / fetch.unsupported ending with these hints); should it ask,
// the request fails with "network".
#include "command_network.hpp"
#include "guest_step_driver.hpp"
#include "ycfn/detail/host_contract.hpp"

namespace ycfn_wasi {

const CommandNetwork& command_network() {
  static const CommandNetwork kNone{
      false, fetch_without_network,
      "                   (this module cannot reach the metadata service itself).\n",
      ycfn::host_contract::kTokenHint_command, ycfn::host_contract::kFetchHint_command};
  return kNone;
}

}  // namespace ycfn_wasi
