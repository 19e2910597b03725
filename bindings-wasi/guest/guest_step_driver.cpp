// The step loop of every guest-side host (see guest_step_driver.hpp), C ABI 3
// (docs/design.md, "The C ABI, version 3" and "The host contract"):
//  - a "fetch" step lists requests; all of them go to the transport at once (it
//    keeps them in flight together) and the resume answers each exactly once;
//  - a "wait" step is resumed at once: a guest drives one invocation at a time
//    and resumes every fetch of a step together, so the fetch it names is done;
//  - a "respond" or "error" step carries the answer (the core renders an ABI
//    error's 500 too), taken as text without parsing it;
//  - the deadline safety net: no request may run past the step's give_up_ms
//    (host clock, as the core wrote it); one that would (or a step that
//    arrives later) is answered by resuming with "cancel" and returning what
//    the core answers;
//  - no step limit and no defaults: the core ends a runaway invocation itself,
//    and a step without a field the core always writes is its bug, reported.
#include "guest_step_driver.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "ycfn/base64.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/json.hpp"

namespace ycfn_wasi {

namespace {

using nlohmann::json;

std::string dump(const json& value) { return ycfn::json::dump(value); }

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

// `object[key]` when it is an integer (the core writes every field a host reads).
bool read_integer(const json& object, const char* key, std::int64_t& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return false;
  out = it->is_number_unsigned() ? static_cast<std::int64_t>(it->get<std::uint64_t>())
                                 : it->get<std::int64_t>();
  return true;
}

// One entry of a fetch step's "fetches" -> a request. False when it lacks what a
// request needs.
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
  if (const auto headers = fetch.find("headers"); headers != fetch.end() && headers->is_array()) {
    for (const json& pair : *headers) {
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
        out.headers.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
      }
    }
  }
  if (const auto body = fetch.find("body_base64"); body != fetch.end() && body->is_string()) {
    auto decoded = ycfn::base64_decode(body->get_ref<const std::string&>());
    if (!decoded.ok()) return false;
    out.body = std::move(decoded).value();
  }
  std::int64_t max_body = 0;
  if (!read_integer(fetch, "delay_ms", out.delay_ms) || !read_integer(fetch, "timeout_ms", out.timeout_ms) ||
      !read_integer(fetch, "max_body_bytes", max_body)) {
    return false;
  }
  out.max_body_bytes = max_body > 0 ? static_cast<std::uint64_t>(max_body) : 0;
  return true;
}

// An outcome -> one entry of "fetch_results" (headers as pairs, body base64).
json fetch_result(const FetchOutcome& outcome) {
  if (!outcome.error.empty()) {
    return json{{"id", outcome.id}, {"error", outcome.error}, {"message", outcome.message}};
  }
  json headers = json::array();
  for (const auto& [name, value] : outcome.headers) headers.push_back(json::array({name, value}));
  return json{{"id", outcome.id},
              {"status", outcome.status},
              {"headers", std::move(headers)},
              {"body_base64", ycfn::base64_encode(outcome.body)}};
}

// The answer of a respond or error step as text: what follows one of these
// keys, up to the step's closing brace (the core writes the response last, so
// it is never re-parsed).
constexpr std::string_view kAnswerKeys[] = {",\"step\":\"respond\",\"response\":",
                                            ",\"step\":\"error\",\"response\":"};

// Where the answer's key starts in `text` (npos: the step asks for I/O);
// `answer` is set to where the answer's text starts.
std::size_t answer_key_at(std::string_view text, std::size_t& answer) {
  if (text.empty() || text.back() != '}') return std::string_view::npos;
  for (const std::string_view key : kAnswerKeys) {
    if (const std::size_t at = text.find(key); at != std::string_view::npos) {
      answer = at + key.size();
      return at;
    }
  }
  return std::string_view::npos;
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
  for (;;) {
    if (raw == nullptr) {
      why = "the runtime ran out of memory";
      return false;
    }
    json step;
    {
      AbiString owned(raw);
      const std::string_view text = owned.ptr;
      std::size_t answer = 0;
      if (const std::size_t key = answer_key_at(text, answer); key != std::string_view::npos) {
        // The logs come before the key: the head, closed, is a JSON object.
        print_logs(json::parse(std::string(text.substr(0, key)) + "}", nullptr, false));
        response.assign(text.substr(answer, text.size() - answer - 1));
        return true;
      }
      step = json::parse(text, nullptr, false);
    }
    if (!step.is_object()) {
      why = "the runtime answered a step that is not a JSON object";
      return false;
    }
    print_logs(step);
    const std::string name = step.value("step", "");
    const auto id = step.find("invocation");
    if (id == step.end() || !id->is_number_integer()) {
      why = "the runtime's " + name + " step has no invocation id";
      return false;
    }
    json input{{"invocation", *id}};
    // The integers the core writes in every fetch and wait step (host_contract.def):
    // one missing is the core's bug, never replaced by a value of this driver's.
    if (const std::string missing = ycfn::host_contract::missing_step_integer(step); !missing.empty()) {
      why = "the runtime's " + name + " step has no integer " + missing;
      return false;
    }
    std::int64_t give_up_ms = 0;
    read_integer(step, "give_up_ms", give_up_ms);
    bool cancel = false;
    if (name == "fetch") {
      const auto fetches = step.find("fetches");
      if (fetches == step.end() || !fetches->is_array()) {
        why = "the runtime's fetch step has no \"fetches\" list";
        return false;
      }
      std::vector<FetchRequest> requests(fetches->size());
      std::vector<bool> cut(requests.size(), false);  // timeout shortened by the safety net
      const std::int64_t budget = give_up_ms - wall_now_ms();
      for (std::size_t i = 0; i < requests.size(); ++i) {
        if (!parse_fetch((*fetches)[i], requests[i])) {
          why = "the runtime's fetch step has an unusable request";
          return false;
        }
        if (requests[i].delay_ms + requests[i].timeout_ms > budget) {
          requests[i].timeout_ms = std::max<std::int64_t>(1, budget - requests[i].delay_ms);
          cut[i] = true;
        }
      }
      if (budget <= 0) {
        cancel = true;
      } else {
        const std::vector<FetchOutcome> outcomes = fetch_all_(requests);
        if (outcomes.size() != requests.size()) {
          why = "the transport answered " + std::to_string(outcomes.size()) + " outcomes for " +
                std::to_string(requests.size()) + " requests";
          return false;
        }
        json results = json::array();
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
          if (cut[i] && outcomes[i].error == "timeout") cancel = true;
          results.push_back(fetch_result(outcomes[i]));
        }
        input["fetch_results"] = std::move(results);
      }
    } else if (name == "wait") {
      cancel = wall_now_ms() >= give_up_ms;
    } else {
      why = "the runtime answered an unknown step \"" + name + "\"";
      return false;
    }
    if (cancel) {
      input.erase("fetch_results");
      input["cancel"] = true;
    }
    input["now_ms"] = wall_now_ms();
    const std::string text = dump(input);
    raw = ycfn_resume(runtime_, text.data(), text.size());
  }
}

}  // namespace ycfn_wasi
