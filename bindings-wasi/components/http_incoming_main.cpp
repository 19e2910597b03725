// The guest of every <name>.http.wasm (a wasi:http/proxy component, for
// `wasmtime serve`): wasi:http/incoming-handler.handle reads the request, turns
// it into the platform's event (http_event_bridge.cpp), drives the handler
// through the C ABI (guest_step_driver.cpp, with wasi_http_fetch.cpp as the
// network) and writes the platform's response.
//
// One runtime per instance, created on the first request: `wasmtime serve`
// makes a new instance per request unless --max-instance-reuse-count is given,
// and only a kept instance keeps its token cache.
// The whole environment goes to the runtime config (the core reads
// YC_METADATA_ADDR, GCE_METADATA_HOST and YCFN_TIMEOUT_MS; handlers any
// variable); it comes from wasi:cli/environment: `wasmtime serve -S cli --env NAME=VALUE`.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "guest.h"
#include "guest_step_driver.hpp"
#include "http_event_bridge.hpp"
#include "wasi_http_fetch.hpp"
#include "ycfn/json.hpp"

namespace ycfn_wasi {
namespace {

using nlohmann::json;

constexpr std::size_t kWriteChunk = 4096;  // what blocking-write-and-flush takes per call

std::string dump(const json& value) { return ycfn::json::dump(value); }

std::string from_bytes(const uint8_t* ptr, size_t len) {
  return std::string(reinterpret_cast<const char*>(ptr), len);
}

struct Instance {
  StepDriver* driver = nullptr;
};

// The runtime and settings of this instance, made on its first request.
Instance& instance() {
  static Instance self;
  if (self.driver != nullptr) return self;
  json env = json::object();
  guest_list_tuple2_string_string_t vars{};
  wasi_cli_environment_get_environment(&vars);
  for (size_t i = 0; i < vars.len; ++i) {
    const std::string name = from_bytes(vars.ptr[i].f0.ptr, vars.ptr[i].f0.len);
    const std::string value = from_bytes(vars.ptr[i].f1.ptr, vars.ptr[i].f1.len);
    env[name] = value;
  }
  guest_list_tuple2_string_string_free(&vars);
  const std::string config =
      dump(json{{"network", true}, {"env", std::move(env)}, {"token_hint", kComponentTokenHint}});
  YcfnRuntime* runtime = ycfn_runtime_new(config.data(), config.size());
  if (runtime != nullptr) self.driver = new StepDriver(runtime, wasi_http_fetch_all);
  return self;
}

std::string method_name(const wasi_http_types_method_t& m) {
  switch (m.tag) {
    case WASI_HTTP_TYPES_METHOD_GET:
      return "GET";
    case WASI_HTTP_TYPES_METHOD_HEAD:
      return "HEAD";
    case WASI_HTTP_TYPES_METHOD_POST:
      return "POST";
    case WASI_HTTP_TYPES_METHOD_PUT:
      return "PUT";
    case WASI_HTTP_TYPES_METHOD_DELETE:
      return "DELETE";
    case WASI_HTTP_TYPES_METHOD_CONNECT:
      return "CONNECT";
    case WASI_HTTP_TYPES_METHOD_OPTIONS:
      return "OPTIONS";
    case WASI_HTTP_TYPES_METHOD_TRACE:
      return "TRACE";
    case WASI_HTTP_TYPES_METHOD_PATCH:
      return "PATCH";
    default:
      return from_bytes(m.val.other.ptr, m.val.other.len);
  }
}

// Reads the body up to `limit` bytes; false when it is longer (or unreadable).
bool read_request_body(wasi_http_types_borrow_incoming_request_t request, std::uint64_t limit,
                       std::string& body, bool& too_large) {
  too_large = false;
  wasi_http_types_own_incoming_body_t in_body;
  if (!wasi_http_types_method_incoming_request_consume(request, &in_body)) return false;
  wasi_io_streams_own_input_stream_t stream;
  const bool have_stream =
      wasi_http_types_method_incoming_body_stream(wasi_http_types_borrow_incoming_body(in_body), &stream);
  bool ok = have_stream;
  while (ok) {
    guest_list_u8_t chunk{};
    wasi_io_streams_stream_error_t err;
    if (!wasi_io_streams_method_input_stream_blocking_read(wasi_io_streams_borrow_input_stream(stream), 65536,
                                                           &chunk, &err)) {
      if (err.tag != WASI_IO_STREAMS_STREAM_ERROR_CLOSED) {
        wasi_io_streams_stream_error_free(&err);
        ok = false;
      }
      break;
    }
    if (body.size() + chunk.len > limit) {
      too_large = true;
      ok = false;
    } else {
      body.append(reinterpret_cast<const char*>(chunk.ptr), chunk.len);
    }
    guest_list_u8_free(&chunk);
  }
  if (have_stream) wasi_io_streams_input_stream_drop_own(stream);
  wasi_http_types_incoming_body_drop_own(in_body);
  return ok;
}

void send(wasi_http_types_own_response_outparam_t out, const OutgoingHttp& response) {
  wasi_http_types_own_fields_t fields = wasi_http_types_constructor_fields();
  auto bfields = wasi_http_types_borrow_fields(fields);
  auto append = [bfields](const std::string& name, const std::string& value) {
    guest_string_t wname{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())), name.size()};
    wasi_http_types_field_value_t wvalue{reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())),
                                         value.size()};
    wasi_http_types_header_error_t err;
    // The host refuses names and values HTTP does not allow (and a few it
    // manages itself): such a header is left out, the response still goes.
    if (!wasi_http_types_method_fields_append(bfields, &wname, &wvalue, &err)) {
      std::fprintf(stderr, "ycfn: response header '%s' left out: the HTTP host refuses it\n", name.c_str());
    }
  };
  for (const auto& [name, value] : response.headers) append(name, value);
  append("content-length", std::to_string(response.body.size()));
  wasi_http_types_own_outgoing_response_t resp = wasi_http_types_constructor_outgoing_response(fields);
  auto bresp = wasi_http_types_borrow_outgoing_response(resp);
  wasi_http_types_method_outgoing_response_set_status_code(
      bresp, static_cast<wasi_http_types_status_code_t>(response.status));
  wasi_http_types_own_outgoing_body_t body;
  wasi_http_types_method_outgoing_response_body(bresp, &body);
  wasi_http_types_result_own_outgoing_response_error_code_t result;
  result.is_err = false;
  result.val.ok = resp;
  wasi_http_types_static_response_outparam_set(out, &result);
  wasi_io_streams_own_output_stream_t stream;
  if (wasi_http_types_method_outgoing_body_write(wasi_http_types_borrow_outgoing_body(body), &stream)) {
    for (std::size_t at = 0; at < response.body.size(); at += kWriteChunk) {
      const std::size_t n = response.body.size() - at < kWriteChunk ? response.body.size() - at : kWriteChunk;
      guest_list_u8_t chunk{reinterpret_cast<uint8_t*>(const_cast<char*>(response.body.data() + at)), n};
      wasi_io_streams_stream_error_t err;
      if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(
              wasi_io_streams_borrow_output_stream(stream), &chunk, &err)) {
        wasi_io_streams_stream_error_free(&err);  // the client went away
        break;
      }
    }
    wasi_io_streams_output_stream_drop_own(stream);
  }
  wasi_http_types_error_code_t err;
  if (!wasi_http_types_static_outgoing_body_finish(body, nullptr, &err))
    wasi_http_types_error_code_free(&err);
}

