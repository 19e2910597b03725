// Retries of a handler's requests, decided by the core (docs/clients.md,
// "Retries"). A call says which rule judges its replies:
//
//   context.fetch(ycfn::HttpCall::get(url).with_token().retry(ycfn::retry_transient))
//
// and the runtime asks that rule after each reply: the handler's
// continuation gets only the last one. The typed clients set
// retry_transient on their idempotent operations and no rule on the others.
//
// Waiting is sans-I/O: a retry is the same request issued again with the
// fetch step's `delay_ms` (every host already starts a request after its
// delay), so no host and no ABI function is involved.
//
// A rule of one's own is a plain function (a lambda without captures):
//
//   constexpr ycfn::RetryPolicy kPatient{5, 20, 200, 5000};
//   call.retry([](const ycfn::RetryInput& in) { return ycfn::decide_retry(kPatient, in); });
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ycfn/fetch.hpp"

namespace ycfn {

struct RetryPolicy {
  // Attempts of one call, the first included.
  int max_attempts = 3;
  // Retries of all the calls of one invocation together.
  int max_invocation_retries = 10;
  // The n-th retry waits base * 2^(n-1), at most max_delay, half of it
  // jittered (base 100: 50..100 ms, 100..200 ms, ...).
  std::int64_t base_delay_ms = 100;
  std::int64_t max_delay_ms = 2000;
};

inline constexpr RetryPolicy kDefaultRetryPolicy{};

// What a rule is told about the reply it judges.
struct RetryInput {
  const HttpReply& reply;
  int attempt = 1;                  // attempts of this call so far, this one included
  int invocation_retries = 0;       // retries this invocation has made so far
  std::int64_t now_ms = 0;          // when the reply came (the host's clock)
  std::int64_t deadline_ms = 0;     // the invocation's deadline
  std::int64_t reserve_ms = 0;      // kept before the deadline to answer
  std::int64_t min_attempt_ms = 0;  // the least time a request is given
  std::string_view request_id;      // seeds the jitter: same invocation, same waits
};

struct RetryDecision {
  bool retry = false;
  std::int64_t delay_ms = 0;  // wait this long before the next attempt
  std::string reason;         // for the log: why (not) retried, without secrets
};

// The policy's judgement:
//  - retryable: a 429, a 5xx but 501, fetch.network and fetch.timeout;
//    anything else is final;
//  - budget: attempt < max_attempts and invocation_retries < max_invocation_retries;
//  - wait: the jittered backoff, or Retry-After when it asks for more; a
//    Retry-After that is not delta-seconds (an HTTP-date) is not parsed and
//    the reply is final (the server named a time this core cannot honour);
//  - deadline: only if now + wait + min_attempt_ms <= deadline - reserve_ms,
//    the rule the token cache follows.
RetryDecision decide_retry(const RetryPolicy& policy, const RetryInput& input);

// decide_retry with kDefaultRetryPolicy: the rule of the clients' idempotent
// operations.
RetryDecision retry_transient(const RetryInput& input);

}  // namespace ycfn
