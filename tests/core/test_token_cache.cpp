#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ycfn/detail/token_cache.hpp"

using ycfn::CachePolicy;
using ycfn::FetchOutcome;
using ycfn::LogBuffer;
using ycfn::LogLevel;
using ycfn::RawHttpReply;
using ycfn::TokenCache;
using ycfn::TokenDecision;
using ycfn::TokenSource;
using ycfn::TokenWaiter;
using ycfn::TransportFailure;
using Kind = TokenDecision::Kind;

namespace {

constexpr std::int64_t kT0 = 1764330000000;
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHalfDay = 12 * 60 * 60;  // seconds: the longest real IAM token
const std::string kSecret = "t1.9euelZqUjM2Wk5DKkJ7Nz5yWl5ONmpOLy8mWj4-SECRET-Qm9keSBzaG91bGQgbmV2ZXI";
const std::string kNewer = "t1.9euelZqNEWERjM2Wk5DKkJ7Nz5yWl5ONmpOLy8mWj4-FRESH-c2Vjb25kIHRva2Vu";

std::string token_body(const std::string& token, std::int64_t expires_in_s) {
  return R"({"access_token":")" + token + R"(","expires_in":)" + std::to_string(expires_in_s) +
         R"(,"token_type":"Bearer"})";
}

FetchOutcome ok_reply(const std::string& token = kSecret, std::int64_t expires_in_s = kHalfDay) {
  return ycfn::fetch_replied(
      RawHttpReply{200, {{"Metadata-Flavor", "Google"}}, token_body(token, expires_in_s)});
}

FetchOutcome status_reply(int status) { return ycfn::fetch_replied(RawHttpReply{status, {}, ""}); }

FetchOutcome failure(TransportFailure kind) { return ycfn::fetch_failed(kind, "simulated"); }

bool has_record(const LogBuffer& log, LogLevel level, const std::string& code) {
  for (const auto& record : log.records()) {
    if (record.level != level) continue;
    for (const auto& [key, value] : record.fields) {
      if (key == "code" && value == code) return true;
    }
  }
  return false;
}

std::size_t count_level(const LogBuffer& log, LogLevel level) {
  return static_cast<std::size_t>(
      std::count_if(log.records().begin(), log.records().end(),
                    [level](const ycfn::LogRecord& r) { return r.level == level; }));
}

// Fills an empty cache at `now` with one flight: acquire, complete, acquire.
void prime(TokenCache& cache, std::int64_t now, const std::string& token = kSecret,
           std::int64_t expires_in_s = kHalfDay) {
  LogBuffer log;
  TokenWaiter waiter;
  const TokenDecision fetch = cache.acquire(now, now + 10 * kSecond, waiter, log);
  REQUIRE(fetch.kind == Kind::fetch);
  cache.complete(fetch.fetch_id, ok_reply(token, expires_in_s), now, log);
  const TokenDecision done = cache.acquire(now, now + 10 * kSecond, waiter, log);
  REQUIRE(done.kind == Kind::use_token);
  REQUIRE(done.token.access_token == token);
}

struct Run {
  TokenDecision last;                  // use_token or fail
  std::vector<TokenDecision> fetches;  // every fetch the invocation was told to make
  std::vector<std::int64_t> fetch_at;  // when each was told
  std::int64_t end_ms = 0;
};

// One invocation alone, performing every fetch it is told to: after the
// decision's delay, each fetch takes `fetch_ms` (or, when negative, its whole
// timeout) and ends with outcomes[i] (the last one repeats).
Run drive(TokenCache& cache, std::int64_t now, std::int64_t deadline,
          const std::vector<FetchOutcome>& outcomes, LogBuffer& log, std::int64_t fetch_ms = 0) {
  Run run;
  TokenWaiter waiter;
  TokenDecision decision = cache.acquire(now, deadline, waiter, log);
  for (int guard = 0; decision.kind == Kind::fetch && guard < 100; ++guard) {
    run.fetches.push_back(decision);
    run.fetch_at.push_back(now);
    now += decision.delay_ms + (fetch_ms < 0 ? decision.timeout_ms : fetch_ms);
    const std::size_t i = std::min(run.fetches.size(), outcomes.size()) - 1;
    cache.complete(decision.fetch_id, outcomes[i], now, log);
    decision = cache.acquire(now, deadline, waiter, log);
  }
  REQUIRE(decision.kind != Kind::fetch);
  REQUIRE(decision.kind != Kind::wait);
  run.last = decision;
  run.end_ms = now;
  return run;
}

std::vector<std::int64_t> delays_of(const Run& run) {
  std::vector<std::int64_t> delays;
  for (const auto& fetch : run.fetches) delays.push_back(fetch.delay_ms);
  return delays;
}

bool leaks(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 8)) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the policy defaults are the design's", "[token_cache]") {
  const CachePolicy policy;
  CHECK(policy.refresh_after_percent == 10);
  CHECK(policy.expiry_margin_ms == 15 * kMinute);
  CHECK(policy.max_attempts == 4);
  CHECK(policy.backoff_initial_ms == 50);
  CHECK(policy.backoff_max_ms == 1000);
  CHECK(policy.min_attempt_ms == 100);
  CHECK(policy.reserve_ms == 200);
  CHECK(policy.attempt_timeout_ms == 3000);
  CHECK(policy.refresh_cooldown_ms == 30000);
}

