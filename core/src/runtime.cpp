#include "ycfn/detail/runtime.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "invocation_input.hpp"
#include "step_writer.hpp"
#include "ycfn/detail/error_table.hpp"
#include "ycfn/detail/feature_hooks.hpp"
#include "ycfn/detail/outbound.hpp"
#include "ycfn/detail/token_parse.hpp"

namespace ycfn {

namespace {

constexpr const char* kDefaultFetchHint = "run the function on a host that performs requests";
// An invocation its host never finished is forgotten this long after its deadline.
constexpr std::int64_t kForgetAfterDeadlineMs = 1000;
// Rounds of requests that all fail before leaving (policy, no token, no
// network) that one invocation may chain without a step: past it the handler
// is looping.
constexpr int kMaxImmediateRounds = 1000;

}  // namespace

struct Runtime::Invocation {
  // One of the handler's requests while it is in flight.
  struct Slot {
    HttpCall call;
    OutboundState state;
    std::uint64_t fetch_id = 0;  // the fetch the host was asked to make; 0: to issue
    std::int64_t started_ms = 0;
    std::optional<HttpReply> reply;
    RetryState retry;
  };

  std::uint64_t id = 0;
  LogBuffer log;
  Context context;
  std::optional<Request> request;
  TokenWaiter waiter;
  std::uint64_t pending_token_fetch = 0;  // the metadata fetch this invocation was asked to do
  std::vector<Slot> slots;                // the handler's requests (empty while obtaining a token)
  Task::Continuation then;                // what gets the slots' replies
  int retries = 0;                        // made by all its calls (the retry budget)
  int steps = 0;                          // fetch and wait steps given (kMaxStepsPerInvocation)

