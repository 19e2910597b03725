// Object Storage in one co_await each (C++20, header-only over storage.hpp):
//
//   auto object = co_await ycfn::storage::get_object(context, bucket, key);
//   if (!object) co_return ycfn::Response::from_error(object.error(), 502);
//   auto stored = co_await ycfn::storage::put_object(context, dest, key, object->body,
//                                                    object->content_type);
//   ycfn::storage::ListOptions logs;
//   logs.prefix = "logs/";
//   auto all = co_await ycfn::storage::list_all_objects(context, bucket, logs);
//
// Pass a ListOptions by name, not as a braced temporary inside the co_await
// expression: GCC 12 destroys such a temporary twice (GCC bug 100611).
//
// Errors as the parsers' (storage.*, fetch.*), and for a listing that does
// not end (a continuation token repeated, a truncated page without one, or
// more than max_pages pages) storage.list_endless.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ycfn/async.hpp"
#include "ycfn/clients/storage.hpp"

namespace ycfn::storage {

inline Async<Result<Object>> get_object(Context& context, std::string bucket, std::string key) {
  auto call = get_object_call(context, bucket, key);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_get_object(reply);
}

inline Async<Result<Stored>> put_object(Context& context, std::string bucket, std::string key,
                                        std::string body,
                                        std::string content_type = "application/octet-stream") {
  auto call = put_object_call(context, bucket, key, std::move(body), content_type);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_put_object(reply);
}

inline Async<Result<ObjectInfo>> head_object(Context& context, std::string bucket, std::string key) {
  auto call = head_object_call(context, bucket, key);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_head_object(reply);
}

inline Async<Result<Deleted>> delete_object(Context& context, std::string bucket, std::string key) {
  auto call = delete_object_call(context, bucket, key);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_delete_object(reply);
}

// One page of ListObjectsV2.
inline Async<Result<ListPage>> list_objects(Context& context, std::string bucket, ListOptions options) {
  auto call = list_objects_call(context, bucket, options);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_list_objects(reply);
}

// Every page, one after another (options.continuation_token is where it
// starts): the objects and the common prefixes of all the pages, in order.
inline Async<Result<ListPage>> list_all_objects(Context& context, std::string bucket, ListOptions options,
                                                int max_pages = 1000) {
  ListPage all;
  for (int page = 1;; ++page) {
    auto call = list_objects_call(context, bucket, options);
    if (!call) co_return call.error();
    const HttpReply reply = co_await context.fetch(std::move(call).value());
    auto parsed = parse_list_objects(reply);
    if (!parsed) co_return parsed.error();
    for (auto& object : parsed->objects) all.objects.push_back(std::move(object));
    for (auto& prefix : parsed->common_prefixes) all.common_prefixes.push_back(std::move(prefix));
    if (!parsed->truncated) co_return std::move(all);
    if (parsed->next_continuation_token.empty() ||
        parsed->next_continuation_token == options.continuation_token || page >= max_pages) {
      co_return make_error("storage.list_endless",
                           "storage.list_objects: the listing does not end (" + std::to_string(page) +
                               " pages, a token missing, repeated or over the limit)");
    }
    options.continuation_token = std::move(parsed->next_continuation_token);
  }
}

// (No default ListOptions argument: GCC 12 destroys a coroutine's defaulted
// class-type argument twice, GCC bug 100611; the overload makes it.)
inline Async<Result<ListPage>> list_objects(Context& context, std::string bucket) {
  return list_objects(context, std::move(bucket), ListOptions());
}
inline Async<Result<ListPage>> list_all_objects(Context& context, std::string bucket) {
  return list_all_objects(context, std::move(bucket), ListOptions());
}

}  // namespace ycfn::storage
