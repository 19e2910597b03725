// YDB document tables in one co_await each (C++20, header-only over
// docapi.hpp):
//
//   ycfn::docapi::UpdateItemRequest add;
//   add.table = "counters";
//   add.key = {{"id", ycfn::docapi::Value::string("home")}};
//   add.update = "ADD hits :one";
//   add.values = {{":one", ycfn::docapi::Value::number(1)}};
//   add.return_values = "UPDATED_NEW";
//   auto updated = co_await ycfn::docapi::update_item(context, std::move(add));  // -> {"hits": N}
//
// Errors as the parsers' (docapi.*, fetch.*, docapi.condition_failed for a
// failed condition, config.missing without YDB_DOCAPI_ENDPOINT).
#pragma once

#include <optional>
#include <utility>

#include "ycfn/async.hpp"
#include "ycfn/clients/docapi.hpp"

namespace ycfn::docapi {

// The item, or std::nullopt when the table has none with that key.
inline Async<Result<std::optional<Item>>> get_item(Context& context, GetItemRequest request) {
  auto call = get_item_call(context, request);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_get_item(reply);
}

inline Async<Result<Item>> put_item(Context& context, PutItemRequest request) {
  auto call = put_item_call(context, request);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_put_item(reply);
}

inline Async<Result<Item>> update_item(Context& context, UpdateItemRequest request) {
  auto call = update_item_call(context, request);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_update_item(reply);
}

inline Async<Result<Item>> delete_item(Context& context, DeleteItemRequest request) {
  auto call = delete_item_call(context, request);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_delete_item(reply);
}

// One page; call again with exclusive_start_key = last_evaluated_key.
inline Async<Result<QueryPage>> query(Context& context, QueryRequest request) {
  auto call = query_call(context, request);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_query(reply);
}

}  // namespace ycfn::docapi
