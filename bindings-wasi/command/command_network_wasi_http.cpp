// The command component (<name>.cli.wasm, run with `wasmtime run -S http`)
// performs the core's requests itself through wasi:http/outgoing-handler, so
// a handler without a token in its context gets one from the metadata service.
#include "command_network.hpp"
#include "wasi_http_fetch.hpp"

namespace ycfn_wasi {

const CommandNetwork& command_network() {
  static const CommandNetwork kWasiHttp{
      true, wasi_http_fetch_all,
      "                   Without one, it is fetched from the metadata service\n"
      "                   (YC_METADATA_ADDR, GCE_METADATA_HOST, default\n"
      "                   169.254.169.254) through wasi:http: run with -S http.\n",
      kComponentTokenHint, nullptr};
  return kWasiHttp;
}

}  // namespace ycfn_wasi
