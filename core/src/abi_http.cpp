// The C ABI of the HTTP semantics (ycfn_http.h): JSON in, JSON out, over
// ycfn::http. Thin on purpose: it checks shapes and copies strings.
#include "ycfn/ycfn_http.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "abi_strings.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/http_payload.hpp"
#include "ycfn/detail/http_semantics.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"
#include "ycfn/detail/metadata.hpp"

namespace {

using json = nlohmann::json;
namespace http = ycfn::http;

using ycfn::to_owned_c_string;

std::string dump(const json& value) { return ycfn::json_text(value); }

char* bad_input(const std::string& message) {
  return to_owned_c_string(dump(json{{"error", {{"code", "abi.bad_input"}, {"message", message}}}}));
}

json response_json(const http::Response& response) {
  json headers = json::array();
  for (const auto& field : response.headers) headers.push_back(json::array({field.name, field.value}));
  return json{
      {"status", response.status}, {"headers", headers}, {"body_base64", ycfn::base64_encode(response.body)}};
}

char* answer(const http::Response& response) {
  return to_owned_c_string(dump(json{{"response", response_json(response)}}));
}

const char* integration_name(http::Integration integration) {
  switch (integration) {
    case http::Integration::raw:
      return "raw";
    case http::Integration::async:
      return "async";
    case http::Integration::http:
      break;
  }
  return "http";
}

std::optional<http::Integration> integration_of(const std::string& name) {
  if (name == "http") return http::Integration::http;
  if (name == "raw") return http::Integration::raw;
  if (name == "async") return http::Integration::async;
  return std::nullopt;
}

// A rule's refusal of well-formed input (not the runner's bug): {"problem": {code, message}}.
char* problem(const ycfn::Error& error) {
  return to_owned_c_string(dump(json{{"problem", {{"code", error.code}, {"message", error.message}}}}));
}

// The input as a JSON object, or nullopt-like `is_discarded()`.
json parse_object(const char* data, size_t len) {
  const std::string_view text = ycfn::borrowed(data, len);
  if (ycfn::json_nesting_depth(text) > ycfn::kMaxJsonDepth) return json(json::value_t::discarded);
  ycfn::JsonDocument doc = ycfn::parse_json_document(text);
  if (!doc.ok || !doc.value.is_object()) return json(json::value_t::discarded);
  return std::move(doc.value);
}

// A string field (absent: `fallback`); false when present with another type.
bool read_string(const json& object, const char* key, std::string& out, const char* fallback = "") {
  const auto it = object.find(key);
  if (it == object.end()) {
    out = fallback;
    return true;
  }
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_integer(const json& object, const char* key, int64_t& out) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_number_integer() && !it->is_number_unsigned()) return false;
  out = it->get<int64_t>();
  return true;
}

bool read_headers(const json& object, http::HeaderList& out) {
  const auto it = object.find("headers");
  if (it == object.end()) return true;
  if (!it->is_array()) return false;
  for (const auto& pair : *it) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) return false;
    out.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  }
  return true;
}

// An http::Request from the ABI's request object; the problem, or nullptr.
const char* read_request(const json& input, http::Request& r) {
  std::string body_base64;
  int64_t peer_port = 0;
  if (!read_string(input, "method", r.method, "GET") || !read_string(input, "target", r.target, "/") ||
      !read_string(input, "body_base64", body_base64) ||
      !read_string(input, "peer_ip", r.peer_ip, "127.0.0.1") ||
      !read_string(input, "request_id", r.request_id) || !read_string(input, "trace_id", r.trace_id) ||
      !read_integer(input, "peer_port", peer_port) || !read_integer(input, "time_ms", r.time_ms) ||
      !read_headers(input, r.headers)) {
    return "request has a field of the wrong type";
  }
  if (peer_port < 0 || peer_port > 65535) return "peer_port is not in 0..65535";
  r.peer_port = static_cast<int>(peer_port);
  ycfn::Result<std::string> body = ycfn::base64_decode(body_base64);
  if (!body.ok()) return "body_base64 is not base64";
  r.body = std::move(body).value();
  return nullptr;
}

}  // namespace

