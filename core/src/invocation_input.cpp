#include "invocation_input.hpp"

#include <limits>
#include <utility>

namespace ycfn {

namespace {

Error bad_input(const std::string& why) { return make_error("abi.bad_input", why); }

// A JSON integer that fits int64 (hosts send epoch milliseconds).
bool read_int64(const nlohmann::json& object, const char* key, std::int64_t& out) {
  auto it = object.find(key);
  if (it == object.end()) return false;
  if (it->is_number_integer()) {
    out = it->get<std::int64_t>();
    return true;
  }
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    out = static_cast<std::int64_t>(value);
    return true;
  }
  return false;
}

// Context string fields: strings are taken as they are, numbers as their JSON
// text (memoryLimitInMB is a string on the platform, a number in some dumps),
// anything else is ignored.
std::string context_string(const nlohmann::json& context, const char* key) {
  auto it = context.find(key);
  if (it == context.end()) return {};
  if (it->is_string()) return it->get_ref<const std::string&>();
  if (it->is_number()) return it->dump();
  return {};
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

  HttpReply reply;
  std::int64_t status = 0;
  if (!read_int64(value, "status", status) || status < 100 || status > 999) {
    return bad_input("fetch_result.status must be an HTTP status code");
  }
  reply.status = static_cast<int>(status);
  if (auto headers = value.find("headers"); headers != value.end() && !headers->is_null()) {
    if (!headers->is_object()) return bad_input("fetch_result.headers must be an object");
    for (const auto& [name, header_value] : headers->items()) {
      if (header_value.is_string()) {
        reply.headers.emplace_back(name, header_value.get_ref<const std::string&>());
      } else if (header_value.is_array()) {
        for (const auto& item : header_value) {
          if (!item.is_string()) return bad_input("fetch_result.headers values must be strings");
          reply.headers.emplace_back(name, item.get_ref<const std::string&>());
        }
      } else {
        return bad_input("fetch_result.headers values must be strings");
      }
    }
  }
  if (auto body = value.find("body"); body != value.end() && !body->is_null()) {
    if (!body->is_string()) return bad_input("fetch_result.body must be a string");
    reply.body = body->get_ref<const std::string&>();
  }
  result.outcome = fetch_replied(std::move(reply));
  return result;
}

}  // namespace

Result<InvocationInput> parse_invocation_input(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return bad_input("invocation input is not a JSON object");

  InvocationInput input;
  if (!read_int64(parsed, "now_ms", input.now_ms)) return bad_input("invocation.now_ms must be an integer");
  if (!read_int64(parsed, "deadline_ms", input.context.deadline_ms)) {
    return bad_input("invocation.deadline_ms must be an integer");
  }
  input.context.started_at_ms = input.now_ms;

  auto context = parsed.find("context");
  if (context != parsed.end() && !context->is_null()) {
    if (!context->is_object()) return bad_input("invocation.context must be an object");
    input.context.request_id = context_string(*context, "requestId");
    input.context.function_name = context_string(*context, "functionName");
    input.context.function_version = context_string(*context, "functionVersion");
    input.context.memory_limit_mb = context_string(*context, "memoryLimitInMB");
    if (auto token = context->find("token"); token != context->end()) input.context_token = *token;
    // The raw context is exposed to handlers without the token: a handler that
    // dumps its context must not leak it.
    input.context.raw = *context;
    input.context.raw.erase("token");
  }
  return input;
}

Result<ResumeInput> parse_resume_input(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return bad_input("resume input is not a JSON object");

  ResumeInput input;
  std::int64_t invocation = 0;
  if (!read_int64(parsed, "invocation", invocation) || invocation <= 0) {
    return bad_input("resume.invocation must be a positive integer");
  }
  input.invocation = static_cast<std::uint64_t>(invocation);
  if (!read_int64(parsed, "now_ms", input.now_ms)) return bad_input("resume.now_ms must be an integer");
  if (auto fetch = parsed.find("fetch_result"); fetch != parsed.end() && !fetch->is_null()) {
    auto result = parse_fetch_result(*fetch);
    if (!result.ok()) return result.error();
    input.fetch_result = std::move(result).value();
  }
  return input;
}

}  // namespace ycfn
