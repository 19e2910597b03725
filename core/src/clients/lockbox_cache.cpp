// The per-instance Lockbox payload cache (lockbox.hpp: cached_payload,
// cache_payload). Like the token cache it lives as long as the instance and
// judges freshness by the host's clock (Context::now_ms); unlike it, it is
// off unless YCFN_LOCKBOX_CACHE_SECONDS says otherwise: a cached payload hides
// a rotation for that long and keeps secrets in memory between invocations.
// A hit protects the values in the new invocation again: the redaction set is
// per invocation.
#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "lockbox_detail.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/clients/lockbox.hpp"
#include "ycfn/detail/feature_hooks.hpp"
#include "ycfn/detail/runtime.hpp"

namespace ycfn::lockbox {

namespace {

// A day: longer is a mistake, not a policy.
constexpr std::int64_t kMaxCacheSeconds = 86400;

struct CachedPayload {
  std::string secret_id;
  std::string version_id;  // as asked: "" for the current version
  std::int64_t stored_ms = 0;
  std::size_t bytes = 0;
  Payload payload;
};

struct PayloadCache {
  std::deque<CachedPayload> entries;  // oldest first
  std::size_t bytes = 0;
};

// YCFN_LOCKBOX_CACHE_SECONDS in ms; 0 (off) when unset, empty, not 1..86400
// digits.
std::int64_t cache_ttl_ms(const Context& context) {
  auto value = context.env(kCacheSecondsVariable);
  if (!value || value->empty() || value->size() > 5) return 0;
  std::int64_t seconds = 0;
  for (const char c : *value) {
    if (c < '0' || c > '9') return 0;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds <= kMaxCacheSeconds ? seconds * 1000 : 0;
}

PayloadCache* cache_of(const Context& context, bool create) {
  const HostEnvironment* host = context.host();
  if (host == nullptr) return nullptr;
  if (host->lockbox_payloads.get() == nullptr && create) {
    detail::free_lockbox_payloads = [](void* cache) { delete static_cast<PayloadCache*>(cache); };
    host->lockbox_payloads.reset(new PayloadCache());
  }
  return static_cast<PayloadCache*>(host->lockbox_payloads.get());
}

std::size_t size_of(const Payload& payload) {
  std::size_t bytes = payload.version_id.size();
  for (const auto& entry : payload.entries) bytes += entry.key.size() + entry.value.size();
  return bytes;
}

void drop_front(PayloadCache& cache) {
  cache.bytes -= cache.entries.front().bytes;
  cache.entries.pop_front();
}

}  // namespace

std::optional<Payload> cached_payload(Context& context, std::string_view secret_id,
                                      std::string_view version_id) {
  const std::int64_t ttl = cache_ttl_ms(context);
  PayloadCache* cache = ttl > 0 ? cache_of(context, false) : nullptr;
  if (cache == nullptr) return std::nullopt;
  const std::int64_t now = context.now_ms();
  // Expired payloads leave memory as soon as someone looks.
  while (!cache->entries.empty() && now - cache->entries.front().stored_ms >= ttl) drop_front(*cache);
  for (const auto& cached : cache->entries) {
    if (cached.secret_id != secret_id || cached.version_id != version_id) continue;
    for (const auto& entry : cached.payload.entries) {
      if (entry.binary) {
        context.protect_secret(entry.value);
        context.protect_secret(base64_encode(entry.value));
      } else {
        protect_text(context, entry.value);
      }
    }
    return cached.payload;
  }
  return std::nullopt;
}

void cache_payload(const Context& context, std::string_view secret_id, std::string_view version_id,
                   const Payload& payload) {
  if (cache_ttl_ms(context) <= 0) return;
  const std::size_t bytes = size_of(payload);
  if (bytes > kCacheMaxBytes) return;
  PayloadCache* cache = cache_of(context, true);
  if (cache == nullptr) return;
  auto same = std::find_if(cache->entries.begin(), cache->entries.end(), [&](const CachedPayload& cached) {
    return cached.secret_id == secret_id && cached.version_id == version_id;
  });
  if (same != cache->entries.end()) {
    cache->bytes -= same->bytes;
    cache->entries.erase(same);
  }
  while (!cache->entries.empty() &&
         (cache->entries.size() >= kCacheMaxPayloads || cache->bytes + bytes > kCacheMaxBytes)) {
    drop_front(*cache);
  }
  cache->entries.push_back(
      CachedPayload{std::string(secret_id), std::string(version_id), context.now_ms(), bytes, payload});
  cache->bytes += bytes;
}

}  // namespace ycfn::lockbox
