#include "ycfn/detail/token_cache.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace ycfn {
namespace {

// An attempt is worth starting only if it gets at least min_attempt_ms before
// the answer reserve begins.
bool attempt_fits(const CachePolicy& policy, std::int64_t now_ms, std::int64_t delay_ms,
                  std::int64_t deadline_ms) {
  return now_ms + delay_ms + policy.min_attempt_ms <= deadline_ms - policy.reserve_ms;
}

TokenDecision fail(Error error) {
  TokenDecision decision;
  decision.kind = TokenDecision::Kind::fail;
  decision.error = std::move(error);
  return decision;
}

TokenDecision use(const Token& token, TokenSource source) {
  TokenDecision decision;
  decision.kind = TokenDecision::Kind::use_token;
  decision.token = token;
  decision.source = source;
  return decision;
}

Error deadline_error(const CachePolicy& policy, std::int64_t now_ms, std::int64_t deadline_ms) {
  return make_error("metadata.timeout",
                    "no IAM token before the invocation's deadline: " +
                        std::to_string(std::max<std::int64_t>(0, deadline_ms - now_ms)) +
                        " ms left, of which " + std::to_string(policy.reserve_ms) +
                        " ms are kept to send the answer and a metadata request needs at least " +
                        std::to_string(policy.min_attempt_ms) + " ms");
}

// The flight's last error, saying how many attempts it took and why it stopped.
Error gave_up(const Error& last, int attempts, const std::string& why) {
  Error error = last;
  error.message += " (gave up after " + std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
  error.message += why.empty() ? ")" : ": " + why + ")";
  return error;
}

}  // namespace

TokenCache::TokenCache(CachePolicy policy) : policy_(policy) {
  if (policy_.max_attempts < 1) policy_.max_attempts = 1;
}

std::int64_t TokenCache::refresh_at(const Token& token) const {
  return token.obtained_at_ms + token.expires_in_s * 1000 * policy_.refresh_after_percent / 100;
}

std::int64_t TokenCache::usable_until(const Token& token) const {
  return token.expires_at_ms() - policy_.expiry_margin_ms;
}

const Token* TokenCache::usable_token(std::int64_t now_ms) const {
  if (!cached_ || now_ms >= usable_until(*cached_)) return nullptr;
  return &*cached_;
}

std::int64_t TokenCache::backoff_ms(int attempts_made) const {
  std::int64_t delay = policy_.backoff_initial_ms;
  for (int i = 1; i < attempts_made && delay < policy_.backoff_max_ms; ++i) delay *= 2;
  return std::min(delay, policy_.backoff_max_ms);
}

TokenDecision TokenCache::acquire(std::int64_t now_ms, std::int64_t deadline_ms, TokenWaiter& waiter,
                                  LogBuffer& log) {
  const bool owns_flight = flight_ && waiter.owner && waiter.flight == flight_->id;
  if (now_ms >= deadline_ms - policy_.reserve_ms) {
    // An owner between attempts will never start the retry: end the flight so
    // its waiters get an outcome now instead of at their own deadlines.
    if (owns_flight && !flight_->attempt_running) {
      finish_flight(false,
                    gave_up(flight_->last_error, flight_->attempts, "no time left before the deadline"),
                    now_ms, log);
    }
    waiter = {};
    // A good cached token needs no I/O, so no time is too short to hand it out.
    if (const Token* token = usable_token(now_ms)) return use(*token, TokenSource::cache);
    return fail(deadline_error(policy_, now_ms, deadline_ms));
  }
  drop_abandoned_flight(now_ms, log);

  if (waiter.flight != 0) {
    if (waiter.flight == last_finished_.id) return finished_outcome(now_ms, waiter);
    if (flight_ && waiter.flight == flight_->id) {
      if (waiter.owner && !flight_->attempt_running) {
        return retry_or_finish(*flight_, now_ms, deadline_ms, waiter, log);
      }
      return wait_on_flight(*flight_, now_ms, deadline_ms);
    }
    // A flight that was abandoned, or ended long ago: start over as a newcomer.
    waiter = {};
  }
  return arrive(now_ms, deadline_ms, waiter);
}