TEST_CASE("an empty cache: the first invocation fetches, later ones are served from the cache",
          "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter waiter;
  CHECK(cache.cached() == nullptr);
  CHECK_FALSE(cache.fetch_in_flight());

  const TokenDecision fetch = cache.acquire(kT0, kT0 + 3000, waiter, log);
  REQUIRE(fetch.kind == Kind::fetch);
  CHECK(fetch.fetch_id != 0);
  CHECK(fetch.delay_ms == 0);
  CHECK(fetch.timeout_ms == 2800);  // min(3000, deadline - reserve - now)
  CHECK(waiter.owner);
  CHECK(waiter.flight != 0);
  CHECK(cache.fetch_in_flight());
  CHECK(cache.fetches_started() == 1);

  cache.complete(fetch.fetch_id, ok_reply(), kT0 + 40, log);
  CHECK_FALSE(cache.fetch_in_flight());
  REQUIRE(cache.cached() != nullptr);
  CHECK(cache.cached()->access_token == kSecret);
  CHECK(cache.cached()->obtained_at_ms == kT0 + 40);

  const TokenDecision done = cache.acquire(kT0 + 40, kT0 + 3000, waiter, log);
  REQUIRE(done.kind == Kind::use_token);
  CHECK(done.source == TokenSource::metadata);
  CHECK(done.token.access_token == kSecret);
  CHECK(done.token.authorization_header() == "Bearer " + kSecret);
  CHECK(waiter.flight == 0);
  CHECK_FALSE(waiter.owner);

  TokenWaiter next;
  const TokenDecision hit = cache.acquire(kT0 + kSecond, kT0 + 4000, next, log);
  REQUIRE(hit.kind == Kind::use_token);
  CHECK(hit.source == TokenSource::cache);
  CHECK(hit.token.access_token == kSecret);
  CHECK(cache.fetches_started() == 1);
  CHECK(count_level(log, LogLevel::info) == 1);  // "obtained an IAM token ..."
}

TEST_CASE("fresh hits never fetch", "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0);
  const std::int64_t refresh_at = kT0 + kHalfDay * 1000 / 10;
  for (const std::int64_t now : {kT0, kT0 + 1, kT0 + kMinute, refresh_at - 1}) {
    CAPTURE(now - kT0);
    LogBuffer log;
    TokenWaiter waiter;
    const TokenDecision hit = cache.acquire(now, now + 3000, waiter, log);
    REQUIRE(hit.kind == Kind::use_token);
    CHECK(hit.source == TokenSource::cache);
    CHECK(log.records().empty());
  }
  CHECK(cache.fetches_started() == 1);
  CHECK_FALSE(cache.fetch_in_flight());
}

TEST_CASE("refresh-ahead after 10% of the lifetime: the first to notice refreshes, others use the cache",
          "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0);
  const std::int64_t refresh_at = kT0 + kHalfDay * 1000 / 10;
  LogBuffer log;
  TokenWaiter owner;
  const TokenDecision fetch = cache.acquire(refresh_at, refresh_at + 3000, owner, log);
  REQUIRE(fetch.kind == Kind::fetch);
  CHECK(owner.owner);
  CHECK(cache.fetches_started() == 2);

  for (int i = 0; i < 10; ++i) {
    TokenWaiter other;
    const TokenDecision served = cache.acquire(refresh_at + i, refresh_at + 3000, other, log);
    REQUIRE(served.kind == Kind::use_token);
    CHECK(served.source == TokenSource::cache);
    CHECK(served.token.access_token == kSecret);
    CHECK(other.flight == 0);
  }
  CHECK(cache.fetches_started() == 2);

  cache.complete(fetch.fetch_id, ok_reply(kNewer), refresh_at + 30, log);
  const TokenDecision refreshed = cache.acquire(refresh_at + 30, refresh_at + 3000, owner, log);
  REQUIRE(refreshed.kind == Kind::use_token);
  CHECK(refreshed.source == TokenSource::metadata);
  CHECK(refreshed.token.access_token == kNewer);

  // The new token's own schedule: fresh again for 10% of its lifetime.
  TokenWaiter later;
  const std::int64_t next_refresh = refresh_at + 30 + kHalfDay * 1000 / 10;
  const TokenDecision hit = cache.acquire(next_refresh - 1, next_refresh + 3000, later, log);
  REQUIRE(hit.kind == Kind::use_token);
  CHECK(hit.token.access_token == kNewer);
  CHECK(cache.fetches_started() == 2);
  const TokenDecision again = cache.acquire(next_refresh, next_refresh + 3000, later, log);
  CHECK(again.kind == Kind::fetch);
}

