// The platform's HTTP semantics for the wasi:http component: a thin adapter
// over the core's one implementation (core/include/ycfn/detail/http_semantics.hpp,
// the same `ycfn serve` uses), so <name>.http.wasm answers what `ycfn serve`
// answers for the Node build of the same example.
#pragma once

#include <cstdint>
#include <string>

#include "guest_fetch.hpp"
#include "ycfn/detail/http_semantics.hpp"

namespace ycfn_wasi {

// A body over the platform's request limit is refused (413) without reading
// the rest of it.
constexpr std::uint64_t kMaxRequestBodyBytes = ycfn::http::kMaxRequestBytes;

struct IncomingHttp {
  std::string method;           // as sent, e.g. "GET"
  std::string path_with_query;  // "/a/b?x=1&y=2"
  HeaderList headers;           // in order, names as received
  std::string body;
  bool body_too_large = false;  // over kMaxRequestBodyBytes: `body` is not kept
  std::string request_id;
  std::int64_t now_ms = 0;  // when the request arrived (Unix ms)
};

struct OutgoingHttp {
  int status = 200;
  HeaderList headers;
  std::string body;
};

// The event for this request, or the platform's answer without invoking the
// function (413, 400): ycfn::http::request_to_event.
ycfn::http::EventOutcome http_request_to_event(const IncomingHttp& request);

// The HTTP response for a function result (the JSON text of the core's
// respond step): ycfn::http::result_to_response.
OutgoingHttp http_result_to_response(const std::string& result_json, ycfn::http::Integration integration);

// The answer when the instance cannot produce a result (the runtime broke the
// ABI contract or ran out of memory): the platform's 502 RuntimeExit.
OutgoingHttp http_runtime_exit_response(const std::string& what);

// A core response -> the wire response of this component.
OutgoingHttp from_core(const ycfn::http::Response& response);

// A random UUID (version 4), as the platform's request and trace ids look.
std::string random_uuid();

}  // namespace ycfn_wasi
