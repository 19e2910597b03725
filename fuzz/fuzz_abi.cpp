// The C ABI end to end: a runtime with a registered echo handler that needs a
// token (YCFN_HANDLER_WITH_TOKEN), driven by the input. The input is split at
// NUL bytes into sections:
//
//   0  runtime config JSON (ycfn_runtime_new; empty: defaults)
//   1  event bytes (every ycfn_invoke of this input uses it)
//   2  invocation JSON (the first ycfn_invoke)
//   3+ steps, at most 16, by their first byte:
//        'I' + invocation JSON  -> another ycfn_invoke (concurrent invocations)
//        'R' + resume JSON      -> ycfn_resume with the JSON as is
//        anything else          -> ycfn_resume with the section as JSON, where
//           the harness fills in what is missing: "invocation" (an invocation
//           in progress, chosen by the first byte), "now_ms" (the last time
//           plus 10 ms) and fetch_result.id (the fetch that invocation was
//           asked for), and sends a "fetch_result" object as the ABI's
//           one-element "fetch_results". A section that is not JSON is
//           passed as is.
//
// Then everything is freed (invocations still in progress die with the
// runtime; LeakSanitizer checks). Invariants: every answer is a JSON object
// with a known `step` and the documented shape (fetch and wait: an integer
// give_up_ms; fetch: the metadata URL,
// 100 <= timeout_ms <= 3000, 0 <= delay_ms <= 1000; wait: timeout_ms > 0;
// respond: a platform result with status 100..599, HTTP-token header names,
// no CR/LF/NUL in values, a base64 body that decodes); log lines are JSON
// objects; the handler gets a token obeying the rules and a context without
// it; an invocation JSON nested deeper than 64 levels is refused; and no token (a context token, a token in a
// metadata reply body, the handler's token) ever appears in a log line, an error or a core-made answer unless
// the event itself carries it.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../core/src/invocation_input.hpp"
#include "fuzz_check.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/redact.hpp"
#include "ycfn/ycfn.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using nlohmann::json;

constexpr std::size_t kMaxSteps = 16;
constexpr std::string_view kMetadataPath = "/computeMetadata/v1/instance/service-accounts/default/token";

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// object[key], or null when `object` is not an object or lacks `key` (a const
// operator[] on a missing key is undefined).
const json& member(const json& object, const char* key) {
  static const json null;
  if (!object.is_object()) return null;
  const auto it = object.find(key);
  return it == object.end() ? null : *it;
}

// What the handler saw during the current ABI call.
struct HandlerProbe {
  bool called = false;
  std::string token;
};
HandlerProbe g_probe;

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

int clamp_int(long value) {
  if (value < INT_MIN) return INT_MIN;
  if (value > INT_MAX) return INT_MAX;
  return static_cast<int>(value);
}

