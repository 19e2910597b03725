#include "drive.hpp"

#include <string>

namespace ycfn::testing::detail {

namespace {

// An invocation that has not answered after this many steps is a runtime bug.
constexpr int kMaxSteps = 1000;

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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

// The host's answer to a "fetch" step: the next scripted metadata reply.
nlohmann::json answer_fetch(Outcome& outcome, Host& host, const nlohmann::json& fetch) {
  host.now_ms += int_field(fetch, "delay_ms");
  RequestRecord request;
  if (auto m = fetch.find("method"); m != fetch.end() && m->is_string())
    request.method = m->get<std::string>();
  if (auto u = fetch.find("url"); u != fetch.end() && u->is_string()) request.url = u->get<std::string>();
  if (auto h = fetch.find("headers"); h != fetch.end() && h->is_object()) {
    for (const auto& [name, value] : h->items()) {
      if (value.is_string()) request.headers[name] = value.get<std::string>();
    }
  }
  request.at_ms = host.now_ms;

  nlohmann::json result = {{"id", int_field(fetch, "id")}};
  if (host.metadata_replies.empty()) {
    request.scripted = false;
    result["error"] = "network";
    result["message"] = "ycfn::testing: no scripted metadata reply left";
  } else {
    MetadataReply reply = std::move(host.metadata_replies.front());
    host.metadata_replies.pop_front();
    if (!reply.failure.empty()) {
      result["error"] = reply.failure;
      result["message"] = "ycfn::testing: scripted " + reply.failure;
      if (reply.failure == "timeout") host.now_ms += int_field(fetch, "timeout_ms");
    } else {
      nlohmann::json headers = nlohmann::json::object();
      for (const auto& [name, value] : reply.headers) headers[name] = value;
      result["status"] = reply.status;
      result["headers"] = std::move(headers);
      result["body"] = std::move(reply.body);
    }
  }
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
  for (int steps = 0; steps < kMaxSteps; ++steps) {
    const nlohmann::json step = nlohmann::json::parse(step_text, nullptr, false);
    if (step.is_discarded() || !step.is_object()) {
      outcome.error = "the runtime answered a step that is not a JSON object";
      return outcome;
    }
    take_logs(outcome, step);
    const auto kind = step.find("step");
    const std::string name = kind != step.end() && kind->is_string() ? kind->get<std::string>() : "";
    nlohmann::json resume = {{"invocation", int_field(step, "invocation")}};
    if (name == "respond") {
      const auto response = step.find("response");
      if (response == step.end() || !response->is_object()) {
        outcome.error = "a respond step without a response object";
        return outcome;
      }
      read_result(outcome, *response);
      return outcome;
    } else if (name == "fetch" && step.contains("fetch") && step["fetch"].is_object()) {
      resume["fetch_result"] = answer_fetch(outcome, host, step["fetch"]);
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
  outcome.error = "no response after " + std::to_string(kMaxSteps) + " steps";
  return outcome;
}

}  // namespace ycfn::testing::detail
