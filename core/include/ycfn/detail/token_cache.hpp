// The per-instance IAM token cache and its single-flight policy
// (docs/design.md "Cache and single-flight"). The core holds all in-flight
// state, so every host behaves alike: the host only performs the fetches it is
// told to and reports their outcomes.
//
// Protocol, per invocation (the runtime keeps one TokenWaiter per invocation):
//   d = acquire(now, deadline, waiter, log)
//   use_token -> done; fail -> done
//   fetch     -> after d.delay_ms, GET with a timeout of d.timeout_ms; then
//                complete(d.fetch_id, outcome, now, log) and acquire again
//   wait      -> once fetch d.fetch_id has completed (or d.timeout_ms passed),
//                acquire again
//
// Points the design leaves open, settled here:
//  - A flight ends with the outcome of its last attempt. Waiters that come back
//    after it ended get that outcome (the last finished flight is remembered);
//    a waiter naming any other unknown flight is treated as a newcomer.
//  - Between attempts the retry's fetch id is already reserved, so waiters
//    always wait on a fetch that will complete.
//  - An owner that comes back at or after its deadline less the reserve gets
//    metadata.timeout, and its flight ends with the last attempt's error so its
//    waiters are not left waiting. Any caller past its deadline less the
//    reserve still gets a usable cached token: handing it out needs no I/O.
//  - A flight still open at its owner's deadline was abandoned (the owner's
//    attempts all end before it): it is dropped, late completions for it are
//    ignored, and the next acquire starts over.
//  - Retries apply to refresh-ahead flights too (the design says "per flight").
//  - A token that lives no longer than the expiry margin is handed to the
//    flight that fetched it (with a WARN) but never served from the cache.
#pragma once

#include <cstdint>
#include <optional>

#include "ycfn/detail/metadata.hpp"
#include "ycfn/log.hpp"
#include "ycfn/result.hpp"
#include "ycfn/token.hpp"

namespace ycfn {

struct CachePolicy {
  // refresh_at = obtained_at + this percentage of the token's lifetime.
  std::int64_t refresh_after_percent = 10;
  // usable_until = expires_at - this: a token with less left counts as expired.
  std::int64_t expiry_margin_ms = std::int64_t{15} * 60 * 1000;
  // Attempts per flight, retries included, on retryable errors.
  int max_attempts = 4;
  // Delay before retry n (n >= 1): backoff_initial_ms * 2^(n-1), at most backoff_max_ms.
  std::int64_t backoff_initial_ms = 50;
  std::int64_t backoff_max_ms = 1000;
  // An attempt starts only if now + delay + min_attempt_ms <= deadline - reserve_ms.
  std::int64_t min_attempt_ms = 100;
  // Time kept back from the invocation's deadline to send the answer.
  std::int64_t reserve_ms = 200;
  // Upper bound of one attempt's timeout.
  std::int64_t attempt_timeout_ms = 3000;
  // After a failed refresh-ahead, no new refresh-ahead for this long.
  std::int64_t refresh_cooldown_ms = 30000;
};

// Per-invocation state between acquire calls. Start with {}; acquire resets it
// to {} when it answers use_token or fail.
struct TokenWaiter {
  std::uint64_t flight = 0;  // the flight this invocation owns or waits on; 0: none
  bool owner = false;        // this invocation performs the flight's fetches
};

struct TokenDecision {
  enum class Kind { use_token, fetch, wait, fail };
  Kind kind = Kind::fail;
  Token token;                              // use_token
  TokenSource source = TokenSource::cache;  // use_token: metadata (this flight) or cache
  std::uint64_t fetch_id = 0;               // fetch: the id to complete(); wait: the fetch to wait for
  std::int64_t delay_ms = 0;                // fetch: start after this
  std::int64_t timeout_ms = 0;              // fetch and wait: give up after this
  Error error;                              // fail
};

class TokenCache {
 public:
  explicit TokenCache(CachePolicy policy = CachePolicy{});

