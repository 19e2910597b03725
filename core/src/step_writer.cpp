#include "step_writer.hpp"

#include <nlohmann/json.hpp>

#include "ycfn/base64.hpp"
#include "ycfn/detail/error_table.hpp"
#include "ycfn/detail/json_writer.hpp"
#include "ycfn/response.hpp"

namespace ycfn {
namespace {

std::string dump(const nlohmann::json& value) { return json_text(value); }

}  // namespace

FetchStepEntry fetch_entry(std::uint64_t id, const OutboundFetch& fetch) {
  FetchStepEntry entry;
  entry.id = id;
  entry.method = fetch.method;
  entry.url = fetch.url.text();
  entry.headers = fetch.headers;
  entry.body = fetch.body;
  entry.timeout_ms = fetch.timeout_ms;
  entry.delay_ms = fetch.delay_ms;
  entry.max_body_bytes = fetch.max_body_bytes;
  return entry;
}

std::string fetch_step(std::uint64_t invocation, std::int64_t give_up_ms,
                       const std::vector<FetchStepEntry>& fetches, const std::vector<std::string>& logs) {
  nlohmann::json list = nlohmann::json::array();
  for (const FetchStepEntry& entry : fetches) {
    nlohmann::json headers = nlohmann::json::array();
    for (const auto& [name, value] : entry.headers) headers.push_back({name, value});
    nlohmann::json item = {
        {"id", entry.id},
        {"method", entry.method},
        {"url", entry.url},
        {"headers", std::move(headers)},
        {"delay_ms", entry.delay_ms},
        {"timeout_ms", entry.timeout_ms},
        {"max_body_bytes", entry.max_body_bytes},
    };
    if (!entry.body.empty()) item["body_base64"] = base64_encode(entry.body);
    list.push_back(std::move(item));
  }
  return dump({{"invocation", invocation},
               {"step", "fetch"},
               {"give_up_ms", give_up_ms},
               {"fetches", std::move(list)},
               {"logs", logs}});
}

std::string wait_step(std::uint64_t invocation, std::int64_t give_up_ms, std::uint64_t fetch_id,
                      std::int64_t timeout_ms, const std::vector<std::string>& logs) {
  return dump({
      {"invocation", invocation},
      {"step", "wait"},
      {"give_up_ms", give_up_ms},
      {"wait", {{"fetch_id", fetch_id}, {"timeout_ms", timeout_ms}}},
      {"logs", logs},
  });
}

std::string respond_step(std::uint64_t invocation, const std::vector<std::string>& logs,
                         const std::string& response_text) {
  // Written around the already serialised response instead of dumping a step
  // object holding a copy of it (a third copy and a second serialisation of the
  // body, on every invocation).
  std::string step = "{\"invocation\":" + std::to_string(invocation) + ",\"logs\":";
  append_json_string_array(step, logs);
  step += ",\"step\":\"respond\",\"response\":";
  step.reserve(step.size() + response_text.size() + 1);
  step += response_text;
  step += '}';
  return step;
}

std::string abi_error_step(const Error& error) {
  // The answer is rendered here, once, so that a host forwards it as it
  // forwards a respond step's: no host writes the 500 or its record itself.
  LogBuffer log;
  log.add(LogLevel::error, "the core answered an ABI error (" + error.code + "): " + error.message,
          {{"errorType", error.code}});
  const std::string response = render_response_text(Response::from_error(error, answer_status(error)), log);
  std::vector<std::string> lines;
  for (const LogRecord& record : log.take()) lines.push_back(format_log_line(record, "", {}));
  // Keys sorted but the response last, as in a respond step.
  std::string step = "{\"error\":" + dump({{"code", error.code}, {"message", error.message}}) + ",\"logs\":";
  append_json_string_array(step, lines);
  step += ",\"step\":\"error\",\"response\":";
  step += response;
  step += '}';
  return step;
}

HttpReply reply_from_outcome(const FetchOutcome& outcome, std::string url, std::int64_t duration_ms,
                             std::size_t max_body_bytes) {
  const std::string detail =
      outcome.message.empty() ? "" : " (" + sanitize_host_message(outcome.message) + ")";
  if (const auto* raw = std::get_if<RawHttpReply>(&outcome.result)) {
    if (raw->body.size() > max_body_bytes) {
      return HttpReply::failed(make_error("fetch.too_large", "the reply body is over " +
                                                                 std::to_string(max_body_bytes) + " bytes"),
                               std::move(url), duration_ms);
    }
    Headers headers;
    for (const auto& [name, value] : raw->headers) headers.add(name, value);
    return HttpReply::received(raw->status, std::move(headers), raw->body, std::move(url), duration_ms);
  }
  switch (*std::get_if<TransportFailure>(&outcome.result)) {
    case TransportFailure::timeout:
      return HttpReply::failed(make_error("fetch.timeout", "no complete reply in time" + detail, true),
                               std::move(url), duration_ms);
    case TransportFailure::too_large:
      return HttpReply::failed(
          make_error("fetch.too_large",
                     "the reply body is over " + std::to_string(max_body_bytes) + " bytes" + detail),
          std::move(url), duration_ms);
    case TransportFailure::network:
      break;
  }
  return HttpReply::failed(make_error("fetch.network", "the request failed" + detail, true), std::move(url),
                           duration_ms);
}

void log_reply(LogBuffer& log, const std::string& method, const OutboundUrl& url, const HttpReply& reply) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"method", method},
      {"origin", url.origin()},
      {"path", url.path()},
  };
  const std::string where = method + " " + url.origin() + url.path();
  const std::string took = std::to_string(reply.duration_ms());
  if (reply.ok()) {
    fields.emplace_back("status", std::to_string(reply.status()));
    fields.emplace_back("duration_ms", took);
    log.add(LogLevel::info, where + ": " + std::to_string(reply.status()) + " in " + took + " ms",
            std::move(fields));
    return;
  }
  fields.emplace_back("code", reply.error().code);
  fields.emplace_back("duration_ms", took);
  log.add(LogLevel::warn, where + " failed: " + reply.error().message, std::move(fields));
}

}  // namespace ycfn
