// The retry rule (ycfn/retry.hpp). Apart from the runtime, which reaches a
// call's rule only through retry_runner.cpp: a module whose calls name none
// links neither.
#include "ycfn/retry.hpp"

#include <algorithm>
#include <optional>

namespace ycfn {

namespace {

bool retryable(const HttpReply& reply) {
  if (!reply.ok()) return reply.error().code == "fetch.network" || reply.error().code == "fetch.timeout";
  const int status = reply.status();
  return status == 429 || (status >= 500 && status <= 599 && status != 501);
}

std::string what_failed(const HttpReply& reply) {
  return reply.ok() ? "HTTP " + std::to_string(reply.status()) : reply.error().code;
}

// FNV-1a over the request id and the counters: a jitter that differs between
// invocations and attempts but is the same each time a test replays them.
std::uint64_t jitter_seed(std::string_view request_id, int attempt, int invocation_retries) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  };
  for (const char c : request_id) mix(static_cast<unsigned char>(c));
  mix(static_cast<unsigned char>(attempt));
  mix(static_cast<unsigned char>(invocation_retries));
  return hash;
}

// Retry-After in seconds: nullopt when absent, -1 when present but not
// delta-seconds (an HTTP-date, or garbage).
std::optional<std::int64_t> retry_after_ms(const HttpReply& reply) {
  if (!reply.ok()) return std::nullopt;
  auto value = reply.headers().get("retry-after");
  if (!value) return std::nullopt;
  std::string_view text = *value;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  // Six digits are eleven days: far past any function's deadline already.
  if (text.empty() || text.size() > 6) return -1;
  std::int64_t seconds = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds * 1000;
}

RetryDecision final_reply(std::string reason) { return RetryDecision{false, 0, std::move(reason)}; }

}  // namespace

RetryDecision decide_retry(const RetryPolicy& policy, const RetryInput& input) {
  const std::string failed = what_failed(input.reply);
  if (!retryable(input.reply)) return final_reply(failed + " is final");
  if (input.attempt >= policy.max_attempts) {
    return final_reply(failed + " after " + std::to_string(input.attempt) + " attempts: not retried again");
  }
  if (input.invocation_retries >= policy.max_invocation_retries) {
    return final_reply(failed + ": the invocation's " + std::to_string(policy.max_invocation_retries) +
                       " retries are spent");
  }
  const int shift = std::min(input.attempt - 1, 20);
  const std::int64_t backoff =
      std::min(policy.max_delay_ms, policy.base_delay_ms * (std::int64_t{1} << shift));
  const std::int64_t half = backoff / 2;
  std::int64_t delay = half + static_cast<std::int64_t>(
                                  jitter_seed(input.request_id, input.attempt, input.invocation_retries) %
                                  static_cast<std::uint64_t>(backoff - half + 1));
  if (auto asked = retry_after_ms(input.reply)) {
    if (*asked < 0) return final_reply(failed + " with a Retry-After that is not in seconds: not retried");
    delay = std::max(delay, *asked);
  }
  if (input.now_ms + delay + input.min_attempt_ms > input.deadline_ms - input.reserve_ms) {
    return final_reply(failed + ": a retry in " + std::to_string(delay) +
                       " ms could not finish before the invocation's deadline");
  }
  return RetryDecision{true, delay,
                       failed + ": attempt " + std::to_string(input.attempt + 1) + " of " +
                           std::to_string(policy.max_attempts) + " in " + std::to_string(delay) + " ms"};
}

RetryDecision retry_transient(const RetryInput& input) { return decide_retry(kDefaultRetryPolicy, input); }

}  // namespace ycfn