  // What the invocation does next. `deadline_ms` is the invocation's deadline;
  // nothing is started that could not finish by deadline_ms - reserve_ms, and
  // an acquire at or after that point answers fail with metadata.timeout.
  TokenDecision acquire(std::int64_t now_ms, std::int64_t deadline_ms, TokenWaiter& waiter, LogBuffer& log);

  // The outcome of fetch `fetch_id`. An id that is not the attempt in flight
  // (unknown, already completed, superseded, or of an abandoned flight) is
  // ignored: hosts may report late.
  void complete(std::uint64_t fetch_id, const FetchOutcome& outcome, std::int64_t now_ms, LogBuffer& log);

  // The newest token obtained (possibly no longer usable), or nullptr.
  const Token* cached() const { return cached_ ? &*cached_ : nullptr; }
  // True while a flight is running an attempt or waiting to retry.
  bool fetch_in_flight() const { return flight_.has_value(); }
  // Fetch decisions handed out so far (attempts, retries included).
  std::uint64_t fetches_started() const { return fetches_started_; }
  // A fetch id no metadata fetch will use: the runtime numbers the handler's
  // requests from the same sequence, so ids are unique per runtime and a host
  // can key its bookkeeping on them.
  std::uint64_t allocate_fetch_id() { return next_fetch_id_++; }
  const CachePolicy& policy() const { return policy_; }

 private:
  enum class FlightKind { fetch, refresh };
  struct Flight {
    std::uint64_t id = 0;
    FlightKind kind = FlightKind::fetch;
    // The running attempt's id, or, between attempts, the id reserved for the
    // retry (waiters wait on it, so they wake when the retry completes).
    std::uint64_t fetch_id = 0;
    bool attempt_running = false;
    int attempts = 0;  // attempts started
    std::int64_t owner_deadline_ms = 0;
    std::int64_t retry_at_ms = 0;
    Error last_error;
  };
  // Kept so that a waiter of a flight that ended before it came back gets that
  // flight's outcome instead of starting another.
  struct FinishedFlight {
    std::uint64_t id = 0;
    bool ok = false;
    Error error;
  };

  std::int64_t refresh_at(const Token& token) const;
  std::int64_t usable_until(const Token& token) const;
  // The cached token if it is still usable at now_ms, else nullptr.
  const Token* usable_token(std::int64_t now_ms) const;
  std::int64_t backoff_ms(int attempts_made) const;

  TokenDecision arrive(std::int64_t now_ms, std::int64_t deadline_ms, TokenWaiter& waiter);
  std::optional<TokenDecision> start_flight(FlightKind kind, std::int64_t now_ms, std::int64_t deadline_ms,
                                            TokenWaiter& waiter);
  TokenDecision start_attempt(Flight& flight, std::int64_t now_ms, std::int64_t deadline_ms,
                              std::int64_t delay_ms);
  TokenDecision retry_or_finish(Flight& flight, std::int64_t now_ms, std::int64_t deadline_ms,
                                TokenWaiter& waiter, LogBuffer& log);
  TokenDecision wait_on_flight(const Flight& flight, std::int64_t now_ms, std::int64_t deadline_ms) const;
  TokenDecision finished_outcome(std::int64_t now_ms, TokenWaiter& waiter) const;
  void finish_flight(bool ok, Error error, std::int64_t now_ms, LogBuffer& log);
  void drop_abandoned_flight(std::int64_t now_ms, LogBuffer& log);

  CachePolicy policy_;
  std::optional<Token> cached_;
  std::optional<Flight> flight_;
  FinishedFlight last_finished_;
  std::int64_t refresh_blocked_until_ms_ = 0;
  std::uint64_t next_flight_id_ = 1;
  std::uint64_t next_fetch_id_ = 1;
  std::uint64_t fetches_started_ = 0;
};

}  // namespace ycfn
