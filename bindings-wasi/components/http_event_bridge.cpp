// See http_event_bridge.hpp. No semantics live here: every choice is the
// core's (docs/design.md, "HTTP semantics (choices)").
#include "http_event_bridge.hpp"

#include <unistd.h>

namespace ycfn_wasi {

// A random UUID (version 4): the platform's request and trace ids look like this.
std::string random_uuid() {
  unsigned char b[16] = {};
  if (getentropy(b, sizeof b) != 0) return "00000000-0000-4000-8000-000000000000";
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[b[i] >> 4]);
    id.push_back(kHex[b[i] & 0x0F]);
  }
  return id;
}

ycfn::http::EventOutcome http_request_to_event(const IncomingHttp& in) {
  ycfn::http::Request request;
  request.method = in.method;
  request.target = in.path_with_query;
  for (const auto& [name, value] : in.headers) request.headers.push_back({name, value});
  // The core applies the limit (C9): a body it was not given whole stands in
  // as one byte over it.
  if (in.body_too_large) {
    request.body.assign(ycfn::http::kMaxRequestBytes + 1, '\0');
  } else {
    request.body = in.body;
  }
  // wasi:http does not tell the guest the client's address; wasmtime serve
  // listens on loopback in every documented use, so the loopback stands in.
  request.peer_ip = "127.0.0.1";
  request.peer_port = 0;
  request.request_id = in.request_id;
  request.trace_id = random_uuid();
  request.time_ms = in.now_ms;
  return ycfn::http::request_to_event(request);
}

OutgoingHttp from_core(const ycfn::http::Response& response) {
  OutgoingHttp out;
  out.status = response.status;
  for (const auto& field : response.headers) out.headers.emplace_back(field.name, field.value);
  out.body = response.body;
  return out;
}

OutgoingHttp http_result_to_response(const std::string& result_json, ycfn::http::Integration integration) {
  return from_core(ycfn::http::result_to_response(result_json, integration));
}

OutgoingHttp http_runtime_exit_response(const std::string& what) {
  return from_core(ycfn::http::runtime_exit_response(what));
}

}  // namespace ycfn_wasi