TokenDecision TokenCache::arrive(std::int64_t now_ms, std::int64_t deadline_ms, TokenWaiter& waiter) {
  if (const Token* token = usable_token(now_ms)) {
    if (now_ms < refresh_at(*token)) return use(*token, TokenSource::cache);
    // Time to refresh ahead, but one refresh at a time, and not right after a
    // failed one; everyone else keeps using the good token meanwhile.
    if (flight_ || now_ms < refresh_blocked_until_ms_) return use(*token, TokenSource::cache);
    if (auto decision = start_flight(FlightKind::refresh, now_ms, deadline_ms, waiter)) return *decision;
    return use(*token, TokenSource::cache);  // no time for a refresh; the token is still good
  }
  if (flight_) {
    waiter = TokenWaiter{flight_->id, false};
    return wait_on_flight(*flight_, now_ms, deadline_ms);
  }
  if (auto decision = start_flight(FlightKind::fetch, now_ms, deadline_ms, waiter)) return *decision;
  return fail(deadline_error(policy_, now_ms, deadline_ms));
}

std::optional<TokenDecision> TokenCache::start_flight(FlightKind kind, std::int64_t now_ms,
                                                      std::int64_t deadline_ms, TokenWaiter& waiter) {
  if (!attempt_fits(policy_, now_ms, 0, deadline_ms)) return std::nullopt;
  // Flight{} rather than emplace(): clang evaluates the nested type's default
  // constructibility while TokenCache is incomplete and caches "no".
  Flight& flight = flight_.emplace(Flight{});
  flight.id = next_flight_id_++;
  flight.kind = kind;
  flight.fetch_id = next_fetch_id_++;
  flight.owner_deadline_ms = deadline_ms;
  waiter = TokenWaiter{flight.id, true};
  return start_attempt(flight, now_ms, deadline_ms, 0);
}

TokenDecision TokenCache::start_attempt(Flight& flight, std::int64_t now_ms, std::int64_t deadline_ms,
                                        std::int64_t delay_ms) {
  flight.attempt_running = true;
  flight.owner_deadline_ms = deadline_ms;
  ++flight.attempts;
  ++fetches_started_;
  TokenDecision decision;
  decision.kind = TokenDecision::Kind::fetch;
  decision.fetch_id = flight.fetch_id;
  decision.delay_ms = delay_ms;
  decision.timeout_ms =
      std::min(policy_.attempt_timeout_ms, deadline_ms - policy_.reserve_ms - now_ms - delay_ms);
  return decision;
}

TokenDecision TokenCache::retry_or_finish(Flight& flight, std::int64_t now_ms, std::int64_t deadline_ms,
                                          TokenWaiter& waiter, LogBuffer& log) {
  // The backoff counts from the failure, not from this call.
  const std::int64_t delay_ms = std::max<std::int64_t>(0, flight.retry_at_ms - now_ms);
  if (attempt_fits(policy_, now_ms, delay_ms, deadline_ms)) {
    return start_attempt(flight, now_ms, deadline_ms, delay_ms);
  }
  finish_flight(false,
                gave_up(flight.last_error, flight.attempts, "no time left for another before the deadline"),
                now_ms, log);
  return finished_outcome(now_ms, waiter);
}

TokenDecision TokenCache::wait_on_flight(const Flight& flight, std::int64_t now_ms,
                                         std::int64_t deadline_ms) const {
  TokenDecision decision;
  decision.kind = TokenDecision::Kind::wait;
  decision.fetch_id = flight.fetch_id;
  decision.timeout_ms = deadline_ms - policy_.reserve_ms - now_ms;
  return decision;
}

TokenDecision TokenCache::finished_outcome(std::int64_t now_ms, TokenWaiter& waiter) const {
  waiter = {};
  if (last_finished_.ok && cached_) return use(*cached_, TokenSource::metadata);
  // A failed refresh-ahead: the token it was meant to replace is still good.
  if (const Token* token = usable_token(now_ms)) return use(*token, TokenSource::cache);
  return fail(last_finished_.error);
}

