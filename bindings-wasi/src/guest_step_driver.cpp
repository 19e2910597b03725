// The step loop of every guest-side host (see guest_step_driver.hpp). It speaks
// C ABI 1: a "fetch" step carries one request and is resumed with one
// "fetch_result"; a "wait" step is resumed at once, since a guest drives one
// invocation at a time and so nothing else is in flight. The parsing of a step
// into FetchRequests and of FetchOutcomes into resume input is kept to
// parse_fetch() and fetch_result(), so a later ABI with a list of fetches per
// step changes those two and the call to fetch_all_.
#include "guest_step_driver.hpp"

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace ycfn_wasi {

namespace {

using nlohmann::json;

// An invocation that has not answered after this many steps is a runtime bug.
constexpr int kMaxSteps = 1000;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Owns a string the ABI returned.
struct AbiString {
  char* ptr;
  explicit AbiString(char* p) : ptr(p) {}
  ~AbiString() { ycfn_free(ptr); }
  AbiString(const AbiString&) = delete;
  AbiString& operator=(const AbiString&) = delete;
};

void print_logs(const json& step) {
  const auto logs = step.find("logs");
  if (logs == step.end() || !logs->is_array()) return;
  for (const json& line : *logs) {
    if (!line.is_string()) continue;
    const std::string& text = line.get_ref<const std::string&>();
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fputc('\n', stderr);
  }
}

std::int64_t integer_or(const json& object, const char* key, std::int64_t fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (it->is_number_unsigned()) return static_cast<std::int64_t>(it->get<std::uint64_t>());
  if (it->is_number_integer()) return it->get<std::int64_t>();
  return fallback;
}

// ABI 1's "fetch" object -> a request. False when it lacks what a request needs.
bool parse_fetch(const json& fetch, FetchRequest& out) {
  if (!fetch.is_object()) return false;
  const auto id = fetch.find("id");
  const auto url = fetch.find("url");
  if (id == fetch.end() || !id->is_number_unsigned() || url == fetch.end() || !url->is_string()) return false;
  out.id = id->get<std::uint64_t>();
  out.url = url->get<std::string>();
  if (const auto method = fetch.find("method"); method != fetch.end() && method->is_string()) {
    out.method = method->get<std::string>();
  }
  if (const auto headers = fetch.find("headers"); headers != fetch.end() && headers->is_object()) {
    for (const auto& item : headers->items()) {
      if (item.value().is_string()) out.headers.emplace_back(item.key(), item.value().get<std::string>());
    }
  }
  out.delay_ms = integer_or(fetch, "delay_ms", 0);
  out.timeout_ms = integer_or(fetch, "timeout_ms", 3000);
  const std::int64_t max_body = integer_or(fetch, "max_body_bytes", 65536);
  out.max_body_bytes = max_body > 0 ? static_cast<std::uint64_t>(max_body) : 0;
  return true;
}

// An outcome -> ABI 1's "fetch_result" (headers as one object: repeated names
// joined with ", ", as HTTP allows).
json fetch_result(const FetchOutcome& outcome) {
  if (!outcome.error.empty()) {
    return json{{"id", outcome.id}, {"error", outcome.error}, {"message", outcome.message}};
  }
  json headers = json::object();
  for (const auto& [name, value] : outcome.headers) {
    auto it = headers.find(name);
    if (it == headers.end()) {
      headers[name] = value;
    } else {
      it->get_ref<std::string&>() += ", " + value;
    }
  }
  return json{{"id", outcome.id},
              {"status", outcome.status},
              {"headers", std::move(headers)},
              {"body", outcome.body}};
}

}  // namespace

std::int64_t wall_now_ms() {
  struct timespec ts{};
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return 0;
  return static_cast<std::int64_t>(ts.tv_sec) * 1000 + static_cast<std::int64_t>(ts.tv_nsec / 1000000);
}

std::vector<FetchOutcome> fetch_without_network(const std::vector<FetchRequest>& requests) {
  std::vector<FetchOutcome> outcomes(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    outcomes[i].id = requests[i].id;
    outcomes[i].error = "network";
    outcomes[i].message = "a WASI command module cannot open sockets";
  }
  return outcomes;
}

bool StepDriver::run(std::string_view event, const std::string& invocation, std::string& response,
                     std::string& why) {
  char* raw = ycfn_invoke(runtime_, event.data(), event.size(), invocation.data(), invocation.size());
  for (int steps = 1;; ++steps) {
    if (raw == nullptr) {
      why = "the runtime ran out of memory";
      return false;
    }
    json step;
    {
      AbiString owned(raw);
      step = json::parse(owned.ptr, nullptr, false);
    }
    if (!step.is_object()) {
      why = "the runtime answered a step that is not a JSON object";
      return false;
    }
    print_logs(step);
    const auto kind = step.find("step");
    if (kind == step.end() || !kind->is_string()) {
      why = "the runtime answered a step without a \"step\" string";
      return false;
    }
    const std::string& name = kind->get_ref<const std::string&>();
    if (name == "respond") {
      const auto it = step.find("response");
      if (it == step.end() || !it->is_object()) {
        why = "the runtime's respond step has no response object";
        return false;
      }
      response = dump(*it);
      return true;
    }
    if (name == "error") {
      why = "the runtime answered an error step: " + dump(step.value("error", json::object()));
      return false;
    }
    if (steps >= kMaxSteps) {
      why = "the runtime did not respond after " + std::to_string(kMaxSteps) + " steps";
      return false;
    }
    const auto id = step.find("invocation");
    if (id == step.end() || !id->is_number_integer()) {
      why = "the runtime's " + name + " step has no invocation id";
      return false;
    }
    json input{{"invocation", *id}};
    if (name == "fetch") {
      std::vector<FetchRequest> requests(1);
      const auto fetch = step.find("fetch");
      if (fetch == step.end() || !parse_fetch(*fetch, requests[0])) {
        why = "the runtime's fetch step has no usable fetch object";
        return false;
      }
      const std::vector<FetchOutcome> outcomes = fetch_all_(requests);
      if (outcomes.size() != 1) {
        why = "the transport answered " + std::to_string(outcomes.size()) + " outcomes for 1 request";
        return false;
      }
      input["fetch_result"] = fetch_result(outcomes[0]);
    } else if (name != "wait") {
      why = "the runtime answered an unknown step \"" + name + "\"";
      return false;
    }
    input["now_ms"] = wall_now_ms();
    const std::string text = dump(input);
    raw = ycfn_resume(runtime_, text.data(), text.size());
  }
}

}  // namespace ycfn_wasi