  Invocation(ContextInfo info, const HostEnvironment* host) : context(std::move(info), log, host) {}
  bool awaiting_requests() const { return !slots.empty(); }
  // When a host still waiting on this invocation's I/O resumes with cancel
  // (a fetch or wait step's give_up_ms): the hosts know no margin of their own.
  std::int64_t give_up_ms() const {
    return std::max<std::int64_t>(0, context.deadline_ms() - kHostGiveUpReserveMs);
  }
};

Runtime::Runtime(const HandlerSpec& handler, Result<RuntimeConfig> config)
    : handler_(handler),
      config_(std::move(config)),
      metadata_request_(Error{}),
      cache_(config_.ok() ? config_->cache_policy : CachePolicy{}) {
  if (!config_.ok()) {
    metadata_request_ = config_.error();
    return;
  }
  const auto& env = config_->host.env;
  auto value = [&env](const char* name) {
    auto it = env.find(name);
    return it == env.end() ? std::string_view() : std::string_view(it->second);
  };
  metadata_request_ = metadata_token_request(value("YC_METADATA_ADDR"), value("GCE_METADATA_HOST"));
}

Runtime::~Runtime() = default;

std::string Runtime::invoke(std::string_view event_json, std::string_view invocation_json,
                            std::optional<std::string_view> body_text) {
  const HostEnvironment* host = config_.ok() ? &config_->host : nullptr;
  auto input = parse_invocation_input(invocation_json);
  if (!input.ok()) {
    Invocation bare{ContextInfo{}, host};
    bare.id = next_invocation_id_++;
    return respond_error(bare, input.error());
  }
  // Moved, not copied: its raw context is a DOM, and copying it was a few per cent of a small call.
  ContextInfo info = std::move(input.value().context);
  if (config_.ok()) {
    info.deadline_ms = input->deadline ? *input->deadline : input->now_ms + config_->default_timeout_ms;
  }
  auto inv = std::make_unique<Invocation>(std::move(info), host);
  inv->id = next_invocation_id_++;
  forget_abandoned(input->now_ms, *inv);
  if (!config_.ok()) return respond_error(*inv, config_.error());
  if (input->context_error) return respond_error(*inv, *input->context_error);
  // A deadline of the host's or the context's own wins over a malformed default.
  if (!input->deadline && config_->timeout_error) return respond_error(*inv, *config_->timeout_error);

  // A context token, when present, always wins; a broken one is an error only
  // for a handler that needs it.
  std::optional<Error> context_token_error;
  if (!input->context_token.is_null()) {
    auto token = parse_token_object(input->context_token, input->now_ms);
    if (token.ok()) {
      inv->context.add_token_secret(token->access_token);
      inv->context.set_token(std::move(token).value(), TokenSource::context);
    } else {
      // Keep the raw string out of every log: it may be a real token that
      // merely broke a rule.
      if (input->context_token.is_object()) {
        auto raw = input->context_token.find("access_token");
        if (raw != input->context_token.end() && raw->is_string()) {
          inv->context.add_token_secret(raw->get_ref<const std::string&>());
        }
      }
      context_token_error =
          make_error("token.bad_context", "context.token is unusable: " + token.error().message);
    }
  }

  auto request = parse_event(event_json, body_text);
  if (!request.ok()) return respond_error(*inv, request.error());
  inv->request.emplace(std::move(request).value());

  if (handler_.token == TokenRequirement::none || inv->context.token() != nullptr) {
    if (context_token_error && handler_.token == TokenRequirement::none) {
      inv->log.warn("context.token ignored: " + context_token_error->message);
    }
    return call_handler(std::move(inv));
  }
  if (context_token_error) return respond_error(*inv, *context_token_error);
  if (!config_->host.network) return respond_error(*inv, inv->context.missing_token_error());
  if (!metadata_request_.ok()) return respond_error(*inv, metadata_request_.error());
  return continue_with_token(std::move(inv), input->now_ms);
}

std::string Runtime::resume(std::string_view input_json) {
  auto parsed = parse_resume_input(input_json);
  if (!parsed.ok()) {
    // An invocation the malformed input names is answered now rather than
    // left in progress forever.
    if (auto id = peek_invocation_id(input_json)) {
      if (auto found = in_progress_.find(*id); found != in_progress_.end()) {
        Owned inv = std::move(found->second);
        in_progress_.erase(found);
        return respond_error(*inv, parsed.error());
      }
    }
    return abi_error_step(parsed.error());
  }
  const ResumeInput input = std::move(parsed).value();
  auto found = in_progress_.find(input.invocation);
  if (found == in_progress_.end()) {
    return abi_error_step(make_error(
        "abi.unknown_invocation", "invocation " + std::to_string(input.invocation) + " is not in progress"));
  }
  Owned inv = std::move(found->second);
  in_progress_.erase(found);
  inv->context.set_now_ms(input.now_ms);

  if (input.cancel) {
    const bool requests = inv->awaiting_requests();
    return respond_error(*inv,
                         make_error(requests ? "invocation.timeout" : "metadata.timeout",
                                    requests ? "the invocation's deadline came while its requests were "
                                               "in flight (the host gave up waiting)"
                                             : "no IAM token before the invocation's deadline (the host "
                                               "gave up waiting)"));
  }
  if (inv->steps >= kMaxStepsPerInvocation - 1) {
    // This answer is its last step: the core ends a runaway invocation itself.
    return respond_error(*inv, make_error("invocation.too_many_steps",
                                          "the invocation was not answered after " +
                                              std::to_string(kMaxStepsPerInvocation - 1) +
                                              " fetch and wait steps (a handler or runtime loop)"));
  }
  if (inv->awaiting_requests()) return resume_requests(std::move(inv), input);

  if (!input.fetch_results.empty()) {
    if (input.fetch_results.size() != 1 || input.fetch_results.front().fetch_id != inv->pending_token_fetch) {
      return respond_error(
          *inv, make_error("abi.bad_input", "fetch_results must hold exactly the result of metadata fetch " +
                                                std::to_string(inv->pending_token_fetch)));
    }
    const FetchResultInput& fetch = input.fetch_results.front();
    inv->pending_token_fetch = 0;
    cache_.complete(fetch.fetch_id, fetch.outcome, input.now_ms, inv->log);
  }
  return continue_with_token(std::move(inv), input.now_ms);
}

std::string Runtime::continue_with_token(Owned inv, std::int64_t now_ms) {
  TokenDecision decision = cache_.acquire(now_ms, inv->context.deadline_ms(), inv->waiter, inv->log);
  return act_on(std::move(inv), std::move(decision));
}

std::string Runtime::act_on(Owned inv, TokenDecision decision) {
  switch (decision.kind) {
    case TokenDecision::Kind::use_token: {
      inv->context.add_token_secret(decision.token.access_token);
      inv->context.set_token(std::move(decision.token), decision.source);
      return call_handler(std::move(inv));
    }
    case TokenDecision::Kind::fail:
      return respond_error(*inv, decision.error);
    case TokenDecision::Kind::fetch: {
      const HttpRequestSpec& spec = metadata_request_.value();
      FetchStepEntry entry;
      entry.id = decision.fetch_id;
      entry.method = spec.method;
      entry.url = spec.url;
      entry.headers = spec.headers;
      entry.delay_ms = decision.delay_ms;
      entry.timeout_ms = decision.timeout_ms;
      entry.max_body_bytes = kMaxTokenBodyBytes;
      inv->pending_token_fetch = decision.fetch_id;
      std::string step = fetch_step(inv->id, inv->give_up_ms(), {entry}, take_log_lines(*inv));
      return park(std::move(inv), std::move(step));
    }
    case TokenDecision::Kind::wait: {
      std::string step =
          wait_step(inv->id, inv->give_up_ms(), decision.fetch_id, decision.timeout_ms, take_log_lines(*inv));
      return park(std::move(inv), std::move(step));
    }
  }
  return respond_error(*inv, make_error("abi.internal", "unknown token decision"));
}

std::string Runtime::call_handler(Owned inv) {
  if (!inv->request) return respond_error(*inv, make_error("abi.internal", "no parsed event to hand over"));
  Task task = handler_.function(*inv->request, inv->context);
  return run_task(std::move(inv), std::move(task));
}

// Runs the handler's Task until it is a Response or needs the host: requests
// refused before they leave become failed replies at once, and the
// continuation gets them without a step.
std::string Runtime::run_task(Owned inv, Task task) {
  for (int round = 0;; ++round) {
    if (task.has_response()) {
      Response& response = task.response();
      if (response.is_failure()) {
        inv->log.error("handler " + std::string(handler_.name) + " failed with status " +
                       std::to_string(response.status()));
      }
      return respond(*inv, render_response_text(response, inv->log));
    }
    if (round >= kMaxImmediateRounds) {
      return respond_error(
          *inv, make_error("handler.failed", "the handler chained " + std::to_string(kMaxImmediateRounds) +
                                                 " rounds of requests that all failed at once"));
    }
    inv->then = std::move(task.continuation());
    inv->slots.clear();
    for (HttpCall& call : task.calls()) {
      Invocation::Slot slot{std::move(call), {}, 0, 0, std::nullopt, {}};
      auto state = start_outbound(slot.call);
      if (state) {
        slot.state = std::move(state).value();
      } else {
        // Refused before it has a URL to log: the method and the code are enough.
        slot.reply = HttpReply::failed(state.error(), "", 0);
        inv->log.add(LogLevel::warn, slot.call.method() + " request refused: " + state.error().message,
                     {{"method", slot.call.method()}, {"code", state.error().code}});
      }
      inv->slots.push_back(std::move(slot));
    }

    std::vector<FetchStepEntry> entries = issue_requests(*inv);
    if (!entries.empty()) {
      std::string step = fetch_step(inv->id, inv->give_up_ms(), entries, take_log_lines(*inv));
      return park(std::move(inv), std::move(step));
    }
    // Every request failed before leaving: the continuation runs now.
    task = run_continuation(*inv);
  }
}

// Asks the host for every request of the round that is not answered yet;
// those that cannot leave (no network, no token, no time) are answered here.
std::vector<FetchStepEntry> Runtime::issue_requests(Invocation& inv) {
  const CachePolicy& policy = cache_.policy();
  const std::int64_t now = inv.context.now_ms();
  std::vector<FetchStepEntry> entries;
  for (auto& slot : inv.slots) {
    if (slot.reply || slot.fetch_id != 0) continue;
    if (!config_->host.network) {
      const std::string& hint = config_->host.fetch_hint;
      slot.reply = HttpReply::failed(
          make_error("fetch.unsupported", "this host cannot perform requests: " +
                                              (hint.empty() ? std::string(kDefaultFetchHint) : hint)),
          slot.state.url.text(), 0);
    } else if (auto fetch =
                   outbound_fetch(slot.call, slot.state, inv.context.token(), now, inv.context.deadline_ms(),
                                  policy.reserve_ms, policy.min_attempt_ms, slot.retry.delay_ms)) {
      slot.fetch_id = cache_.allocate_fetch_id();
      slot.started_ms = now + slot.retry.delay_ms;
      slot.retry.delay_ms = 0;
      entries.push_back(fetch_entry(slot.fetch_id, *fetch));
      continue;
    } else {
      slot.reply = HttpReply::failed(fetch.error(), slot.state.url.text(), 0);
    }
    log_reply(inv.log, slot.state.method, slot.state.url, *slot.reply);
  }
  return entries;
}

// Every reply of the round is in: hands them to the continuation.
Task Runtime::run_continuation(Invocation& inv) {
  std::vector<HttpReply> replies;
  for (auto& slot : inv.slots) replies.push_back(std::move(*slot.reply));
  inv.slots.clear();
  Task::Continuation then = std::move(inv.then);
  return then(std::move(replies), inv.context);
}

std::string Runtime::resume_requests(Owned inv, const ResumeInput& input) {
  // Every fetch of the step is answered, each exactly once.
  std::size_t outstanding = 0;
  for (const auto& slot : inv->slots) outstanding += (slot.fetch_id != 0 && !slot.reply) ? 1 : 0;
  if (input.fetch_results.size() != outstanding) {
    return respond_error(
        *inv,
        make_error("abi.bad_input", "fetch_results must answer each of the " + std::to_string(outstanding) +
                                        " fetches of the step once (got " +
                                        std::to_string(input.fetch_results.size()) + ")"));
  }
  for (const FetchResultInput& result : input.fetch_results) {
    Invocation::Slot* slot = nullptr;
    for (auto& candidate : inv->slots) {
      if (candidate.fetch_id == result.fetch_id && !candidate.reply) slot = &candidate;
    }
    if (slot == nullptr) {
      return respond_error(
          *inv, make_error("abi.bad_input", "fetch_results names fetch " + std::to_string(result.fetch_id) +
                                                ", which this step did not ask for"));
    }
    const std::int64_t duration = input.now_ms - slot->started_ms;
    slot->fetch_id = 0;
    slot->reply =
        reply_from_outcome(result.outcome, slot->state.url.text(), duration, slot->call.max_reply_bytes());
    log_reply(inv->log, slot->state.method, slot->state.url, *slot->reply);
    // A rule is named only through HttpCall::retry, which installs the hook.
    if (slot->call.retry_rule() != nullptr &&
        detail::retry_hook(slot->call, slot->state, slot->reply, slot->retry, inv->retries, inv->context,
                           cache_.policy()))
      continue;
    if (!slot->reply->ok() || !slot->call.follows_redirects()) continue;
    auto next = follow_redirect(slot->state, slot->reply->status(), slot->reply->headers().get("location"));
    if (!next) {
      slot->reply = HttpReply::failed(next.error(), slot->state.url.text(), duration);
    } else if (next->has_value()) {
      slot->state = std::move(**next);
      slot->reply.reset();  // issued again below
    }
  }

  // Redirects being followed leave again.
  std::vector<FetchStepEntry> entries = issue_requests(*inv);
  if (!entries.empty()) {
    std::string step = fetch_step(inv->id, inv->give_up_ms(), entries, take_log_lines(*inv));
    return park(std::move(inv), std::move(step));
  }
  Task next = run_continuation(*inv);
  return run_task(std::move(inv), std::move(next));
}

std::string Runtime::park(Owned inv, std::string step) {
  const auto id = inv->id;
  ++inv->steps;
  in_progress_.emplace(id, std::move(inv));
  return step;
}

std::string Runtime::respond_error(Invocation& inv, const Error& error) {
  return respond_error(inv, error, answer_status(error));
}

std::string Runtime::respond_error(Invocation& inv, const Error& error, int status) {
  inv.log.add(status >= 500 ? LogLevel::error : LogLevel::warn, error.message, {{"errorType", error.code}});
  return respond(inv, render_response_text(Response::from_error(error, status), inv.log));
}

std::string Runtime::respond(Invocation& inv, const std::string& response_text) {
  return respond_step(inv.id, take_log_lines(inv), response_text);
}

std::vector<std::string> Runtime::take_log_lines(Invocation& inv) {
  const std::vector<LogRecord> records = inv.log.take();
  if (records.empty()) return {};  // most invocations: no copy of the secrets
  std::vector<std::string> secrets = inv.context.secrets();
  if (const Token* cached = cache_.cached()) secrets.push_back(cached->access_token);
  // Protected values exist only once protect_secret has installed the masking.
  const std::vector<std::string>& masked = inv.context.protected_values();
  std::vector<std::string> lines;
  for (const auto& record : records) {
    lines.push_back(masked.empty()
                        ? format_log_line(record, inv.context.request_id(), secrets)
                        : detail::masked_log_line(record, inv.context.request_id(), secrets, masked));
  }
  return lines;
}

void Runtime::forget_abandoned(std::int64_t now_ms, Invocation& reporter) {
  for (auto it = in_progress_.begin(); it != in_progress_.end();) {
    const Invocation& old = *it->second;
    if (now_ms < old.context.deadline_ms() + kForgetAfterDeadlineMs) {
      ++it;
      continue;
    }
    reporter.log.warn("forgot invocation " + std::to_string(old.id) + " (request " +
                      old.context.request_id() + "): its host never finished it and its deadline has passed");
    it = in_progress_.erase(it);
  }
}

}  // namespace ycfn