OutgoingHttp serve(wasi_http_types_own_incoming_request_t request) {
  auto breq = wasi_http_types_borrow_incoming_request(request);
  IncomingHttp in;
  in.now_ms = wall_now_ms();
  in.request_id = random_uuid();
  wasi_http_types_method_t method;
  wasi_http_types_method_incoming_request_method(breq, &method);
  in.method = method_name(method);
  wasi_http_types_method_free(&method);
  guest_string_t path{};
  if (wasi_http_types_method_incoming_request_path_with_query(breq, &path)) {
    in.path_with_query = from_bytes(path.ptr, path.len);
    guest_string_free(&path);
  }
  if (in.path_with_query.empty()) in.path_with_query = "/";
  wasi_http_types_own_headers_t headers = wasi_http_types_method_incoming_request_headers(breq);
  wasi_http_types_list_tuple2_field_name_field_value_t entries;
  wasi_http_types_method_fields_entries(wasi_http_types_borrow_fields(headers), &entries);
  std::uint64_t declared_length = 0;
  for (size_t i = 0; i < entries.len; ++i) {
    in.headers.emplace_back(from_bytes(entries.ptr[i].f0.ptr, entries.ptr[i].f0.len),
                            from_bytes(entries.ptr[i].f1.ptr, entries.ptr[i].f1.len));
    if (in.headers.back().first == "content-length")
      declared_length = std::strtoull(in.headers.back().second.c_str(), nullptr, 10);
  }
  wasi_http_types_list_tuple2_field_name_field_value_free(&entries);
  wasi_http_types_fields_drop_own(headers);

  // Over the platform's limit: the core's 413, without reading a
  // declared-too-long body.
  if (declared_length > kMaxRequestBodyBytes) {
    in.body_too_large = true;
  } else if (!read_request_body(breq, kMaxRequestBodyBytes, in.body, in.body_too_large) &&
             !in.body_too_large) {
    return from_core(ycfn::http::runtime_exit_response("the request body could not be read"));
  }
  const ycfn::http::EventOutcome outcome = http_request_to_event(in);
  if (!outcome.invoke) return from_core(outcome.response);

  Instance& self = instance();
  if (self.driver == nullptr) return http_runtime_exit_response("the runtime ran out of memory");
  // The core decides the deadline (YCFN_TIMEOUT_MS from the environment, else
  // 3000 ms): the host knows no platform deadline here.
  const json invocation{{"context", {{"requestId", in.request_id}}}, {"now_ms", wall_now_ms()}};
  std::string result, why;
  if (!self.driver->run(outcome.event, dump(invocation), result, why)) {
    std::fprintf(stderr, "ycfn: %s\n", why.c_str());
    return http_runtime_exit_response("the runtime broke the ABI contract");
  }
  return http_result_to_response(result, outcome.integration);
}

}  // namespace
}  // namespace ycfn_wasi

extern "C" void exports_wasi_http_incoming_handler_handle(
    exports_wasi_http_incoming_handler_own_incoming_request_t request,
    exports_wasi_http_incoming_handler_own_response_outparam_t response_out) {
  const ycfn_wasi::OutgoingHttp response = ycfn_wasi::serve(request);
  wasi_http_types_incoming_request_drop_own(request);
  ycfn_wasi::send(response_out, response);
}
