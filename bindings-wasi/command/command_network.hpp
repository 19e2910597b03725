// The network of a command built from command_main.cpp. Each command links
// exactly one definition of command_network(): command_network_none.cpp (the
// preview1 <name>.wasm: no sockets) or command_network_wasi_http.cpp (the
// <name>.cli.wasm component: wasi:http/outgoing-handler).
#pragma once

#include "guest_fetch.hpp"

namespace ycfn_wasi {

struct CommandNetwork {
  bool network;            // the runtime config's "network"
  FetchAll fetch_all;      // performs the core's fetch steps
  const char* usage_note;  // --help's lines on where a token comes from
  const char* token_hint;  // the runtime config's "token_hint"
  const char* fetch_hint;  // the runtime config's "fetch_hint" (nullptr: none)
};

const CommandNetwork& command_network();

}  // namespace ycfn_wasi
