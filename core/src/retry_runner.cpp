// The runtime's half of retries (ycfn/retry.hpp), out of runtime.cpp: the
// only way to name a rule, HttpCall::retry, installs detail::retry_hook, so a
// module whose calls never name one links neither this nor its log lines
// (detail/feature_hooks.hpp).
#include <optional>
#include <string>

#include "ycfn/context.hpp"
#include "ycfn/detail/feature_hooks.hpp"
#include "ycfn/detail/outbound.hpp"
#include "ycfn/detail/token_cache.hpp"
#include "ycfn/retry.hpp"

namespace ycfn {

namespace {

// Asks the call's rule about its reply; on a retry the runtime issues the
// call again after the rule's delay.
bool run_retry_rule(const HttpCall& call, const OutboundState& outbound, std::optional<HttpReply>& reply,
                    RetryState& state, int& invocation_retries, Context& context, const CachePolicy& policy) {
  if (!reply) return false;  // the runtime asks only about a reply it has
  const RetryInput input{*reply,
                         state.attempts,
                         invocation_retries,
                         context.now_ms(),
                         context.deadline_ms(),
                         policy.reserve_ms,
                         policy.min_attempt_ms,
                         context.request_id()};
  RetryDecision decision = call.retry_rule()(input);
  const std::string target = outbound.method + " " + outbound.url.origin() + outbound.url.path();
  if (!decision.retry) {
    if (state.attempts > 1) context.log().warn(target + ": " + decision.reason);
    return false;
  }
  context.log().info("retrying " + target + ": " + decision.reason);
  state.attempts += 1;
  invocation_retries += 1;
  state.delay_ms = decision.delay_ms;
  reply.reset();
  return true;
}

}  // namespace

HttpCall& HttpCall::retry(RetryRule rule) & {
  detail::retry_hook = &run_retry_rule;
  retry_ = rule;
  return *this;
}
HttpCall&& HttpCall::retry(RetryRule rule) && { return std::move(retry(rule)); }

}  // namespace ycfn