TEST_CASE("a failed refresh serves the cached token, logs a WARN and cools down", "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0);
  const std::int64_t refresh_at = kT0 + kHalfDay * 1000 / 10;
  LogBuffer log;
  std::int64_t failed_at = 0;

  SECTION("a non-retryable failure (404)") {
    const Run run = drive(cache, refresh_at, refresh_at + 5000, {status_reply(404)}, log);
    CHECK(run.fetches.size() == 1);
    REQUIRE(run.last.kind == Kind::use_token);
    CHECK(run.last.source == TokenSource::cache);
    CHECK(run.last.token.access_token == kSecret);
    CHECK(has_record(log, LogLevel::warn, "metadata.not_found"));
    failed_at = run.end_ms;
  }
  SECTION("retryable failures until the attempts run out (500)") {
    const Run run = drive(cache, refresh_at, refresh_at + 10 * kSecond, {status_reply(500)}, log, 20);
    CHECK(run.fetches.size() == 4);
    REQUIRE(run.last.kind == Kind::use_token);
    CHECK(run.last.source == TokenSource::cache);
    CHECK(has_record(log, LogLevel::warn, "metadata.unavailable"));
    failed_at = run.end_ms;
  }
  CHECK(count_level(log, LogLevel::error) == 0);
  CHECK_FALSE(cache.fetch_in_flight());
  const std::uint64_t started = cache.fetches_started();

  // Cooldown: no refresh for 30 s after the failure, the cached token meanwhile.
  for (const std::int64_t now : {failed_at, failed_at + 1, failed_at + 29999}) {
    TokenWaiter waiter;
    const TokenDecision served = cache.acquire(now, now + 3000, waiter, log);
    REQUIRE(served.kind == Kind::use_token);
    CHECK(served.source == TokenSource::cache);
  }
  CHECK(cache.fetches_started() == started);
  TokenWaiter waiter;
  CHECK(cache.acquire(failed_at + 30000, failed_at + 33000, waiter, log).kind == Kind::fetch);
  CHECK(cache.fetches_started() == started + 1);
}

TEST_CASE("a token with under 15 minutes left is expired: no fallback to it", "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0, kSecret, 3600);
  const std::int64_t usable_until = kT0 + 3600 * kSecond - 15 * kMinute;
  LogBuffer log;

  SECTION("one millisecond before: still served (refresh window)") {
    const Run run = drive(cache, usable_until - 1, usable_until + 5000, {status_reply(404)}, log);
    REQUIRE(run.last.kind == Kind::use_token);
    CHECK(run.last.source == TokenSource::cache);
  }
  SECTION("at usable_until: a fetch, newcomers wait, and a failure is an error for all") {
    TokenWaiter owner;
    const TokenDecision fetch = cache.acquire(usable_until, usable_until + 5000, owner, log);
    REQUIRE(fetch.kind == Kind::fetch);
    TokenWaiter newcomer;
    const TokenDecision wait = cache.acquire(usable_until + 1, usable_until + 5000, newcomer, log);
    REQUIRE(wait.kind == Kind::wait);
    CHECK(wait.fetch_id == fetch.fetch_id);
    cache.complete(fetch.fetch_id, status_reply(404), usable_until + 10, log);
    for (TokenWaiter* waiter : {&owner, &newcomer}) {
      const TokenDecision failed = cache.acquire(usable_until + 10, usable_until + 5000, *waiter, log);
      REQUIRE(failed.kind == Kind::fail);
      CHECK(failed.error.code == "metadata.not_found");
    }
    CHECK(has_record(log, LogLevel::error, "metadata.not_found"));
  }
  SECTION("a refresh that fails after the token turned unusable is an error") {
    TokenWaiter owner;
    const TokenDecision fetch = cache.acquire(usable_until - 100, usable_until + 5000, owner, log);
    REQUIRE(fetch.kind == Kind::fetch);
    cache.complete(fetch.fetch_id, status_reply(404), usable_until + 5, log);
    const TokenDecision failed = cache.acquire(usable_until + 5, usable_until + 5000, owner, log);
    REQUIRE(failed.kind == Kind::fail);
    CHECK(failed.error.code == "metadata.not_found");
    CHECK(count_level(log, LogLevel::warn) == 0);
    CHECK(has_record(log, LogLevel::error, "metadata.not_found"));
  }
}

TEST_CASE("503 then 200: the flight retries and its waiter shares the token", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter owner;
  TokenWaiter waiter;
  const std::int64_t deadline = kT0 + 10 * kSecond;

  const TokenDecision first = cache.acquire(kT0, deadline, owner, log);
  REQUIRE(first.kind == Kind::fetch);
  const TokenDecision wait1 = cache.acquire(kT0 + 10, deadline, waiter, log);
  REQUIRE(wait1.kind == Kind::wait);
  CHECK(wait1.fetch_id == first.fetch_id);
  CHECK(wait1.timeout_ms == deadline - 200 - (kT0 + 10));

  cache.complete(first.fetch_id, status_reply(503), kT0 + 20, log);
  CHECK(cache.fetch_in_flight());
  // Woken by the first fetch's completion before the owner is back: it waits on
  // the retry, whose id is already reserved.
  const TokenDecision wait2 = cache.acquire(kT0 + 20, deadline, waiter, log);
  REQUIRE(wait2.kind == Kind::wait);
  CHECK(wait2.fetch_id != first.fetch_id);

  const TokenDecision second = cache.acquire(kT0 + 20, deadline, owner, log);
  REQUIRE(second.kind == Kind::fetch);
  CHECK(second.fetch_id == wait2.fetch_id);
  CHECK(second.delay_ms == 50);
  CHECK(second.timeout_ms == 3000);
  CHECK(cache.fetches_started() == 2);

  cache.complete(second.fetch_id, ok_reply(), kT0 + 100, log);
  for (TokenWaiter* w : {&owner, &waiter}) {
    const TokenDecision done = cache.acquire(kT0 + 100, deadline, *w, log);
    REQUIRE(done.kind == Kind::use_token);
    CHECK(done.source == TokenSource::metadata);
    CHECK(done.token.access_token == kSecret);
  }
  CHECK(cache.fetches_started() == 2);
  CHECK(has_record(log, LogLevel::info, "metadata.unavailable"));  // "attempt 1 failed; retrying in 50 ms"
}