// The query steers the response (?as=text|binary|empty|failure|json,
// ?status=N, ?h-<name>=<value> adds a response header), so that every path
// of render_response is reachable from the input.
ycfn::Response fuzz_echo(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::Token* token = context.token();
  YCFN_FUZZ_CHECK(token != nullptr, "a handler that needs a token was called without one");
  YCFN_FUZZ_CHECK(context.token_source().has_value(), "a token without a source");
  YCFN_FUZZ_CHECK(!token->access_token.empty(), "an empty token reached the handler");
  for (const char c : token->access_token) {
    const auto byte = static_cast<unsigned char>(c);
    YCFN_FUZZ_CHECK(byte > 0x20 && byte < 0x7F, "a token with whitespace, control or non-ASCII bytes");
  }
  YCFN_FUZZ_CHECK(token->expires_in_s >= 1 && token->expires_in_s <= 86400, "expires_in out of range");
  YCFN_FUZZ_CHECK(context.raw().is_object() && !context.raw().contains("token"),
                  "context.raw() holds the token");
  g_probe.called = true;
  g_probe.token = token->access_token;

  // Both must be redacted on the way out.
  context.log().info("echo called with token " + token->access_token);
  context.log().add(ycfn::LogLevel::debug, "authorization", {{"header", token->authorization_header()}});

  json body = {
      {"requestId", context.request_id()},
      {"functionName", context.function_name()},
      {"functionVersion", context.function_version()},
      {"memoryLimitInMB", context.memory_limit_mb()},
      {"deadline_ms", context.deadline_ms()},
      {"started_at_ms", context.started_at_ms()},
      {"remaining_ms", context.remaining_ms_at_start()},
      {"token", ycfn::redact_secret(token->access_token)},
      {"source", ycfn::token_source_name(*context.token_source())},
      {"context", context.raw()},
  };
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) {
    if (const ycfn::TriggerEvent* trigger = request.trigger()) {
      body["messages"] = trigger->messages().size();
    } else {
      body["event"] = request.raw();
    }
    return ycfn::Response::json(body);
  }
  body["method"] = http->method();
  body["path"] = http->path();
  body["body"] = http->body();
  json headers = json::object();
  for (const auto& entry : http->headers()) headers[entry.name] = entry.values;
  body["headers"] = headers;
  const auto parsed = http->json_body();
  body["json"] = parsed.ok() ? parsed.value() : json(parsed.error().message);

  int status = 200;
  if (const auto text = http->query().get("status"))
    status = clamp_int(std::strtol(std::string(*text).c_str(), nullptr, 10));
  const std::string as(http->query().get("as").value_or("json"));
  ycfn::Response response = as == "text" ? ycfn::Response::text(http->body(), status)
                            : as == "binary"
                                ? ycfn::Response::binary(http->body(), "application/octet-stream", status)
                            : as == "empty"   ? ycfn::Response::empty(status)
                            : as == "failure" ? ycfn::Response::failure("fuzz.handler", http->body(), status)
                                              : ycfn::Response::json(body, status);
  for (const auto& entry : http->query()) {
    if (entry.name.rfind("h-", 0) != 0) continue;
    for (const auto& value : entry.values) response.add_header(entry.name.substr(2), value);
  }
  return response;
}

// Tokens whose appearance in an answer would be a leak: at least 4 bytes
// (shorter ones are not scrubbed, by design), holding a '~' (no message
// template of the core has one, so a match cannot be a coincidence), and no
// '"' or '\\' (which JSON escapes differently inside and outside strings).
bool watchable(const std::string& token) {
  return token.size() >= 4 && token.find('~') != std::string::npos &&
         token.find_first_of("\"\\") == std::string::npos;
}

struct Run {
  std::string event;
  // Text an answer may legitimately quote: the event (raw and re-dumped),
  // hosts' transport messages. Handler answers may also quote the invocation JSON.
  std::string public_text;
  std::string invocation_text;
  std::vector<std::string> secrets;
  std::map<std::uint64_t, std::uint64_t> open;  // invocation in progress -> fetch asked for (0: wait)
  std::int64_t last_now = 0;

  void add_secret(const std::string& token) {
    if (watchable(token)) secrets.push_back(token);
  }

  bool leaks(std::string_view text, const std::string& also_public = {}) const {
    for (const auto& secret : secrets) {
      if (text.find(secret) == std::string_view::npos) continue;
      if (public_text.find(secret) != std::string::npos) continue;
      if (!also_public.empty() && also_public.find(secret) != std::string::npos) continue;
      std::fprintf(stderr, "token of %zu bytes leaked\n", secret.size());
      return true;
    }
    return false;
  }

