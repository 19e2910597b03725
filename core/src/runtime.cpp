#include "ycfn/detail/runtime.hpp"

#include <utility>
#include <vector>

#include "invocation_input.hpp"
#include "ycfn/detail/token_parse.hpp"

namespace ycfn {

namespace {

constexpr const char* kTokenMissingMessage =
    "this handler needs an IAM token and none is available: the invocation context has no \"token\" "
    "and this host cannot reach the metadata service (WASI preview1 modules have no sockets). "
    "Pass the token in the context: wasmtime run --env YCFN_CONTEXT='{\"token\": <reply of the metadata "
    "service>}' (wasmtime hides variables not named with --env); on a Yandex Compute VM the reply is "
    "`curl -sf -H Metadata-Flavor:Google "
    "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token`. "
    "Or run the reactor module under bindings-wasi/host/ycfn_host.py, which fetches the token itself";

// The HTTP status an invocation answers for an error that stops it before or
// instead of the handler.
int status_for(const Error& error) {
  const std::string& code = error.code;
  if (code == "metadata.timeout") return 504;
  if (code.rfind("event.", 0) == 0) return 400;
  if (code.rfind("metadata.", 0) == 0 || code.rfind("token.", 0) == 0) return 502;
  return 500;
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string abi_error_step(const Error& error) {
  return dump({{"step", "error"}, {"error", {{"code", error.code}, {"message", error.message}}}});
}

}  // namespace

struct Runtime::Invocation {
  std::uint64_t id = 0;
  LogBuffer log;
  Context context;
  std::optional<Request> request;
  TokenWaiter waiter;
  std::uint64_t pending_fetch_id = 0;  // the fetch this invocation was asked to do
  std::vector<std::string> secrets;    // tokens this invocation has seen

