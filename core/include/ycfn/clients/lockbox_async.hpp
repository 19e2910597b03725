// Lockbox in one co_await (C++20, header-only over lockbox.hpp):
//
//   auto payload = co_await ycfn::lockbox::get_payload(context, secret_id);
//   if (!payload) co_return ycfn::Response::from_error(payload.error(), 502);
//   auto password = payload->text("db-password");
//
// The same builder and parser as the C++17 steps, so the same errors
// (lockbox.*, fetch.*; messages begin "lockbox.get_payload: ") and the same
// protection: every entry value joins the redaction set. With
// YCFN_LOCKBOX_CACHE_SECONDS set, a payload read less than that ago by this
// instance is answered without a request (lockbox.hpp).
#pragma once

#include <string>
#include <utility>

#include "ycfn/async.hpp"
#include "ycfn/clients/lockbox.hpp"

namespace ycfn::lockbox {

// The payload of `secret_id`, of its current version unless `version_id`
// is given. Parameters by value: the coroutine outlives the caller's
// temporaries.
inline Async<Result<Payload>> get_payload(Context& context, std::string secret_id,
                                          std::string version_id = {}) {
  if (auto cached = cached_payload(context, secret_id, version_id)) co_return std::move(*cached);
  auto call = get_payload_call(context, secret_id, version_id);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  auto payload = parse_payload(reply, context);
  if (payload) cache_payload(context, secret_id, version_id, *payload);
  co_return payload;
}

}  // namespace ycfn::lockbox
