#include "invocation_input.hpp"

#include <limits>
#include <utility>

#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace ycfn {

namespace {

Error bad_input(const std::string& why) { return make_error("abi.bad_input", why); }

// The host's input as a JSON object, or abi.bad_input naming `what`. The input
// is copied into the handler's Context, and handlers may dump it: both recurse
// once per nesting level, so deep nesting is refused before parsing, as for events.
Result<nlohmann::json> parse_input_object(std::string_view json, const std::string& what) {
  if (json_nesting_depth(json) > kMaxJsonDepth) {
    return bad_input(what + " is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  JsonDocument document = parse_json_document(json);
  if (!document.ok || !document.value.is_object()) return bad_input(what + " is not a JSON object");
  return std::move(document.value);
}

// Host clock times (now_ms, deadline_ms) are Unix epoch milliseconds as a host
// reads them, at most 2^53-1 (JavaScript's Number.MAX_SAFE_INTEGER). Bounding
// them here keeps every sum and difference the token cache and the context
// compute far from int64 overflow.
constexpr std::int64_t kMaxHostTimeMs = (std::int64_t{1} << 53) - 1;

// A JSON integer that fits int64. is_number_integer() is also true for
// unsigned values, so those are handled first: above INT64_MAX they do not fit.
bool read_int64(const nlohmann::json& object, const char* key, std::int64_t& out) {
  auto it = object.find(key);
  if (it == object.end()) return false;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    out = static_cast<std::int64_t>(value);
    return true;
  }
  if (it->is_number_integer()) {
    out = it->get<std::int64_t>();
    return true;
  }
  return false;
}

// A host clock time: an integer in 0..kMaxHostTimeMs.
bool read_time_ms(const nlohmann::json& object, const char* key, std::int64_t& out) {
  std::int64_t value = 0;
  if (!read_int64(object, key, value) || value < 0 || value > kMaxHostTimeMs) return false;
  out = value;
  return true;
}

// Context string fields: strings are taken as they are, numbers as their JSON
// text (memoryLimitInMB is a string on the platform, a number in some dumps),
// anything else is ignored.
std::string context_string(const nlohmann::json& context, const char* key) {
  auto it = context.find(key);
  if (it == context.end()) return {};
  if (it->is_string()) return it->get_ref<const std::string&>();
  if (it->is_number()) return json_text(*it);
  return {};
}

// Reply headers: [[name, value], ...] (order and repeats kept), or an object
// whose values are strings or arrays of strings.
std::optional<Error> read_headers(const nlohmann::json& headers,
                                  std::vector<std::pair<std::string, std::string>>& out) {
  if (headers.is_array()) {
    for (const auto& pair : headers) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        return bad_input("fetch_result.headers must be [[name, value], ...] of strings");
      }
      out.emplace_back(pair[0].get_ref<const std::string&>(), pair[1].get_ref<const std::string&>());
    }
    return std::nullopt;
  }
  if (!headers.is_object()) return bad_input("fetch_result.headers must be an array of pairs or an object");
  for (const auto& [name, header_value] : headers.items()) {
    if (header_value.is_string()) {
      out.emplace_back(name, header_value.get_ref<const std::string&>());
    } else if (header_value.is_array()) {
      for (const auto& item : header_value) {
        if (!item.is_string()) return bad_input("fetch_result.headers values must be strings");
        out.emplace_back(name, item.get_ref<const std::string&>());
      }
    } else {
      return bad_input("fetch_result.headers values must be strings");
    }
  }
  return std::nullopt;
}

Result<FetchResultInput> parse_fetch_result(const nlohmann::json& value) {
  if (!value.is_object()) return bad_input("fetch_result must be an object");
  FetchResultInput result;
  std::int64_t id = 0;
  if (!read_int64(value, "id", id) || id <= 0) return bad_input("fetch_result.id must be a positive integer");
  result.fetch_id = static_cast<std::uint64_t>(id);

  if (auto error = value.find("error"); error != value.end()) {
    if (!error->is_string()) return bad_input("fetch_result.error must be a string");
    const auto failure = parse_transport_failure(error->get_ref<const std::string&>());
    if (!failure) return bad_input("fetch_result.error must be \"timeout\", \"network\" or \"too_large\"");
    std::string message;
    if (auto m = value.find("message"); m != value.end() && m->is_string())
      message = m->get_ref<const std::string&>();
    result.outcome = fetch_failed(*failure, std::move(message));
    return result;
  }

  RawHttpReply reply;
  std::int64_t status = 0;
  if (!read_int64(value, "status", status) || status < 100 || status > 999) {
    return bad_input("fetch_result.status must be an HTTP status code");
  }
  reply.status = static_cast<int>(status);
  if (auto headers = value.find("headers"); headers != value.end() && !headers->is_null()) {
    if (auto error = read_headers(*headers, reply.headers)) return *error;
  }
  if (auto body = value.find("body"); body != value.end() && !body->is_null()) {
    if (!body->is_string()) return bad_input("fetch_result.body must be a string");
    reply.body = body->get_ref<const std::string&>();
  } else if (auto encoded = value.find("body_base64"); encoded != value.end() && !encoded->is_null()) {
    if (!encoded->is_string()) return bad_input("fetch_result.body_base64 must be a string");
    auto decoded = base64_decode(encoded->get_ref<const std::string&>());
    if (!decoded) return bad_input("fetch_result.body_base64 is not base64");
    reply.body = std::move(decoded).value();
  }
  result.outcome = fetch_replied(std::move(reply));
  return result;
}

}  // namespace