  explicit Invocation(ContextInfo info) : context(std::move(info), log) {}
};

Runtime::Runtime(const HandlerSpec& handler, Result<RuntimeConfig> config)
    : handler_(handler),
      config_(std::move(config)),
      metadata_request_(config_.ok()
                            ? metadata_token_request(config_->yc_metadata_addr, config_->gce_metadata_host)
                            : Result<HttpRequestSpec>(config_.error())),
      cache_(config_.ok() ? config_->cache_policy : CachePolicy{}) {}

Runtime::~Runtime() = default;

std::string Runtime::invoke(std::string_view event_json, std::string_view invocation_json) {
  auto input = parse_invocation_input(invocation_json);
  if (!input.ok()) {
    Invocation bare{ContextInfo{}};
    bare.id = next_invocation_id_++;
    return respond_error(bare, input.error(), 500);
  }
  auto inv = std::make_unique<Invocation>(input->context);
  inv->id = next_invocation_id_++;
  if (!config_.ok()) return respond_error(*inv, config_.error(), 500);

  // A context token, when present, always wins; a broken one is an error only
  // for a handler that needs it.
  std::optional<Error> context_token_error;
  if (!input->context_token.is_null()) {
    auto token = parse_token_object(input->context_token, input->now_ms);
    if (token.ok()) {
      inv->secrets.push_back(token->access_token);
      inv->context.set_token(std::move(token).value(), TokenSource::context);
    } else {
      // Keep the raw string out of every log: it may be a real token that
      // merely broke a rule.
      if (input->context_token.is_object()) {
        auto raw = input->context_token.find("access_token");
        if (raw != input->context_token.end() && raw->is_string()) {
          inv->secrets.push_back(raw->get_ref<const std::string&>());
        }
      }
      context_token_error =
          make_error("token.bad_context", "context.token is unusable: " + token.error().message);
    }
  }

  auto request = parse_event(event_json);
  if (!request.ok()) return respond_error(*inv, request.error(), status_for(request.error()));
  inv->request.emplace(std::move(request).value());

  if (handler_.token == TokenRequirement::none || inv->context.token() != nullptr) {
    if (context_token_error && handler_.token == TokenRequirement::none) {
      inv->log.warn("context.token ignored: " + context_token_error->message);
    }
    return call_handler(*inv);
  }
  if (context_token_error) return respond_error(*inv, *context_token_error, 502);
  if (!config_->network) {
    return respond_error(*inv, make_error("token.missing", kTokenMissingMessage), 502);
  }
  if (!metadata_request_.ok()) return respond_error(*inv, metadata_request_.error(), 502);
  return continue_with_token(std::move(inv), input->now_ms);
}

std::string Runtime::resume(std::string_view input_json) {
  auto parsed = parse_resume_input(input_json);
  if (!parsed.ok()) return abi_error_step(parsed.error());
  const ResumeInput input = std::move(parsed).value();
  auto found = in_progress_.find(input.invocation);
  if (found == in_progress_.end()) {
    return abi_error_step(make_error(
        "abi.unknown_invocation", "invocation " + std::to_string(input.invocation) + " is not in progress"));
  }
  Invocation& inv = *found->second;
  if (input.fetch_result) {
    const FetchResultInput& fetch = *input.fetch_result;
    if (fetch.fetch_id != inv.pending_fetch_id) {
      return abi_error_step(
          make_error("abi.bad_input", "fetch_result.id " + std::to_string(fetch.fetch_id) +
                                          " is not the fetch this invocation was asked for"));
    }
    inv.pending_fetch_id = 0;
    cache_.complete(fetch.fetch_id, fetch.outcome, input.now_ms, inv.log);
  }
  auto owned = std::move(found->second);
  in_progress_.erase(found);
  return continue_with_token(std::move(owned), input.now_ms);
}

std::string Runtime::continue_with_token(std::unique_ptr<Invocation> inv, std::int64_t now_ms) {
  TokenDecision decision = cache_.acquire(now_ms, inv->context.deadline_ms(), inv->waiter, inv->log);
  return act_on(std::move(inv), std::move(decision));
}

std::string Runtime::act_on(std::unique_ptr<Invocation> inv, TokenDecision decision) {
  switch (decision.kind) {
    case TokenDecision::Kind::use_token: {
      inv->secrets.push_back(decision.token.access_token);
      inv->context.set_token(std::move(decision.token), decision.source);
      return call_handler(*inv);
    }
    case TokenDecision::Kind::fail:
      return respond_error(*inv, decision.error, status_for(decision.error));
    case TokenDecision::Kind::fetch: {
      const HttpRequestSpec& spec = metadata_request_.value();
      nlohmann::json headers = nlohmann::json::object();
      for (const auto& [name, value] : spec.headers) headers[name] = value;
      nlohmann::json step = {
          {"invocation", inv->id},
          {"step", "fetch"},
          {"fetch",
           {{"id", decision.fetch_id},
            {"method", spec.method},
            {"url", spec.url},
            {"headers", headers},
            {"delay_ms", decision.delay_ms},
            {"timeout_ms", decision.timeout_ms},
            {"max_body_bytes", kMaxTokenBodyBytes}}},
      };
      inv->pending_fetch_id = decision.fetch_id;
      step["logs"] = take_log_lines(*inv);
      const auto id = inv->id;
      in_progress_.emplace(id, std::move(inv));
      return dump(step);
    }
    case TokenDecision::Kind::wait: {
      nlohmann::json step = {
          {"invocation", inv->id},
          {"step", "wait"},
          {"wait", {{"fetch_id", decision.fetch_id}, {"timeout_ms", decision.timeout_ms}}},
      };
      step["logs"] = take_log_lines(*inv);
      const auto id = inv->id;
      in_progress_.emplace(id, std::move(inv));
      return dump(step);
    }
  }
  return respond_error(*inv, make_error("abi.internal", "unknown token decision"), 500);
}

std::string Runtime::call_handler(Invocation& inv) {
  if (!inv.request)
    return respond_error(inv, make_error("abi.internal", "no parsed event to hand over"), 500);
  Response response = handler_.function(*inv.request, inv.context);
  if (response.is_failure()) {
    inv.log.error("handler " + std::string(handler_.name) + " failed with status " +
                  std::to_string(response.status()));
  }
  return respond(inv, render_response_text(response, inv.log));
}

std::string Runtime::respond_error(Invocation& inv, const Error& error, int status) {
  inv.log.add(status >= 500 ? LogLevel::error : LogLevel::warn, error.message, {{"errorType", error.code}});
  return respond(inv, render_response_text(Response::from_error(error, status), inv.log));
}

std::string Runtime::respond(Invocation& inv, const std::string& response_text) {
  // Written around the already serialised response instead of dumping a step
  // object holding a copy of it (a third copy and a second serialisation of the
  // body, on every invocation). Keys in the order nlohmann's object gives the
  // other steps (sorted), so every step reads the same.
  std::string step = "{\"invocation\":" + std::to_string(inv.id) + ",\"logs\":" + dump(take_log_lines(inv)) +
                     ",\"response\":";
  step.reserve(step.size() + response_text.size() + 20);
  step += response_text;
  step += ",\"step\":\"respond\"}";
  return step;
}

nlohmann::json Runtime::take_log_lines(Invocation& inv) {
  std::vector<std::string> secrets = inv.secrets;
  if (const Token* cached = cache_.cached()) secrets.push_back(cached->access_token);
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& record : inv.log.take()) {
    lines.push_back(format_log_line(record, inv.context.request_id(), secrets));
  }
  return lines;
}

}  // namespace ycfn
