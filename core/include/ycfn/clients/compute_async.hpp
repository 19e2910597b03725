// Compute in one co_await each (C++20, header-only over compute.hpp):
//
//   auto instances = co_await ycfn::compute::list_all_instances(context, folder_id);
//   if (!instances) co_return ycfn::Response::from_error(instances.error(), 502);
//   for (const auto& vm : *instances)
//     if (vm.status == "RUNNING") auto op = co_await ycfn::compute::stop_instance(context, vm.id);
//
// Errors as the parsers' (compute.*, fetch.*), and for a listing that does
// not end (a page token repeated, or more than max_pages pages)
// compute.list_endless.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ycfn/async.hpp"
#include "ycfn/clients/compute.hpp"

namespace ycfn::compute {

// One page.
inline Async<Result<InstancePage>> list_instances(Context& context, std::string folder_id,
                                                  ListOptions options) {
  auto call = list_instances_call(context, folder_id, options);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_list_instances(reply);
}

// Every page, one after another (options.page_token is where it starts).
inline Async<Result<std::vector<Instance>>> list_all_instances(Context& context, std::string folder_id,
                                                               ListOptions options, int max_pages = 1000) {
  std::vector<Instance> all;
  for (int page = 1;; ++page) {
    auto call = list_instances_call(context, folder_id, options);
    if (!call) co_return call.error();
    const HttpReply reply = co_await context.fetch(std::move(call).value());
    auto parsed = parse_list_instances(reply);
    if (!parsed) co_return parsed.error();
    for (auto& instance : parsed->instances) all.push_back(std::move(instance));
    if (parsed->next_page_token.empty()) co_return std::move(all);
    if (parsed->next_page_token == options.page_token || page >= max_pages) {
      co_return make_error("compute.list_endless", "compute.list_instances: the listing does not end (" +
                                                       std::to_string(page) +
                                                       " pages, a token repeated or over the limit)");
    }
    options.page_token = std::move(parsed->next_page_token);
  }
}

inline Async<Result<Operation>> start_instance(Context& context, std::string instance_id) {
  auto call = start_instance_call(context, instance_id);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_start_instance(reply);
}

inline Async<Result<Operation>> stop_instance(Context& context, std::string instance_id) {
  auto call = stop_instance_call(context, instance_id);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_stop_instance(reply);
}

// (No default ListOptions argument: GCC 12 destroys a coroutine's defaulted
// class-type argument twice, GCC bug 100611; the overload makes it.)
inline Async<Result<InstancePage>> list_instances(Context& context, std::string folder_id) {
  return list_instances(context, std::move(folder_id), ListOptions());
}
inline Async<Result<std::vector<Instance>>> list_all_instances(Context& context, std::string folder_id) {
  return list_all_instances(context, std::move(folder_id), ListOptions());
}

}  // namespace ycfn::compute
