#include "drive.hpp"

#include <algorithm>
#include <string>

#include "ycfn/base64.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/json.hpp"

namespace ycfn::testing::detail {

namespace {

std::string dump(const nlohmann::json& value) { return ycfn::json::dump(value); }

std::int64_t int_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

void take_logs(Outcome& outcome, const nlohmann::json& step) {
  const auto logs = step.find("logs");
  if (logs == step.end() || !logs->is_array()) return;
  for (const auto& line : *logs) {
    if (!line.is_string()) continue;
    nlohmann::json record = nlohmann::json::parse(line.get_ref<const std::string&>(), nullptr, false);
    outcome.logs.push_back(record.is_discarded() ? nlohmann::json(line) : std::move(record));
  }
}

constexpr std::string_view kMetadataPath = "/computeMetadata/v1/instance/service-accounts/default/token";

bool is_metadata_request(const std::string& url) {
  const std::string path = url.substr(0, url.find('?'));
  return path.size() >= kMetadataPath.size() &&
         path.compare(path.size() - kMetadataPath.size(), kMetadataPath.size(), kMetadataPath) == 0;
}

// A reply or a failure as a fetch_results entry.
nlohmann::json result_of(std::int64_t id, int status,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const std::string& body, const std::string& failure) {
  nlohmann::json result = {{"id", id}};
  if (!failure.empty()) {
    result["error"] = failure;
    result["message"] = "ycfn::testing: scripted " + failure;
    return result;
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [name, value] : headers) pairs.push_back({name, value});
  result["status"] = status;
  result["headers"] = std::move(pairs);
  result["body_base64"] = base64_encode(body);
  return result;
}

// The host's answer to one request of a "fetch" step: the next scripted
// metadata reply, or the first scripted reply that matches the request.
// `elapsed_ms` grows to how long the request took on the simulated clock.
nlohmann::json answer_fetch(Outcome& outcome, Host& host, const nlohmann::json& fetch, int step,
                            std::int64_t& elapsed_ms) {
  RequestRecord request;
  request.step = step;
  if (auto m = fetch.find("method"); m != fetch.end() && m->is_string())
    request.method = m->get<std::string>();
  if (auto u = fetch.find("url"); u != fetch.end() && u->is_string()) request.url = u->get<std::string>();
  if (auto h = fetch.find("headers"); h != fetch.end() && h->is_array()) {
    for (const auto& pair : *h) {
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
        request.headers[pair[0].get<std::string>()] = pair[1].get<std::string>();
      }
    }
  }
  if (auto body = fetch.find("body_base64"); body != fetch.end() && body->is_string()) {
    auto decoded = base64_decode(body->get_ref<const std::string&>());
    if (decoded) request.body = std::move(decoded).value();
  }
  const std::int64_t delay = int_field(fetch, "delay_ms");
  request.at_ms = host.now_ms + delay;
  request.metadata = is_metadata_request(request.url);
  const std::int64_t id = int_field(fetch, "id");

  std::int64_t took = delay;
  nlohmann::json result;
  if (request.metadata) {
    if (host.metadata_replies.empty()) {
      request.scripted = false;
      result = {
          {"id", id}, {"error", "network"}, {"message", "ycfn::testing: no scripted metadata reply left"}};
    } else {
      const MetadataReply reply = std::move(host.metadata_replies.front());
      host.metadata_replies.pop_front();
      result = result_of(id, reply.status, reply.headers, reply.body, reply.failure);
      if (reply.failure == "timeout") took += int_field(fetch, "timeout_ms");
    }
  } else {
    auto match = host.replies.begin();
    while (match != host.replies.end() &&
           (match->method != request.method || request.url.rfind(match->url_prefix, 0) != 0)) {
      ++match;
    }
    if (match == host.replies.end()) {
      request.scripted = false;
      result = {{"id", id},
                {"error", "network"},
                {"message", "ycfn::testing: no scripted reply for " + request.method + " " + request.url}};
    } else {
      const Reply reply = std::move(match->reply);
      host.replies.erase(match);
      result = result_of(id, reply.status, reply.headers, reply.body, reply.failure);
      if (reply.failure == "timeout") took += int_field(fetch, "timeout_ms");
    }
  }
  elapsed_ms = std::max(elapsed_ms, took);
  outcome.requests.push_back(std::move(request));
  return result;
}

}  // namespace

Outcome drive_invocation(Runtime& runtime, Host& host, std::string_view event_text,
                         const nlohmann::json& context, std::int64_t timeout_ms) {
  Outcome outcome;
  const nlohmann::json invocation = {
      {"context", context}, {"now_ms", host.now_ms}, {"deadline_ms", host.now_ms + timeout_ms}};
  std::string step_text = runtime.invoke(event_text, dump(invocation));
  int fetch_steps = 0;
  // No step limit here: the core ends an invocation past its own
  // (invocation.too_many_steps).
  for (;;) {
    const nlohmann::json step = nlohmann::json::parse(step_text, nullptr, false);
    if (step.is_discarded() || !step.is_object()) {
      outcome.error = "the runtime answered a step that is not a JSON object";
      return outcome;
    }
    take_logs(outcome, step);
    const auto kind = step.find("step");
    const std::string name = kind != step.end() && kind->is_string() ? kind->get<std::string>() : "";
    nlohmann::json resume = {{"invocation", int_field(step, "invocation")}};
    // The integers the core writes in every fetch and wait step: one missing is a
    // core bug, which this driver reports instead of assuming a value.
    if (const std::string missing = host_contract::missing_step_integer(step); !missing.empty()) {
      outcome.error = "the runtime's " + name + " step has no integer " + missing + ": " + dump(step);
      return outcome;
    }
    if (name == "respond" || name == "error") {
      // The core renders an ABI error's answer too: a host forwards both alike.
      const auto response = step.find("response");
      if (response == step.end() || !response->is_object()) {
        outcome.error = "a " + name + " step without a response object";
        return outcome;
      }
      read_result(outcome, *response);
      return outcome;
    } else if (name == "fetch" && step.contains("fetches") && step["fetches"].is_array()) {
      // The requests of a step are in flight at once: the clock moves by the
      // longest of them.
      nlohmann::json results = nlohmann::json::array();
      std::int64_t elapsed_ms = 0;
      ++fetch_steps;
      for (const auto& fetch : step["fetches"])
        results.push_back(answer_fetch(outcome, host, fetch, fetch_steps, elapsed_ms));
      host.now_ms += elapsed_ms;
      resume["fetch_results"] = std::move(results);
    } else if (name == "wait" && step.contains("wait") && step["wait"].is_object()) {
      // One invocation at a time: nothing else can complete the awaited
      // fetch, so the wait runs out.
      host.now_ms += int_field(step["wait"], "timeout_ms");
    } else {
      outcome.error = "the runtime answered step \"" + name + "\": " + dump(step);
      return outcome;
    }
    resume["now_ms"] = host.now_ms;
    step_text = runtime.resume(dump(resume));
  }
}

}  // namespace ycfn::testing::detail