extern "C" {

char* ycfn_http_alloc(size_t size) { return static_cast<char*>(std::malloc(size == 0 ? 1 : size)); }

void ycfn_http_free(char* ptr) { std::free(ptr); }

char* ycfn_http_request_to_event(const char* request, size_t request_len) {
  const json input = parse_object(request, request_len);
  if (input.is_discarded()) return bad_input("request is not a JSON object");
  http::Request r;
  if (const char* problem = read_request(input, r)) return bad_input(problem);

  const http::EventOutcome outcome = http::request_to_event(r);
  if (!outcome.invoke) {
    return to_owned_c_string(dump(json{{"invoke", false}, {"response", response_json(outcome.response)}}));
  }
  json answer_json{
      {"invoke", true}, {"integration", integration_name(outcome.integration)}, {"event", outcome.event}};
  if (outcome.integration == http::Integration::async)
    answer_json["response"] = response_json(outcome.response);
  return to_owned_c_string(dump(answer_json));
}

char* ycfn_http_result_to_response(const char* input_text, size_t input_len) {
  const json input = parse_object(input_text, input_len);
  if (input.is_discarded()) return bad_input("input is not a JSON object");
  std::string integration;
  std::string result;
  if (!read_string(input, "integration", integration, "http") || !read_string(input, "result", result)) {
    return bad_input("input has a field of the wrong type");
  }
  const auto mode = integration_of(integration);
  if (!mode) return bad_input("integration is not http, raw or async");
  return answer(http::result_to_response(result, *mode));
}

char* ycfn_http_websocket_event(const char* input_text, size_t input_len) {
  const json input = parse_object(input_text, input_len);
  if (input.is_discarded()) return bad_input("input is not a JSON object");
  const auto request = input.find("request");
  if (request == input.end() || !request->is_object()) return bad_input("request is not a JSON object");
  http::WebSocketEventInput in;
  if (const char* problem = read_request(*request, in.upgrade)) return bad_input(problem);
  std::string data_base64;
  int64_t close_code = 0;
  const auto binary = input.find("binary");
  if (!read_string(input, "event_type", in.event_type) ||
      !read_string(input, "connection_id", in.connection_id) ||
      !read_integer(input, "connected_at_ms", in.connected_at_ms) ||
      !read_string(input, "message_id", in.message_id) || !read_string(input, "data_base64", data_base64) ||
      !read_integer(input, "close_code", close_code) ||
      !read_string(input, "close_reason", in.close_reason) ||
      (binary != input.end() && !binary->is_boolean())) {
    return bad_input("input has a field of the wrong type");
  }
  if (in.event_type != "CONNECT" && in.event_type != "MESSAGE" && in.event_type != "DISCONNECT") {
    return bad_input("event_type is not CONNECT, MESSAGE or DISCONNECT");
  }
  if (close_code < 0 || close_code > 9999) return bad_input("close_code is not in 0..9999");
  in.close_code = static_cast<int>(close_code);
  in.binary = binary != input.end() && binary->get<bool>();
  ycfn::Result<std::string> data = ycfn::base64_decode(data_base64);
  if (!data.ok()) return bad_input("data_base64 is not base64");
  in.data = std::move(data).value();
  return to_owned_c_string(dump(json{{"event", http::websocket_event(in)}}));
}

char* ycfn_http_failure_to_response(const char* input_text, size_t input_len) {
  const json input = parse_object(input_text, input_len);
  if (input.is_discarded()) return bad_input("input is not a JSON object");
  std::string kind;
  if (!read_string(input, "kind", kind)) return bad_input("kind is not a string");
  if (kind == "thrown") {
    std::string message;
    std::string type;
    std::vector<std::string> stack;
    if (!read_string(input, "errorMessage", message) || !read_string(input, "errorType", type, "Error")) {
      return bad_input("errorMessage and errorType must be strings");
    }
    if (const auto it = input.find("stackTrace"); it != input.end()) {
      if (!it->is_array()) return bad_input("stackTrace is not an array");
      for (const auto& frame : *it) {
        if (!frame.is_string()) return bad_input("stackTrace holds a non-string");
        stack.push_back(frame.get<std::string>());
      }
    }
    return answer(http::thrown_error_response(message, type, stack));
  }
  if (kind == "timeout") {
    int64_t timeout_ms = 0;
    if (!read_integer(input, "timeout_ms", timeout_ms)) return bad_input("timeout_ms is not an integer");
    return answer(http::timeout_response(timeout_ms));
  }
  if (kind == "exit") {
    std::string message;
    if (!read_string(input, "message", message)) return bad_input("message is not a string");
    return answer(http::runtime_exit_response(message));
  }
  if (kind == "init") {
    std::string message;
    if (!read_string(input, "message", message)) return bad_input("message is not a string");
    return answer(http::init_error_response(message));
  }
  return bad_input("kind is not thrown, timeout, exit or init");
}

char* ycfn_http_metadata_address(const char* input_text, size_t input_len) {
  const json input = parse_object(input_text, input_len);
  if (input.is_discarded()) return bad_input("input is not a JSON object");
  std::string address;
  std::string source;
  if (!input.contains("address")) return bad_input("address is missing");
  if (!read_string(input, "address", address) ||
      !read_string(input, "source", source, "the metadata address")) {
    return bad_input("address and source must be strings");
  }
  auto parsed = ycfn::parse_metadata_address(address, source);
  if (!parsed.ok()) return problem(parsed.error());
  return to_owned_c_string(dump(json{{"host", parsed.value().host}, {"port", parsed.value().port}}));
}

char* ycfn_http_payload(const char* event_text, size_t event_len) {
  const std::string_view text = ycfn::borrowed(event_text, event_len);
  if (ycfn::json_nesting_depth(text) > ycfn::kMaxJsonDepth) return bad_input("event is nested too deep");
  ycfn::JsonDocument doc = ycfn::parse_json_document(text);
  if (!doc.ok) return bad_input("event is not JSON");
  auto payload = ycfn::http::payload_of(std::make_shared<const json>(std::move(doc.value)));
  if (!payload.ok()) return problem(payload.error());
  if (payload.value().is_event) return to_owned_c_string(dump(json{{"payload_is_event", true}}));
  // The payload is JSON text already (a request body the core validated, or
  // text it wrote): spliced, not re-parsed, so members keep their order.
  return to_owned_c_string("{\"payload\":" + payload.value().json + "}");
}

}  // extern "C"
