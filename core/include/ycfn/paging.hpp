// Every item of a Yandex Cloud REST listing, in one co_await (C++20).
//
// The REST list methods of Yandex Cloud (Compute's instances, Functions,
// Resource Manager's folders, ...) page the same way: the request carries
// `pageToken`, the reply `nextPageToken` (absent, null or empty on the last
// page) and the page's items under one key. list_all follows the pages one
// after another:
//
//   auto call = ycfn::HttpCall::get(api).query("folderId", folder).with_token();
//   auto instances = co_await ycfn::list_all(context, std::move(call), "instances");
//   if (!instances) co_return ycfn::call_failure("compute.list_failed", "listing the instances",
//   instances.error()); for (const nlohmann::json& instance : *instances) ...
//
// Errors (the first one ends the listing): a page's request failed (its
// fetch.* error), a page answered another status than 2xx (`http.status`), a
// page that is not a JSON object, whose items are not an array or whose
// nextPageToken is not a string (`list.bad_page`), and a listing that does
// not end: the same token twice, or more than `max_pages` pages
// (`list.endless`). Items are returned as they are; their shape is the
// caller's to check.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/async.hpp"
#include "ycfn/json.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

inline Async<Result<std::vector<nlohmann::json>>> list_all(Context& context, HttpCall first_page,
                                                           std::string items_key, int max_pages = 1000) {
  std::vector<nlohmann::json> items;
  std::string token;
  for (int page = 1;; ++page) {
    HttpCall call = first_page;
    if (!token.empty()) call.query("pageToken", token);
    const HttpReply reply = co_await context.fetch(std::move(call));
    if (!reply.success()) co_return reply.as_error();
    auto parsed = reply.json();
    if (!parsed || !parsed->is_object()) {
      co_return make_error("list.bad_page", "page " + std::to_string(page) + " is not a JSON object");
    }
    nlohmann::json& body = parsed.value();
    if (const nlohmann::json* found = json::find(body, items_key)) {
      if (!found->is_array()) {
        co_return make_error("list.bad_page",
                             "`" + items_key + "` of page " + std::to_string(page) + " is not an array");
      }
      for (auto& item : body[items_key]) items.push_back(std::move(item));
    }
    const nlohmann::json* next = json::find(body, "nextPageToken");
    if (next != nullptr && !next->is_null() && !next->is_string()) {
      co_return make_error("list.bad_page",
                           "`nextPageToken` of page " + std::to_string(page) + " is not a string");
    }
    std::string next_token = next != nullptr && next->is_string() ? std::string(*json::as_string(*next)) : "";
    if (next_token.empty()) co_return std::move(items);
    if (next_token == token || page >= max_pages) {
      co_return make_error("list.endless", "the listing does not end (" + std::to_string(page) +
                                               " pages, a token repeated or "
                                               "over the limit)");
    }
    token = std::move(next_token);
  }
}

}  // namespace ycfn
