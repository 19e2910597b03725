// The preview1 command (<name>.wasm) has no sockets: the runtime is created
// with "network": false, so the core never asks for a request (it answers 502
// token.missing / fetch.unsupported ending with these hints); should it ask,
// the request fails with "network".
#include "command_network.hpp"
#include "guest_step_driver.hpp"

namespace ycfn_wasi {

const CommandNetwork& command_network() {
  static const CommandNetwork kNone{
      false, fetch_without_network,
      "                   (this module cannot reach the metadata service itself).\n",
      "the invocation context has no \"token\" and a WASI preview1 module cannot reach the metadata service. "
      "Pass the metadata service's token reply in YCFN_CONTEXT: wasmtime run --env "
      "YCFN_CONTEXT='{\"token\":{\"access_token\":\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}}' "
      "<name>.wasm (on a Yandex Compute VM the metadata service gives it: GET "
      "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token with "
      "Metadata-Flavor: Google), or run <name>.cli.wasm with wasmtime run -S http, which fetches it itself",
      "a WASI preview1 command has no sockets; run <name>.cli.wasm with wasmtime run -S http, the "
      "reactor under the Python host (bindings-wasi/python-host), or the function on Node or Python"};
  return kNone;
}

}  // namespace ycfn_wasi