TEST_CASE("the backoff schedule and the attempt limit", "[token_cache]") {
  LogBuffer log;
  SECTION("4 attempts by default: 0, 50, 100, 200 ms apart") {
    TokenCache cache;
    const Run run = drive(cache, kT0, kT0 + kMinute, {status_reply(503)}, log);
    CHECK(delays_of(run) == std::vector<std::int64_t>{0, 50, 100, 200});
    REQUIRE(run.last.kind == Kind::fail);
    CHECK(run.last.error.code == "metadata.unavailable");
    CHECK(run.last.error.retryable);
    CHECK_THAT(run.last.error.message, Catch::EndsWith("(gave up after 4 attempts)"));
    CHECK(cache.fetches_started() == 4);
    CHECK_FALSE(cache.fetch_in_flight());
    CHECK(has_record(log, LogLevel::error, "metadata.unavailable"));
  }
  SECTION("the backoff doubles up to 1 s") {
    CachePolicy policy;
    policy.max_attempts = 8;
    TokenCache cache(policy);
    const Run run = drive(cache, kT0, kT0 + kMinute, {failure(TransportFailure::network)}, log);
    CHECK(delays_of(run) == std::vector<std::int64_t>{0, 50, 100, 200, 400, 800, 1000, 1000});
    REQUIRE(run.last.kind == Kind::fail);
    CHECK(run.last.error.code == "metadata.network");
  }
  SECTION("every attempt's timeout is at most 3 s") {
    TokenCache cache;
    const Run run = drive(cache, kT0, kT0 + kMinute, {failure(TransportFailure::timeout)}, log, -1);
    REQUIRE(run.fetches.size() == 4);
    for (const auto& fetch : run.fetches) CHECK(fetch.timeout_ms == 3000);
    CHECK(run.last.error.code == "metadata.timeout");
  }
}

TEST_CASE("retries are bounded by the deadline as well as by the attempts", "[token_cache]") {
  struct Case {
    std::int64_t deadline_offset;
    std::int64_t fetch_ms;  // -1: every attempt times out after its whole timeout
    std::size_t attempts;
  };
  const Case cases[] = {
      // Failing at once: only the backoff and min_attempt_ms count.
      {kMinute, 0, 4},
      {500, 0, 3},  // the 4th would start at 350 + 100 > 300
      {400, 0, 2},
      {300, 0, 1},
      {299, 0, 0},  // not even one attempt fits: metadata.timeout without a fetch
      // Timing out: each attempt uses what is left.
      {10 * kSecond, -1, 4},
      {7 * kSecond, -1, 3},
      {6 * kSecond, -1, 2},
      {3 * kSecond, -1, 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.deadline_offset, c.fetch_ms);
    TokenCache cache;
    LogBuffer log;
    const std::int64_t deadline = kT0 + c.deadline_offset;
    const FetchOutcome outcome =
        c.fetch_ms < 0 ? failure(TransportFailure::timeout) : failure(TransportFailure::network);
    const Run run = drive(cache, kT0, deadline, {outcome}, log, c.fetch_ms);
    CHECK(run.fetches.size() == c.attempts);
    CHECK(cache.fetches_started() == c.attempts);
    for (std::size_t i = 0; i < run.fetches.size(); ++i) {
      const TokenDecision& fetch = run.fetches[i];
      CAPTURE(i, fetch.delay_ms, fetch.timeout_ms);
      CHECK(fetch.timeout_ms >= 100);
      CHECK(fetch.timeout_ms <= 3000);
      // Never past deadline - reserve.
      CHECK(run.fetch_at[i] + fetch.delay_ms + fetch.timeout_ms <= deadline - 200);
    }
    REQUIRE(run.last.kind == Kind::fail);
    if (c.attempts == 0) {
      CHECK(run.last.error.code == "metadata.timeout");
      CHECK_THAT(run.last.error.message, Catch::StartsWith("no IAM token before the invocation's deadline"));
      CHECK_FALSE(cache.fetch_in_flight());
    } else if (c.fetch_ms == 0) {
      CHECK(run.last.error.code == "metadata.network");
      if (c.attempts < 4) CHECK_THAT(run.last.error.message, Catch::Contains("no time left"));
    } else {
      CHECK(run.last.error.code == "metadata.timeout");
    }
  }
}