Result<InvocationInput> parse_invocation_input(std::string_view json) {
  if (auto scanned = scan_invocation_input(json)) return std::move(*scanned);
  return parse_invocation_input_dom(json);
}

Result<InvocationInput> parse_invocation_input_dom(std::string_view json) {
  auto object = parse_input_object(json, "invocation input");
  if (!object.ok()) return object.error();
  // Not const: the context is moved out of it below (a copy of its DOM was a
  // few per cent of a small call).
  nlohmann::json& parsed = object.value();

  InvocationInput input;
  if (!read_time_ms(parsed, "now_ms", input.now_ms)) {
    return bad_input("invocation.now_ms must be an integer number of Unix epoch milliseconds (0 .. 2^53-1)");
  }
  if (parsed.contains("deadline_ms")) {
    std::int64_t deadline = 0;
    if (!read_time_ms(parsed, "deadline_ms", deadline)) {
      return bad_input(
          "invocation.deadline_ms must be an integer number of Unix epoch milliseconds (0 .. 2^53-1)");
    }
    input.deadline = deadline;
  }
  input.context.started_at_ms = input.now_ms;

  // The context: an object, or the text a host read from its environment
  // (context_json), judged here so that every host answers the same.
  nlohmann::json from_text;
  nlohmann::json* context = nullptr;
  if (auto it = parsed.find("context"); it != parsed.end() && !it->is_null()) {
    if (!it->is_object()) return bad_input("invocation.context must be an object");
    context = &*it;
  } else if (auto text = parsed.find("context_json"); text != parsed.end() && !text->is_null()) {
    if (!text->is_string()) return bad_input("invocation.context_json must be a string");
    const std::string& raw = text->get_ref<const std::string&>();
    auto document = parse_json_text(raw, "context.malformed", "the invocation context");
    if (!document.ok()) {
      input.context_error = document.error();
    } else if (!document->is_object()) {
      input.context_error = make_error("context.malformed", std::string("the invocation context is JSON ") +
                                                                document->type_name() + ", not an object");
    } else {
      from_text = std::move(document).value();
      context = &from_text;
    }
  }
  if (context != nullptr) {
    input.context.request_id = context_string(*context, "requestId");
    input.context.function_name = context_string(*context, "functionName");
    input.context.function_version = context_string(*context, "functionVersion");
    input.context.memory_limit_mb = context_string(*context, "memoryLimitInMB");
    if (auto token = context->find("token"); token != context->end()) {
      input.context_token = std::move(*token);
      context->erase(token);
    }
    if (!input.deadline && context->contains("deadlineMs")) {
      std::int64_t deadline = 0;
      if (read_time_ms(*context, "deadlineMs", deadline)) {
        input.deadline = deadline;
      } else {
        input.context_error = make_error(
            "context.bad_deadline",
            "context.deadlineMs must be an integer number of Unix epoch milliseconds (0 .. 2^53-1)");
      }
    }
    // The raw context is exposed to handlers without the token (taken out
    // above): a handler that dumps its context must not leak it.
    input.context.raw = std::move(*context);
  }
  return input;
}

Result<ResumeInput> parse_resume_input(std::string_view json) {
  const auto object = parse_input_object(json, "resume input");
  if (!object.ok()) return object.error();
  const nlohmann::json& parsed = object.value();

  ResumeInput input;
  std::int64_t invocation = 0;
  if (!read_int64(parsed, "invocation", invocation) || invocation <= 0) {
    return bad_input("resume.invocation must be a positive integer");
  }
  input.invocation = static_cast<std::uint64_t>(invocation);
  if (!read_time_ms(parsed, "now_ms", input.now_ms)) {
    return bad_input("resume.now_ms must be an integer number of Unix epoch milliseconds (0 .. 2^53-1)");
  }
  if (auto results = parsed.find("fetch_results"); results != parsed.end() && !results->is_null()) {
    if (!results->is_array()) return bad_input("resume.fetch_results must be an array");
    for (const auto& item : *results) {
      auto result = parse_fetch_result(item);
      if (!result.ok()) return result.error();
      input.fetch_results.push_back(std::move(result).value());
    }
  }
  if (auto cancel = parsed.find("cancel"); cancel != parsed.end() && !cancel->is_null()) {
    if (!cancel->is_boolean()) return bad_input("resume.cancel must be a boolean");
    input.cancel = cancel->get<bool>();
  }
  return input;
}

}  // namespace ycfn

namespace ycfn {

std::optional<std::uint64_t> peek_invocation_id(std::string_view json) {
  if (json_nesting_depth(json) > kMaxJsonDepth) return std::nullopt;
  JsonDocument document = parse_json_document(json);
  if (!document.ok || !document.value.is_object()) return std::nullopt;
  std::int64_t id = 0;
  if (!read_int64(document.value, "invocation", id) || id <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(id);
}

}  // namespace ycfn