  // Reads now_ms and context.token from an invocation JSON.
  void note_invocation(std::string_view text) {
    invocation_text.append(text);
    const json value = json::parse(text.begin(), text.end(), nullptr, false);
    if (!value.is_object()) return;
    invocation_text += dump(value);
    if (auto now = value.find("now_ms"); now != value.end() && now->is_number_integer()) {
      last_now = now->get<std::int64_t>();
    }
    if (auto context = value.find("context"); context != value.end() && context->is_object()) {
      if (auto token = context->find("token"); token != context->end() && token->is_object()) {
        if (auto access = token->find("access_token"); access != token->end() && access->is_string()) {
          add_secret(access->get<std::string>());
        }
      }
    }
  }

  // Reads a resume JSON's fetch result: the reply body's access_token is a
  // secret, the host's message is public.
  void note_resume(const json& value) {
    if (!value.is_object()) return;
    if (auto now = value.find("now_ms"); now != value.end() && now->is_number_integer()) {
      last_now = now->get<std::int64_t>();
    }
    auto results = value.find("fetch_results");
    if (results == value.end() || !results->is_array()) return;
    for (const auto& result : *results) note_fetch_result(result);
  }

  void note_fetch_result(const json& result_value) {
    if (!result_value.is_object()) return;
    const auto* result = &result_value;
    if (auto message = result->find("message"); message != result->end() && message->is_string()) {
      std::string text = message->get<std::string>();
      public_text += '\n' + text;
      // The core keeps printable ASCII of it and replaces the rest with '?'.
      for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
      }
      public_text += '\n' + text;
    }
    if (auto body = result->find("body"); body != result->end() && body->is_string()) {
      const json reply = json::parse(body->get<std::string>(), nullptr, false);
      if (reply.is_object()) {
        if (auto access = reply.find("access_token"); access != reply.end() && access->is_string()) {
          add_secret(access->get<std::string>());
        }
      }
    }
  }

  void check_response(const json& response, bool from_handler) {
    YCFN_FUZZ_CHECK(response.is_object(), "respond without a response object");
    const auto status = response.find("statusCode");
    YCFN_FUZZ_CHECK(status != response.end() && status->is_number_integer(), "statusCode is not an integer");
    const auto code = status->get<std::int64_t>();
    YCFN_FUZZ_CHECK(code >= 100 && code <= 599, "statusCode out of 100..599");
    const auto headers = response.find("headers");
    const auto multi = response.find("multiValueHeaders");
    YCFN_FUZZ_CHECK(headers != response.end() && headers->is_object(), "headers is not an object");
    YCFN_FUZZ_CHECK(multi != response.end() && multi->is_object(), "multiValueHeaders is not an object");
    const auto check_header = [](const std::string& name, const json& value) {
      YCFN_FUZZ_CHECK(!name.empty(), "an empty header name");
      for (const char c : name) YCFN_FUZZ_CHECK(is_token_char(c), "a header name that is not an HTTP token");
      YCFN_FUZZ_CHECK(value.is_string(), "a header value that is not a string");
      const auto& text = value.get_ref<const std::string&>();
      YCFN_FUZZ_CHECK(text.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                      "a header value with CR, LF or NUL");
    };
    for (const auto& [name, value] : headers->items()) check_header(name, value);
    for (const auto& [name, values] : multi->items()) {
      YCFN_FUZZ_CHECK(values.is_array() && values.size() >= 2,
                      "a multi-value header with fewer than 2 values");
      YCFN_FUZZ_CHECK(!headers->contains(name), "a header in both maps");
      for (const auto& value : values) check_header(name, value);
    }
    const auto body = response.find("body");
    const auto base64 = response.find("isBase64Encoded");
    YCFN_FUZZ_CHECK(body != response.end() && body->is_string(), "body is not a string");
    YCFN_FUZZ_CHECK(base64 != response.end() && base64->is_boolean(), "isBase64Encoded is not a boolean");
    const auto& text = body->get_ref<const std::string&>();
    if (base64->get<bool>()) {
      YCFN_FUZZ_CHECK(ycfn::base64_decode(text).ok(), "a base64 body that does not decode");
    }
    // An error made by the core (not the handler's own failure) quotes no token.
    const json error = base64->get<bool>() ? json() : json::parse(text, nullptr, false);
    const bool core_error = error.contains("errorType") && member(error, "errorType") != "fuzz.handler";
    if (core_error) {
      YCFN_FUZZ_CHECK(member(error, "errorType").is_string() && member(error, "errorMessage").is_string(),
                      "an error body shape");
      YCFN_FUZZ_CHECK(!leaks(member(error, "errorMessage").get_ref<const std::string&>()),
                      "a token in an error message");
    } else if (from_handler && watchable(g_probe.token) &&
               public_text.find(g_probe.token) == std::string::npos &&
               invocation_text.find(g_probe.token) == std::string::npos) {
      YCFN_FUZZ_CHECK(text.find(g_probe.token) == std::string::npos,
                      "the handler's answer holds its raw token");
    }
  }

  // Checks one answer of the ABI and tracks the invocations in progress.
  void check_answer(const char* out) {
    YCFN_FUZZ_CHECK(out != nullptr, "the ABI answered NULL");
    const std::string_view text(out);
    YCFN_FUZZ_CHECK(ycfn::is_valid_utf8(text), "an answer that is not UTF-8");
    const json answer = json::parse(text.begin(), text.end(), nullptr, false);
    YCFN_FUZZ_CHECK(answer.is_object(), "an answer that is not a JSON object");
    const auto step_it = answer.find("step");
    YCFN_FUZZ_CHECK(step_it != answer.end() && step_it->is_string(), "an answer without a step");
    const std::string& step = step_it->get_ref<const std::string&>();
    if (g_probe.called) YCFN_FUZZ_CHECK(step == "respond", "the handler ran but the step is not respond");
    if (g_probe.called) add_secret(g_probe.token);

    if (step == "error") {
      const auto error = answer.find("error");
      YCFN_FUZZ_CHECK(error != answer.end() && error->is_object(), "an error step without an error");
      const auto code = error->find("code");
      YCFN_FUZZ_CHECK(code != error->end() && (*code == "abi.bad_input" || *code == "abi.unknown_invocation"),
                      "an error step with an unexpected code");
      const auto message = error->find("message");
      YCFN_FUZZ_CHECK(message != error->end() && message->is_string(), "an error step without a message");
      YCFN_FUZZ_CHECK(!leaks(message->get_ref<const std::string&>()), "a token in an error step");
      return;
    }
    const auto id_it = answer.find("invocation");
    YCFN_FUZZ_CHECK(id_it != answer.end() && id_it->is_number_unsigned(), "a step without an invocation id");
    const auto id = id_it->get<std::uint64_t>();
    const auto logs = answer.find("logs");
    YCFN_FUZZ_CHECK(logs != answer.end() && logs->is_array(), "a step without logs");
    for (const auto& line : *logs) {
      YCFN_FUZZ_CHECK(line.is_string(), "a log line that is not a string");
      const auto& line_text = line.get_ref<const std::string&>();
      YCFN_FUZZ_CHECK(line_text.find('\n') == std::string::npos, "a log line with a newline");
      const json record = json::parse(line_text, nullptr, false);
      YCFN_FUZZ_CHECK(record.is_object() && record.contains("level") && record.contains("msg"),
                      "a log line that is not a record");
      for (const auto& [key, value] : record.items()) {
        if (key == "level" || key == "requestId") continue;
        YCFN_FUZZ_CHECK(value.is_string(), "a log field that is not a string");
        YCFN_FUZZ_CHECK(!leaks(value.get_ref<const std::string&>()), "a token in a log line");
      }
    }

    if (step == "respond") {
      const auto response = answer.find("response");
      YCFN_FUZZ_CHECK(response != answer.end(), "respond without a response");
      check_response(*response, g_probe.called);
      open.erase(id);
    } else if (step == "fetch") {
      YCFN_FUZZ_CHECK(member(answer, "give_up_ms").is_number_integer(), "a fetch step without give_up_ms");
      const auto fetches = answer.find("fetches");
      YCFN_FUZZ_CHECK(fetches != answer.end() && fetches->is_array() && fetches->size() == 1,
                      "a metadata fetch step without exactly one fetch");
      const auto fetch = fetches->begin();
      YCFN_FUZZ_CHECK(fetch->is_object(), "fetch without a fetch object");
      const auto f = [&](const char* key) -> const json& { return member(*fetch, key); };
      YCFN_FUZZ_CHECK(f("id").is_number_unsigned() && f("id").get<std::uint64_t>() > 0, "fetch.id");
      YCFN_FUZZ_CHECK(f("method") == "GET", "fetch.method");
      YCFN_FUZZ_CHECK(f("url").is_string(), "fetch.url");
      const auto& url = f("url").get_ref<const std::string&>();
      YCFN_FUZZ_CHECK(
          url.rfind("http://", 0) == 0 && url.size() > kMetadataPath.size() &&
              url.compare(url.size() - kMetadataPath.size(), kMetadataPath.size(), kMetadataPath) == 0,
          "fetch.url is not the metadata token URL");
      YCFN_FUZZ_CHECK(f("headers") == json::array({json::array({"Metadata-Flavor", "Google"})}),
                      "fetch.headers");
      YCFN_FUZZ_CHECK(f("max_body_bytes") == 65536, "fetch.max_body_bytes");
      YCFN_FUZZ_CHECK(f("delay_ms").is_number_integer() && f("delay_ms").get<std::int64_t>() >= 0 &&
                          f("delay_ms").get<std::int64_t>() <= 1000,
                      "fetch.delay_ms out of 0..1000");
      YCFN_FUZZ_CHECK(f("timeout_ms").is_number_integer() && f("timeout_ms").get<std::int64_t>() >= 100 &&
                          f("timeout_ms").get<std::int64_t>() <= 3000,
                      "fetch.timeout_ms out of 100..3000");
      open[id] = f("id").get<std::uint64_t>();
    } else if (step == "wait") {
      YCFN_FUZZ_CHECK(member(answer, "give_up_ms").is_number_integer(), "a wait step without give_up_ms");
      const auto wait = answer.find("wait");
      YCFN_FUZZ_CHECK(wait != answer.end() && wait->is_object(), "wait without a wait object");
      YCFN_FUZZ_CHECK(member(*wait, "fetch_id").is_number_unsigned(), "wait.fetch_id");
      YCFN_FUZZ_CHECK(member(*wait, "timeout_ms").is_number_integer() &&
                          member(*wait, "timeout_ms").get<std::int64_t>() > 0,
                      "wait.timeout_ms is not positive");
      open[id] = 0;
    } else {
      YCFN_FUZZ_CHECK(false, "an unknown step");
    }
  }

  // The resume JSON for a step section, with the missing fields filled in.
  std::string resume_input(std::string_view section) {
    json value = json::parse(section.begin(), section.end(), nullptr, false);
    if (!value.is_object()) return std::string(section);
    if (!open.empty()) {
      auto target = open.begin();
      std::advance(target, static_cast<unsigned char>(section.front()) % open.size());
      if (!value.contains("invocation")) value["invocation"] = target->first;
      auto result = value.find("fetch_result");
      if (result != value.end() && result->is_object() && !result->contains("id") && target->second != 0) {
        (*result)["id"] = target->second;
      }
    }
    if (auto result = value.find("fetch_result"); result != value.end()) {
      value["fetch_results"] = json::array({*result});
      value.erase("fetch_result");
    }
    if (!value.contains("now_ms") && last_now < INT64_MAX - 10) value["now_ms"] = last_now + 10;
    return dump(value);
  }
};