TEST_CASE("a non-retryable error ends the flight at once", "[token_cache]") {
  struct Case {
    const char* name;
    FetchOutcome outcome;
    const char* code;
  };
  const Case cases[] = {
      {"403", status_reply(403), "metadata.forbidden"},
      {"404", status_reply(404), "metadata.not_found"},
      {"400", status_reply(400), "metadata.http_error"},
      {"302", status_reply(302), "metadata.redirect"},
      {"204", status_reply(204), "metadata.bad_reply"},
      {"200, empty body", status_reply(200), "metadata.bad_reply"},
      {"foreign flavor",
       ycfn::fetch_replied(RawHttpReply{200, {{"Metadata-Flavor", "Amazon"}}, token_body(kSecret, 3600)}),
       "metadata.not_metadata_server"},
      {"too large", failure(TransportFailure::too_large), "metadata.too_large"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    TokenCache cache;
    LogBuffer log;
    const Run run = drive(cache, kT0, kT0 + kMinute, {c.outcome}, log);
    CHECK(run.fetches.size() == 1);
    REQUIRE(run.last.kind == Kind::fail);
    CHECK(run.last.error.code == c.code);
    CHECK_FALSE(cache.fetch_in_flight());
    CHECK(cache.cached() == nullptr);
  }
  SECTION("after a retry") {
    TokenCache cache;
    LogBuffer log;
    const Run run = drive(cache, kT0, kT0 + kMinute, {status_reply(503), status_reply(404)}, log);
    CHECK(run.fetches.size() == 2);
    REQUIRE(run.last.kind == Kind::fail);
    CHECK(run.last.error.code == "metadata.not_found");
    CHECK_THAT(run.last.error.message, Catch::Contains("(gave up after 2 attempts: not retryable)"));
  }
}

TEST_CASE("50 concurrent acquires: one fetch, one complete, 50 tokens", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  std::vector<TokenWaiter> waiters(50);
  const TokenDecision fetch = cache.acquire(kT0, kT0 + 5000, waiters[0], log);
  REQUIRE(fetch.kind == Kind::fetch);
  for (std::size_t i = 1; i < waiters.size(); ++i) {
    const std::int64_t now = kT0 + static_cast<std::int64_t>(i);
    const std::int64_t deadline = kT0 + 5000 + static_cast<std::int64_t>(i) * 100;
    const TokenDecision wait = cache.acquire(now, deadline, waiters[i], log);
    REQUIRE(wait.kind == Kind::wait);
    CHECK(wait.fetch_id == fetch.fetch_id);
    CHECK(wait.timeout_ms == deadline - 200 - now);  // each waiter's own deadline
    CHECK_FALSE(waiters[i].owner);
  }
  CHECK(cache.fetches_started() == 1);

  cache.complete(fetch.fetch_id, ok_reply(), kT0 + 80, log);
  for (auto& waiter : waiters) {
    const TokenDecision done = cache.acquire(kT0 + 81, kT0 + 5000, waiter, log);
    REQUIRE(done.kind == Kind::use_token);
    CHECK(done.token.access_token == kSecret);
    CHECK(done.source == TokenSource::metadata);
  }
  CHECK(cache.fetches_started() == 1);
}

TEST_CASE("waiters share an error outcome, which is not cached", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  std::vector<TokenWaiter> waiters(50);
  const TokenDecision fetch = cache.acquire(kT0, kT0 + 5000, waiters[0], log);
  REQUIRE(fetch.kind == Kind::fetch);
  for (std::size_t i = 1; i < waiters.size(); ++i) {
    REQUIRE(cache.acquire(kT0 + 1, kT0 + 5000, waiters[i], log).kind == Kind::wait);
  }
  cache.complete(fetch.fetch_id, status_reply(404), kT0 + 50, log);
  for (auto& waiter : waiters) {
    const TokenDecision failed = cache.acquire(kT0 + 60, kT0 + 5000, waiter, log);
    REQUIRE(failed.kind == Kind::fail);
    CHECK(failed.error.code == "metadata.not_found");
    CHECK_THAT(failed.error.message, Catch::Contains("no service account attached"));
  }
  CHECK(cache.fetches_started() == 1);
  CHECK(count_level(log, LogLevel::error) == 1);  // logged once, by the flight

  // A later invocation tries again.
  TokenWaiter later;
  CHECK(cache.acquire(kT0 + 70, kT0 + 5000, later, log).kind == Kind::fetch);
  CHECK(cache.fetches_started() == 2);
}

TEST_CASE("stale and unknown fetch ids are ignored", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;

  cache.complete(12345, ok_reply(), kT0, log);
  CHECK(cache.cached() == nullptr);
  CHECK_FALSE(cache.fetch_in_flight());
  CHECK(count_level(log, LogLevel::debug) == 1);

  TokenWaiter owner;
  const TokenDecision first = cache.acquire(kT0, kT0 + 10 * kSecond, owner, log);
  REQUIRE(first.kind == Kind::fetch);
  cache.complete(first.fetch_id + 100, ok_reply(), kT0 + 1, log);  // unknown
  CHECK(cache.cached() == nullptr);
  CHECK(cache.fetch_in_flight());

  cache.complete(first.fetch_id, status_reply(503), kT0 + 2, log);
  TokenWaiter waiter;
  const TokenDecision wait = cache.acquire(kT0 + 3, kT0 + 10 * kSecond, waiter, log);
  REQUIRE(wait.kind == Kind::wait);
  const std::uint64_t reserved = wait.fetch_id;
  cache.complete(reserved, ok_reply(), kT0 + 4, log);        // reserved but not started
  cache.complete(first.fetch_id, ok_reply(), kT0 + 4, log);  // already completed
  CHECK(cache.cached() == nullptr);
  CHECK(cache.fetch_in_flight());

  const TokenDecision second = cache.acquire(kT0 + 5, kT0 + 10 * kSecond, owner, log);
  REQUIRE(second.kind == Kind::fetch);
  CHECK(second.fetch_id == reserved);
  cache.complete(second.fetch_id, ok_reply(kSecret), kT0 + 60, log);
  cache.complete(second.fetch_id, ok_reply(kNewer), kT0 + 61, log);  // a duplicate report
  REQUIRE(cache.cached() != nullptr);
  CHECK(cache.cached()->access_token == kSecret);
  CHECK(cache.fetches_started() == 2);
  CHECK(count_level(log, LogLevel::debug) == 5);

  SECTION("a waiter naming an unknown flight starts afresh") {
    TokenWaiter stranger{999, false};
    const TokenDecision hit = cache.acquire(kT0 + 70, kT0 + 5000, stranger, log);
    REQUIRE(hit.kind == Kind::use_token);
    CHECK(hit.source == TokenSource::cache);
    TokenCache empty;
    TokenWaiter false_owner{999, true};
    const TokenDecision fetch = empty.acquire(kT0, kT0 + 5000, false_owner, log);
    REQUIRE(fetch.kind == Kind::fetch);
    CHECK(false_owner.flight != 999);
  }
}

TEST_CASE("a waiter whose flight ended before it came back gets that flight's outcome", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter owner;
  TokenWaiter slow;
  const TokenDecision fetch = cache.acquire(kT0, kT0 + 10 * kSecond, owner, log);
  REQUIRE(fetch.kind == Kind::fetch);
  REQUIRE(cache.acquire(kT0 + 1, kT0 + 10 * kSecond, slow, log).kind == Kind::wait);

  SECTION("an error") {
    cache.complete(fetch.fetch_id, status_reply(403), kT0 + 10, log);
    REQUIRE(cache.acquire(kT0 + 10, kT0 + 10 * kSecond, owner, log).kind == Kind::fail);
    // Another invocation starts a new flight before the slow waiter is back.
    TokenWaiter third;
    REQUIRE(cache.acquire(kT0 + 20, kT0 + 10 * kSecond, third, log).kind == Kind::fetch);
    const TokenDecision outcome = cache.acquire(kT0 + 30, kT0 + 10 * kSecond, slow, log);
    REQUIRE(outcome.kind == Kind::fail);
    CHECK(outcome.error.code == "metadata.forbidden");
    CHECK(cache.fetches_started() == 2);
  }
  SECTION("a token") {
    cache.complete(fetch.fetch_id, ok_reply(), kT0 + 10, log);
    REQUIRE(cache.acquire(kT0 + 10, kT0 + 10 * kSecond, owner, log).kind == Kind::use_token);
    const TokenDecision outcome = cache.acquire(kT0 + 500, kT0 + 10 * kSecond, slow, log);
    REQUIRE(outcome.kind == Kind::use_token);
    CHECK(outcome.source == TokenSource::metadata);
    CHECK(cache.fetches_started() == 1);
  }
}

TEST_CASE("a waiter's own deadline is honoured", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter owner;
  TokenWaiter hurried;
  const TokenDecision fetch = cache.acquire(kT0, kT0 + 10 * kSecond, owner, log);
  REQUIRE(fetch.kind == Kind::fetch);
  const TokenDecision wait = cache.acquire(kT0, kT0 + 1000, hurried, log);
  REQUIRE(wait.kind == Kind::wait);
  CHECK(wait.timeout_ms == 800);

  const TokenDecision late = cache.acquire(kT0 + 800, kT0 + 1000, hurried, log);
  REQUIRE(late.kind == Kind::fail);
  CHECK(late.error.code == "metadata.timeout");
  CHECK(hurried.flight == 0);
  CHECK(cache.fetch_in_flight());  // the flight goes on for the others

  cache.complete(fetch.fetch_id, ok_reply(), kT0 + 900, log);
  CHECK(cache.acquire(kT0 + 900, kT0 + 10 * kSecond, owner, log).kind == Kind::use_token);
}

TEST_CASE("acquire at or after deadline - reserve fails with metadata.timeout unless a good token is cached",
          "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter waiter;
  SECTION("except that a fresh cached token needs no time and is still handed out") {
    prime(cache, kT0);
    const std::uint64_t fetches = cache.fetches_started();
    for (const std::int64_t deadline : {kT0 + 200, kT0 + 199, kT0 - 5}) {
      const TokenDecision late = cache.acquire(kT0, deadline, waiter, log);
      REQUIRE(late.kind == Kind::use_token);
      CHECK(late.source == ycfn::TokenSource::cache);
    }
    CHECK(cache.fetches_started() == fetches);
  }
  SECTION("a cached token past its usable life does not count") {
    prime(cache, kT0);
    const std::int64_t expired = kT0 + 12 * 3600 * kSecond;
    const TokenDecision late = cache.acquire(expired, expired + 100, waiter, log);
    REQUIRE(late.kind == Kind::fail);
    CHECK(late.error.code == "metadata.timeout");
  }
  SECTION("a fetch needs min_attempt_ms before the reserve") {
    const TokenDecision short_of_time = cache.acquire(kT0, kT0 + 299, waiter, log);
    REQUIRE(short_of_time.kind == Kind::fail);
    CHECK(short_of_time.error.code == "metadata.timeout");
    CHECK(cache.fetches_started() == 0);
    const TokenDecision just_enough = cache.acquire(kT0, kT0 + 300, waiter, log);
    REQUIRE(just_enough.kind == Kind::fetch);
    CHECK(just_enough.timeout_ms == 100);
  }
}

TEST_CASE("an owner out of time between attempts ends the flight for its waiters", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter owner;
  TokenWaiter waiter;
  const TokenDecision fetch = cache.acquire(kT0, kT0 + 1000, owner, log);
  REQUIRE(fetch.kind == Kind::fetch);
  REQUIRE(cache.acquire(kT0 + 1, kT0 + 10 * kSecond, waiter, log).kind == Kind::wait);
  cache.complete(fetch.fetch_id, status_reply(503), kT0 + 100, log);
  CHECK(cache.fetch_in_flight());  // a retry is due
  // The owner only comes back at its deadline less the reserve.
  const TokenDecision late = cache.acquire(kT0 + 800, kT0 + 1000, owner, log);
  REQUIRE(late.kind == Kind::fail);
  CHECK(late.error.code == "metadata.timeout");
  CHECK_FALSE(cache.fetch_in_flight());
  const TokenDecision shared = cache.acquire(kT0 + 801, kT0 + 10 * kSecond, waiter, log);
  REQUIRE(shared.kind == Kind::fail);
  CHECK(shared.error.code == "metadata.unavailable");
  CHECK_THAT(shared.error.message, Catch::Contains("gave up after 1 attempt: no time left"));
  CHECK(cache.fetches_started() == 1);
}

TEST_CASE("a flight abandoned by its owner is started over", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  TokenWaiter owner;
  TokenWaiter waiter;
  const TokenDecision lost = cache.acquire(kT0, kT0 + 3000, owner, log);
  REQUIRE(lost.kind == Kind::fetch);
  const TokenDecision wait = cache.acquire(kT0 + 100, kT0 + 10 * kSecond, waiter, log);
  REQUIRE(wait.kind == Kind::wait);
  // Still the owner's time: keep waiting.
  REQUIRE(cache.acquire(kT0 + 2999, kT0 + 10 * kSecond, waiter, log).kind == Kind::wait);
  // The owner's deadline has passed and it never reported: take over.
  const TokenDecision takeover = cache.acquire(kT0 + 3000, kT0 + 10 * kSecond, waiter, log);
  REQUIRE(takeover.kind == Kind::fetch);
  CHECK(takeover.fetch_id != lost.fetch_id);
  CHECK(waiter.owner);
  CHECK(count_level(log, LogLevel::warn) == 1);
  cache.complete(lost.fetch_id, ok_reply(kNewer), kT0 + 3001, log);  // too late: ignored
  CHECK(cache.cached() == nullptr);
  cache.complete(takeover.fetch_id, ok_reply(), kT0 + 3050, log);
  const TokenDecision done = cache.acquire(kT0 + 3050, kT0 + 10 * kSecond, waiter, log);
  REQUIRE(done.kind == Kind::use_token);
  CHECK(done.token.access_token == kSecret);
}

TEST_CASE("no time for a refresh: the still-good cached token is used", "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0);
  const std::int64_t refresh_at = kT0 + kHalfDay * 1000 / 10;
  LogBuffer log;
  TokenWaiter waiter;
  const TokenDecision served = cache.acquire(refresh_at, refresh_at + 250, waiter, log);
  REQUIRE(served.kind == Kind::use_token);
  CHECK(served.source == TokenSource::cache);
  CHECK(cache.fetches_started() == 1);
  CHECK_FALSE(cache.fetch_in_flight());
}

TEST_CASE("a token shorter than the expiry margin serves its flight but is not reused", "[token_cache]") {
  TokenCache cache;
  LogBuffer log;
  const Run run = drive(cache, kT0, kT0 + 5000, {ok_reply(kSecret, 600)}, log);
  REQUIRE(run.last.kind == Kind::use_token);
  CHECK(run.last.token.expires_in_s == 600);
  CHECK(count_level(log, LogLevel::warn) == 1);
  TokenWaiter next;
  CHECK(cache.acquire(kT0 + 10, kT0 + 5000, next, log).kind == Kind::fetch);
}

TEST_CASE("newcomers wait on a refresh in flight once the cached token is unusable", "[token_cache]") {
  TokenCache cache;
  prime(cache, kT0, kSecret, 3600);
  const std::int64_t usable_until = kT0 + 3600 * kSecond - 15 * kMinute;
  LogBuffer log;
  TokenWaiter owner;
  const TokenDecision refresh = cache.acquire(usable_until - 10, usable_until + 5000, owner, log);
  REQUIRE(refresh.kind == Kind::fetch);
  TokenWaiter newcomer;
  const TokenDecision wait = cache.acquire(usable_until, usable_until + 5000, newcomer, log);
  REQUIRE(wait.kind == Kind::wait);
  CHECK(wait.fetch_id == refresh.fetch_id);
  cache.complete(refresh.fetch_id, ok_reply(kNewer), usable_until + 20, log);
  for (TokenWaiter* w : {&owner, &newcomer}) {
    const TokenDecision done = cache.acquire(usable_until + 20, usable_until + 5000, *w, log);
    REQUIRE(done.kind == Kind::use_token);
    CHECK(done.token.access_token == kNewer);
  }
}

TEST_CASE("no token leaks into errors or log lines", "[token_cache][leaks]") {
  const std::string t = kSecret;
  const std::string tail = R"(,"expires_in":3600,"token_type":"Bearer"})";
  const std::vector<std::pair<const char*, FetchOutcome>> vectors = {
      {"CRLF in the token", ok_reply("t1.abc\\r\\n" + t)},
      {"LF at the end", ok_reply(t + "\\n")},
      {"a space", ok_reply(t.substr(0, 20) + " " + t.substr(20))},
      {"a tab", ok_reply(t + "\\t")},
      {"DEL", ok_reply(t + "\x7f")},
      {"non-ASCII", ok_reply(t + "\xC3\xA9")},
      {"escaped non-ASCII", ok_reply(t + "\\u00e9")},
      {"token_type MAC",
       ycfn::fetch_replied(
           RawHttpReply{200, {}, R"({"access_token":")" + t + R"(","expires_in":3600,"token_type":"MAC"})"})},
      {"token_type holding the token",
       ycfn::fetch_replied(
           RawHttpReply{200, {}, R"({"access_token":"x","expires_in":3600,"token_type":")" + t + "\"}"})},
      {"expires_in 0", ok_reply(t, 0)},
      {"expires_in 86401", ok_reply(t, 86401)},
      {"expires_in 1e30",
       ycfn::fetch_replied(RawHttpReply{
           200, {}, R"({"access_token":")" + t + R"(","expires_in":1e30,"token_type":"Bearer"})"})},
      {"expires_in a string",
       ycfn::fetch_replied(RawHttpReply{
           200, {}, R"({"access_token":")" + t + R"(","expires_in":"3600","token_type":"Bearer"})"})},
      {"truncated", ycfn::fetch_replied(RawHttpReply{200, {}, R"({"access_token":")" + t})},
      {"non-JSON", ycfn::fetch_replied(RawHttpReply{200, {}, "access_token=" + t})},
      {"invalid UTF-8",
       ycfn::fetch_replied(RawHttpReply{200, {}, R"({"access_token":")" + t + "\xC3\x28\"" + tail})},
      {"a JSON array",
       ycfn::fetch_replied(RawHttpReply{200, {}, R"([{"access_token":")" + t + "\"" + tail + "]"})},
      {"the token as a JSON string", ycfn::fetch_replied(RawHttpReply{200, {}, "\"" + t + "\""})},
      {"too deep", ycfn::fetch_replied(RawHttpReply{200, {}, std::string(20, '[') + "\"" + t + "\""})},
      {"over 64 KiB", ycfn::fetch_replied(RawHttpReply{
                          200, {}, R"({"access_token":")" + t + "\"" + std::string(70000, ' ') + tail})},
      {"404 echoing the token", ycfn::fetch_replied(RawHttpReply{404, {}, t})},
      {"403 echoing the token", ycfn::fetch_replied(RawHttpReply{403, {}, "forbidden: " + t})},
      {"503 with a token body", ycfn::fetch_replied(RawHttpReply{503, {}, token_body(t, 3600)})},
      {"429 with a token body", ycfn::fetch_replied(RawHttpReply{429, {}, token_body(t, 3600)})},
      {"302 to the token", ycfn::fetch_replied(RawHttpReply{302, {{"Location", "http://x/?t=" + t}}, t})},
      {"201 with a token body", ycfn::fetch_replied(RawHttpReply{201, {}, token_body(t, 3600)})},
      {"the token as Metadata-Flavor",
       ycfn::fetch_replied(RawHttpReply{200, {{"Metadata-Flavor", t}}, token_body(t, 3600)})},
  };
  const std::string good = kNewer;  // a valid token the cache holds: never logged either
  for (const auto& [name, outcome] : vectors) {
    CAPTURE(name);
    auto direct = ycfn::interpret_fetch_outcome(outcome, kT0);
    REQUIRE_FALSE(direct.ok());
    CHECK_FALSE(leaks(direct.error().message, t));

    // A first fetch, retries included, and a refresh of a good token.
    TokenCache empty;
    LogBuffer log;
    const Run first = drive(empty, kT0, kT0 + kMinute, {outcome}, log);
    REQUIRE(first.last.kind == Kind::fail);
    CHECK_FALSE(leaks(first.last.error.message, t));

    TokenCache holding;
    prime(holding, kT0, good);
    const std::int64_t refresh_at = kT0 + kHalfDay * 1000 / 10;
    const Run refresh = drive(holding, refresh_at, refresh_at + kMinute, {outcome}, log);
    REQUIRE(refresh.last.kind == Kind::use_token);
    CHECK(refresh.last.token.access_token == good);

    REQUIRE(count_level(log, LogLevel::warn) >= 1);
    for (const auto& record : log.records()) {
      // No secrets passed: the line must be clean without the formatter's scrubbing.
      const std::string line = ycfn::format_log_line(record, "req-1", {});
      CAPTURE(line);
      CHECK_FALSE(leaks(line, t));
      CHECK_FALSE(leaks(line, good));
    }
  }
}
