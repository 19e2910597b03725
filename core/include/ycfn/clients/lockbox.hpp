// Lockbox: the payload of a secret (its entries), read with the invocation's
// IAM token. The service account needs lockbox.payloadViewer on the secret.
//
//   GET {YC_LOCKBOX_PAYLOAD_ENDPOINT}/lockbox/v1/secrets/{secretId}/payload[?versionId=]
//   -> {"entries": [{"key", "textValue" | "binaryValue" (base64)}], "versionId"}
//
// Each operation is a request builder and a reply parser, so that it is one
// step of a handler (the coroutine wrappers will call the same two):
//
//   auto call = ycfn::lockbox::get_payload_call(context, secret_id);
//   if (!call) return ycfn::Response::from_error(call.error(), 500);
//   return context.fetch(std::move(call).value())
//       .then([](ycfn::HttpReply reply, ycfn::Context& context) -> ycfn::Task {
//         auto payload = ycfn::lockbox::parse_payload(reply, context);
//         if (!payload) return ycfn::Response::from_error(payload.error(), 502);
//         auto password = payload->text("db-password");
//         ...
//       });
//
// parse_payload protects every entry value (Context::protect_secret): a log
// line that contains one shows the redaction mark instead, as for the token.
// Payloads may be cached per instance (cached_payload / cache_payload, which
// get_payload of lockbox_async.hpp uses): YCFN_LOCKBOX_CACHE_SECONDS, default
// 0 = off, because a cached payload hides a rotation for that long and keeps
// the secret in the instance's memory between invocations.
// Errors: lockbox.invalid_argument, fetch.*, lockbox.not_found (404),
// lockbox.denied, lockbox.throttled, lockbox.unavailable, lockbox.rejected,
// lockbox.bad_reply (docs/clients.md); Payload::text/bytes answer
// lockbox.key_not_found and lockbox.not_text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn::lockbox {

inline constexpr std::string_view kEndpointVariable = "YC_LOCKBOX_PAYLOAD_ENDPOINT";
inline constexpr std::string_view kDefaultEndpoint = "https://payload.lockbox.api.cloud.yandex.net";
// A payload is at most 64 KiB of values; its JSON (base64, escapes) stays
// well under this.
inline constexpr std::size_t kMaxPayloadReplyBytes = std::size_t{1} << 20;
// Seconds a payload stays cached per instance; 0 or unset: no cache.
inline constexpr std::string_view kCacheSecondsVariable = "YCFN_LOCKBOX_CACHE_SECONDS";
// The cache holds at most this many payloads and this many bytes of values;
// the oldest goes first.
inline constexpr std::size_t kCacheMaxPayloads = 32;
inline constexpr std::size_t kCacheMaxBytes = std::size_t{256} * 1024;

struct Entry {
  std::string key;
  std::string value;    // the text, or the decoded bytes of a binary entry
  bool binary = false;  // sent as binaryValue
};

struct Payload {
  std::string version_id;
  std::vector<Entry> entries;  // in the reply's order

  // The entry named `key`, or nullptr.
  const Entry* find(std::string_view key) const;
  // The value of a text entry: lockbox.key_not_found, lockbox.not_text.
  Result<std::string_view> text(std::string_view key) const;
  // The value of any entry as bytes (a text entry's UTF-8): lockbox.key_not_found.
  Result<std::string_view> bytes(std::string_view key) const;
};

// GET of the payload of `secret_id`, of its current version unless
// `version_id` is given; with the token.
Result<HttpCall> get_payload_call(const Context& context, std::string_view secret_id,
                                  std::string_view version_id = {});
// The payload of a reply to get_payload_call. Protects every entry value in
// `context` (and its forms in the reply: JSON-escaped text, base64).
Result<Payload> parse_payload(const HttpReply& reply, Context& context);

// The payload of `secret_id` (at `version_id`, "" for the current one) this
// instance read less than YCFN_LOCKBOX_CACHE_SECONDS ago, its values
// protected in `context` again; nullopt when the cache is off or has none.
std::optional<Payload> cached_payload(Context& context, std::string_view secret_id,
                                      std::string_view version_id = {});
// Keeps `payload` for cached_payload when the cache is on.
void cache_payload(const Context& context, std::string_view secret_id, std::string_view version_id,
                   const Payload& payload);

}  // namespace ycfn::lockbox
