#include "ycfn/testing.hpp"

#include <fstream>
#include <sstream>

#include "drive.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/json.hpp"

namespace ycfn::testing {

MetadataReply MetadataReply::token(std::string access_token, std::int64_t expires_in_s) {
  MetadataReply reply;
  reply.body = ycfn::json::dump(
      {{"access_token", std::move(access_token)}, {"expires_in", expires_in_s}, {"token_type", "Bearer"}});
  return reply;
}

MetadataReply MetadataReply::http(int status, std::string body) {
  MetadataReply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

MetadataReply MetadataReply::transport_failure(std::string kind) {
  MetadataReply reply;
  reply.failure = std::move(kind);
  return reply;
}

Result<nlohmann::json> Outcome::json() const { return ycfn::json::parse(body); }

bool Outcome::logged(std::string_view level, std::string_view text) const {
  for (const auto& record : logs) {
    const auto l = ycfn::json::get_string(record, "level");
    const auto msg = ycfn::json::get_string(record, "msg");
    if (l && msg && *l == level && msg->find(text) != std::string_view::npos) return true;
  }
  return false;
}

nlohmann::json default_context() {
  return {{"requestId", "test-request"},
          {"functionName", "test-function"},
          {"functionVersion", "test-version"},
          {"memoryLimitInMB", "128"}};
}

nlohmann::json context_with_token(std::string_view access_token) {
  nlohmann::json context = default_context();
  context["token"] = {{"access_token", access_token}, {"expires_in", 3600}, {"token_type", "Bearer"}};
  return context;
}

struct TestRuntime::State {
  State(const HandlerSpec& handler, const nlohmann::json& config)
      : runtime(handler, parse_runtime_config(ycfn::json::dump(config))) {}
  Runtime runtime;
  detail::Host host;
};

TestRuntime::TestRuntime(const HandlerSpec& handler, std::map<std::string, std::string> env, bool network) {
  // The kit is a host like the others: it says how a token and requests work here.
  nlohmann::json config = {{"env", nlohmann::json::object()},
                           {"network", network},
                           {"token_hint", host_contract::kTokenHint_test_kit},
                           {"fetch_hint", host_contract::kFetchHint_test_kit}};
  for (auto& [name, value] : env) config["env"][name] = std::move(value);
  state_ = std::make_unique<State>(handler, config);
}

TestRuntime::~TestRuntime() = default;

void TestRuntime::add_metadata_reply(MetadataReply reply) {
  state_->host.metadata_replies.push_back(std::move(reply));
}

std::size_t TestRuntime::metadata_replies_left() const { return state_->host.metadata_replies.size(); }

void TestRuntime::add_reply(std::string method, std::string url_prefix, Reply reply) {
  state_->host.replies.push_back(
      detail::ScriptedReply{std::move(method), std::move(url_prefix), std::move(reply)});
}

std::size_t TestRuntime::replies_left() const { return state_->host.replies.size(); }

Reply Reply::json(int status, const nlohmann::json& body) {
  return Reply{status, {{"Content-Type", "application/json"}}, ycfn::json::dump(body), {}};
}

Reply Reply::http(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers) {
  return Reply{status, std::move(headers), std::move(body), {}};
}

Reply Reply::transport_failure(std::string kind) { return Reply{0, {}, {}, std::move(kind)}; }

Outcome TestRuntime::invoke(const nlohmann::json& event, const nlohmann::json& context,
                            std::int64_t timeout_ms) {
  return invoke_text(ycfn::json::dump(event), context, timeout_ms);
}

Outcome TestRuntime::invoke_text(std::string event_text, const nlohmann::json& context,
                                 std::int64_t timeout_ms) {
  return detail::drive_invocation(state_->runtime, state_->host, event_text, context, timeout_ms);
}

std::int64_t TestRuntime::now_ms() const { return state_->host.now_ms; }

void TestRuntime::advance(std::int64_t ms) { state_->host.now_ms += ms; }

Result<nlohmann::json> load_event(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("testing.io", "cannot open the fixture " + path);
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return make_error("testing.io", "cannot read the fixture " + path);
  auto event = ycfn::json::parse(text.str());
  if (!event.ok()) return make_error(event.error().code, path + ": " + event.error().message);
  return event;
}

nlohmann::json http_event(std::string method, std::string path, std::string body,
                          std::map<std::string, std::string> headers,
                          std::map<std::string, std::string> query) {
  nlohmann::json h = nlohmann::json::object();
  for (auto& [name, value] : headers) h[name] = std::move(value);
  nlohmann::json q = nlohmann::json::object();
  for (auto& [name, value] : query) q[name] = std::move(value);
  return {{"httpMethod", std::move(method)},
          {"path", path},
          {"url", path},
          {"headers", std::move(h)},
          {"queryStringParameters", std::move(q)},
          {"body", std::move(body)},
          {"isBase64Encoded", false},
          {"requestContext",
           {{"requestId", "test-http-request"},
            {"identity", {{"sourceIp", "198.51.100.7"}, {"userAgent", "ycfn-testing"}}},
            {"httpMethod", "GET"},
            {"requestTimeEpoch", kDefaultNowMs / 1000}}}};
}

namespace detail {

void read_result(Outcome& outcome, nlohmann::json result) {
  namespace js = ycfn::json;
  outcome.status = static_cast<int>(js::get_int(result, "statusCode").value_or(0));
  if (const nlohmann::json* headers = js::get_object(result, "headers")) {
    for (const auto& [name, value] : headers->items()) {
      if (auto v = js::as_string(value)) outcome.headers.add(name, std::string(*v));
    }
  }
  if (const nlohmann::json* multi = js::get_object(result, "multiValueHeaders")) {
    for (const auto& [name, values] : multi->items()) {
      if (!values.is_array()) continue;
      for (const auto& value : values) {
        if (auto v = js::as_string(value)) outcome.headers.add(name, std::string(*v));
      }
    }
  }
  outcome.base64 = js::get_bool(result, "isBase64Encoded").value_or(false);
  const std::string_view body = js::get_string(result, "body").value_or("");
  if (outcome.base64) {
    auto decoded = base64_decode(body);
    if (decoded.ok()) {
      outcome.body = std::move(decoded).value();
    } else {
      outcome.error = "isBase64Encoded but the body is not base64";
    }
  } else {
    outcome.body = std::string(body);
  }
  const nlohmann::json parsed = nlohmann::json::parse(outcome.body, nullptr, false);
  if (!parsed.is_discarded() && js::get_string(parsed, "errorMessage")) {
    outcome.error_type = std::string(js::get_string(parsed, "errorType").value_or(""));
  }
  outcome.result = std::move(result);
}

}  // namespace detail

}  // namespace ycfn::testing