void TokenCache::complete(std::uint64_t fetch_id, const FetchOutcome& outcome, std::int64_t now_ms,
                          LogBuffer& log) {
  if (!flight_ || !flight_->attempt_running || flight_->fetch_id != fetch_id) {
    log.debug("ignored the outcome of fetch " + std::to_string(fetch_id) +
              ": it is not the attempt in flight");
    return;
  }
  Flight& flight = *flight_;
  flight.attempt_running = false;
  auto result = interpret_fetch_outcome(outcome, now_ms);
  if (result) {
    const Token& token = cached_.emplace(std::move(result).value());
    log.add(LogLevel::info, "obtained an IAM token from the metadata service",
            {{"expires_in_s", std::to_string(token.expires_in_s)},
             {"attempts", std::to_string(flight.attempts)}});
    if (token.expires_in_s * 1000 <= policy_.expiry_margin_ms) {
      log.warn("the metadata service issued a token that lives " + std::to_string(token.expires_in_s) +
               " s, within the " + std::to_string(policy_.expiry_margin_ms / 1000) +
               " s expiry margin: it serves this flight but will not be reused from the cache");
    }
    finish_flight(true, Error{}, now_ms, log);
    return;
  }

  flight.last_error = result.error();
  if (!flight.last_error.retryable) {
    finish_flight(false,
                  flight.attempts > 1 ? gave_up(flight.last_error, flight.attempts, "not retryable")
                                      : flight.last_error,
                  now_ms, log);
    return;
  }
  if (flight.attempts >= policy_.max_attempts) {
    finish_flight(false, gave_up(flight.last_error, flight.attempts, ""), now_ms, log);
    return;
  }
  const std::int64_t delay_ms = backoff_ms(flight.attempts);
  if (!attempt_fits(policy_, now_ms, delay_ms, flight.owner_deadline_ms)) {
    finish_flight(false,
                  gave_up(flight.last_error, flight.attempts, "no time left for another before the deadline"),
                  now_ms, log);
    return;
  }
  // Reserve the retry's id now: waiters arriving before the owner comes back
  // wait on it and so wake when the retry completes.
  flight.fetch_id = next_fetch_id_++;
  flight.retry_at_ms = now_ms + delay_ms;
  log.add(LogLevel::info,
          "metadata token request attempt " + std::to_string(flight.attempts) + " failed; retrying in " +
              std::to_string(delay_ms) + " ms",
          {{"code", flight.last_error.code}});
}

void TokenCache::finish_flight(bool ok, Error error, std::int64_t now_ms, LogBuffer& log) {
  if (!flight_) return;
  const Flight flight = *flight_;
  flight_.reset();
  last_finished_ = FinishedFlight{flight.id, ok, error};
  if (ok) return;
  if (flight.kind == FlightKind::refresh) {
    refresh_blocked_until_ms_ = now_ms + policy_.refresh_cooldown_ms;
    if (const Token* token = usable_token(now_ms)) {
      log.add(LogLevel::warn,
              "IAM token refresh failed; serving the cached token, usable for another " +
                  std::to_string((usable_until(*token) - now_ms) / 1000) + " s; next refresh in " +
                  std::to_string(policy_.refresh_cooldown_ms / 1000) + " s at the earliest",
              {{"code", error.code}, {"error", error.message}});
      return;
    }
  }
  log.add(LogLevel::error, "could not obtain an IAM token from the metadata service",
          {{"code", error.code}, {"error", error.message}});
}

void TokenCache::drop_abandoned_flight(std::int64_t now_ms, LogBuffer& log) {
  // The owner's attempts all end by its deadline less the reserve, so a flight
  // still open at its owner's deadline belongs to an invocation that is gone.
  if (!flight_ || now_ms < flight_->owner_deadline_ms) return;
  log.warn("the invocation fetching an IAM token ended without reporting its fetch " +
           std::to_string(flight_->fetch_id) + "; starting over");
  flight_.reset();
}

}  // namespace ycfn
