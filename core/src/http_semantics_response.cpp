// The platform's HTTP semantics, response side: a function's result, or its
// failure, to the HTTP response (choices R1..R8, F1, F2 in
// ycfn/detail/http_semantics.hpp).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_text.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/http_semantics.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace ycfn::http {
namespace {

using json = nlohmann::json;

constexpr int kMinStatus = 100;
constexpr int kMaxStatus = 599;

std::string dump(const json& value) { return json_text(value); }

Response malformed(std::string_view reason, std::string_view payload) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["errorMessage"] = std::string(kMalformedPrefix) + std::string(reason);
  body["errorType"] = kMalformedType;
  body["payload"] = std::string(payload);
  Response response;
  response.status = 502;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = json_text(body);
  return response;
}

bool in_list(std::string_view name, const char* const* begin, const char* const* end) {
  for (auto it = begin; it != end; ++it) {
    if (equals_ignore_case(name, *it)) return true;
  }
  return false;
}

// R4: a header value as text, or nullopt for a type the platform refuses.
std::optional<std::string> header_value(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return dump(value);
  return std::nullopt;
}

struct Collected {
  std::map<std::string, std::vector<std::string>> headers;  // canonical name -> values
  std::string problem;                                      // non-empty: malformed
};

// Reads `headers` (single values) or `multiValueHeaders` (arrays) into `out`.
void collect(const json& map, bool multi, Collected& out) {
  if (map.is_null()) return;
  if (!map.is_object()) {
    out.problem = multi ? "multiValueHeaders is not an object" : "headers is not an object";
    return;
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string name = canonical_header_name(it.key());
    std::vector<std::string> values;
    if (multi) {
      if (!it.value().is_array()) {
        out.problem = "multiValueHeaders values must be arrays";
        return;
      }
      for (const auto& element : it.value()) {
        auto text = header_value(element);
        if (!text) {
          out.problem = "a multiValueHeaders value is not a string";
          return;
        }
        values.push_back(std::move(*text));
      }
    } else {
      auto text = header_value(it.value());
      if (!text) {
        out.problem = "a headers value is not a string";
        return;
      }
      values.push_back(std::move(*text));
    }
    // R4: `multiValueHeaders` is read second, so its values replace those of
    // `headers` for the same canonical name.
    out.headers[name] = std::move(values);
  }
}

// R5: applies the header rules; returns a problem or "".
std::string apply_rules(const std::map<std::string, std::vector<std::string>>& in, HeaderList& out) {
  for (const auto& [name, values] : in) {
    if (name.empty()) return "a header name is empty";
    for (const char c : name) {
      if (!is_token_char(c)) return "a header name is not an HTTP token";
    }
    if (in_list(name, std::begin(kFailingResponseHeaders), std::end(kFailingResponseHeaders))) {
      return "header " + name + " is not allowed";
    }
    if (in_list(name, std::begin(kDroppedResponseHeaders), std::end(kDroppedResponseHeaders))) continue;
    const bool remap =
        in_list(name, std::begin(kRemappedResponseHeaders), std::end(kRemappedResponseHeaders));
    for (const auto& value : values) {
      if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
        return "header " + name + " has a value with CR, LF or NUL";
      }
      out.push_back({remap ? std::string(kRemappedPrefix) + name : name, value});
    }
  }
  return {};
}

}  // namespace

Response accepted_response() {
  Response response;
  response.status = kAcceptedStatus;
  return response;
}

Response result_to_response(std::string_view result_json, Integration integration) {
  // C10: the result of an asynchronous invocation never reaches the caller.
  if (integration == Integration::async) return accepted_response();
  if (result_json.size() > kMaxResponseBytes) {
    return malformed("the response is " + std::to_string(result_json.size()) + " bytes, over the " +
                         std::to_string(kMaxResponseBytes) + "-byte limit",
                     "");
  }
  const bool parsed = json_nesting_depth(result_json) <= kMaxJsonDepth;
  JsonDocument doc = parsed ? parse_json_document(result_json) : JsonDocument{};
  if (integration == Integration::raw) {
    // R8: the result as it is; a result that is not JSON is still malformed.
    if (!doc.ok) return malformed("not a valid json", result_json);
    Response response;
    response.headers.push_back({"Content-Type", "application/json"});
    response.body = std::string(result_json);
    return response;
  }
  // R1
  if (!doc.ok || !doc.value.is_object()) return malformed("not a valid json", result_json);
  const json& result = doc.value;

  Response response;
  // R2
  if (auto it = result.find("statusCode"); it != result.end() && !it->is_null()) {
    if (!it->is_number_integer() && !it->is_number_unsigned())
      return malformed("invalid statusCode", result_json);
    const int64_t status = it->get<int64_t>();
    if (status < kMinStatus || status > kMaxStatus) return malformed("invalid statusCode", result_json);
    response.status = static_cast<int>(status);
  }
  // R4, R5
  Collected collected;
  if (auto it = result.find("headers"); it != result.end()) collect(*it, false, collected);
  if (collected.problem.empty()) {
    if (auto it = result.find("multiValueHeaders"); it != result.end()) collect(*it, true, collected);
  }
  if (!collected.problem.empty()) return malformed(collected.problem, result_json);
  if (std::string problem = apply_rules(collected.headers, response.headers); !problem.empty()) {
    return malformed(problem, result_json);
  }
  // R3, R6
  if (auto it = result.find("body"); it != result.end() && !it->is_null()) {
    if (it->is_string()) {
      response.body = it->get<std::string>();
    } else if (kNonStringBodyAsJson) {
      response.body = dump(*it);
    } else {
      return malformed("body is not a string", result_json);
    }
  }
  const auto base64 = result.find("isBase64Encoded");
  if (base64 != result.end() && base64->is_boolean() && base64->get<bool>()) {
    Result<std::string> decoded = base64_decode(response.body);
    if (!decoded.ok()) return malformed("body is not valid base64", result_json);
    response.body = std::move(decoded).value();
  }
  return response;
}

Response thrown_error_response(std::string_view error_message, std::string_view error_type,
                               const std::vector<std::string>& stack_trace) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["errorMessage"] = std::string(error_message);
  body["errorType"] = std::string(error_type);
  body["stackTrace"] = stack_trace;
  Response response;
  response.status = 502;
  response.headers.push_back({"Content-Type", "application/json"});
  response.headers.push_back({kFunctionErrorHeader, "true"});
  response.body = json_text(body);
  return response;
}

Response timeout_response(int64_t timeout_ms) {
  return error_response(504, kTimeoutType,
                        "Function execution timed out after " + std::to_string(timeout_ms) + " ms");
}

Response runtime_exit_response(std::string_view what) {
  return error_response(502, kRuntimeExitType,
                        "Function instance stopped during the call: " + std::string(what));
}

Response init_error_response(std::string_view what) {
  return error_response(502, kInitErrorType, "Function cannot be loaded: " + std::string(what));
}

}  // namespace ycfn::http