struct Owned {
  char* p;
  explicit Owned(char* out) : p(out) {}
  ~Owned() { ycfn_free(p); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
};

std::vector<std::string_view> split(std::string_view input) {
  std::vector<std::string_view> sections;
  while (true) {
    const std::size_t nul = input.find('\0');
    sections.push_back(input.substr(0, nul));
    if (nul == std::string_view::npos) break;
    input.remove_prefix(nul + 1);
  }
  return sections;
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(fuzz_echo)

namespace {

// The scanned invocation input (core/src/invocation_input_scan.cpp) is an
// optimisation of the DOM path: wherever it answers, the DOM path must accept
// the input and give the same fields, and the same context to handlers.
void check_invocation_scan(std::string_view text) {
  const auto scanned = ycfn::scan_invocation_input(text);
  if (!scanned) return;
  const auto dom = ycfn::parse_invocation_input_dom(text);
  YCFN_FUZZ_CHECK(dom.ok(), "the invocation scan accepted an input the DOM path refuses");
  const auto seen = [](const ycfn::InvocationInput& input) {
    ycfn::LogBuffer log;
    const ycfn::Context context(input.context, log);
    return json{{"now", input.now_ms},
                {"deadline", input.deadline ? json(*input.deadline) : json()},
                {"context_error", input.context_error.has_value()},
                {"token", input.context_token},
                {"fields",
                 {context.request_id(), context.function_name(), context.function_version(),
                  context.memory_limit_mb(), context.started_at_ms()}},
                {"raw", context.raw()}};
  };
  YCFN_FUZZ_CHECK(seen(*scanned) == seen(*dom), "the invocation scan and the DOM path disagree");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto sections = split(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string_view config = sections[0];
  const std::string_view event = sections.size() > 1 ? sections[1] : std::string_view();
  const std::string_view invocation = sections.size() > 2 ? sections[2] : std::string_view();

  Run run;
  run.event = std::string(event);
  run.public_text = run.event;
  const json parsed_event = json::parse(event.begin(), event.end(), nullptr, false);
  if (!parsed_event.is_discarded()) run.public_text += '\n' + dump(parsed_event);
  run.public_text += '\n' + std::string(config);

  YcfnRuntime* runtime = ycfn_runtime_new(config.empty() ? nullptr : config.data(), config.size());
  YCFN_FUZZ_CHECK(runtime != nullptr, "ycfn_runtime_new answered NULL");

  const auto invoke = [&](std::string_view invocation_json) {
    run.note_invocation(invocation_json);
    check_invocation_scan(invocation_json);
    g_probe = {};
    Owned out(ycfn_invoke(runtime, run.event.data(), run.event.size(), invocation_json.data(),
                          invocation_json.size()));
    run.check_answer(out.p);
    // Deep host input is refused before anything recurses over it.
    if (ycfn::json_nesting_depth(invocation_json) > ycfn::kMaxJsonDepth) {
      const json answer = json::parse(out.p, nullptr, false);
      const json& body = member(member(answer, "response"), "body");
      const json error = body.is_string() ? json::parse(body.get<std::string>(), nullptr, false) : json();
      YCFN_FUZZ_CHECK(member(error, "errorType") == "abi.bad_input",
                      "a deeply nested invocation was accepted");
    }
  };
  const auto resume = [&](const std::string& input) {
    run.note_resume(json::parse(input, nullptr, false));
    g_probe = {};
    Owned out(ycfn_resume(runtime, input.data(), input.size()));
    run.check_answer(out.p);
  };

  invoke(invocation);
  for (std::size_t i = 3; i < sections.size() && i < 3 + kMaxSteps; ++i) {
    const std::string_view section = sections[i];
    if (!section.empty() && section.front() == 'I') {
      invoke(section.substr(1));
    } else if (!section.empty() && section.front() == 'R') {
      resume(std::string(section.substr(1)));
    } else {
      resume(run.resume_input(section));
    }
  }
  ycfn_runtime_delete(runtime);
  return 0;
}
