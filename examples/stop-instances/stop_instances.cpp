// The job of the platform's tutorial "a trigger that stops VM instances": any
// event (a timer trigger, an HTTP call) stops the folder's running instances,
// calling the Compute API with the function's IAM token.
//
// Environment:
//   FOLDER_ID            required: the folder whose instances are listed
//   STOP_LABEL           optional, key=value: only instances whose label `key` is `value`
//   YC_COMPUTE_ENDPOINT  optional base URL (default https://compute.api.cloud.yandex.net)
//
// It lists GET {endpoint}/compute/v1/instances?folderId=..., page after page
// (nextPageToken sent back as pageToken), then POSTs
// {endpoint}/compute/v1/instances/{id}:stop for every RUNNING instance that
// matches, kMaxStopsInFlight at a time. It answers 200 {"stopped": [ids],
// "failed": [{"id", "status"}]} once the listing succeeded (a stop that fails
// is listed, the others still happen); a listing that fails in any way answers
// an error and stops nothing.
#include <string>
#include <vector>

#include <ycfn/handler.hpp>
#include <ycfn/json.hpp>
#include <ycfn/paging.hpp>
#include <ycfn/url.hpp>

namespace {

namespace json = ycfn::json;

// A folder of 500 instances must not open 500 connections at once.
constexpr std::size_t kMaxStopsInFlight = 16;

ycfn::Async<ycfn::Response> stop_instances(const ycfn::Request&, ycfn::Context& context) {
  const std::string folder = context.env("FOLDER_ID", "");
  const std::string label = context.env("STOP_LABEL", "");
  const std::size_t eq = label.find('=');
  if (folder.empty()) co_return ycfn::Response::failure("config.missing", "set FOLDER_ID", 500);
  if (!label.empty() && (eq == std::string::npos || eq == 0))
    co_return ycfn::Response::failure("config.bad_label", "STOP_LABEL must be key=value", 500);
  const std::string api = ycfn::url::join(
      context.env("YC_COMPUTE_ENDPOINT", "https://compute.api.cloud.yandex.net"), "compute/v1/instances");

  auto listing = ycfn::HttpCall::get(api).query("folderId", folder).with_token();
  const auto instances = co_await ycfn::list_all(context, std::move(listing), "instances");
  if (!instances)
    co_return ycfn::call_failure("compute.list_failed", "listing the instances", instances.error());
  std::vector<std::string> ids;
  std::vector<ycfn::HttpCall> stops;
  for (const nlohmann::json& instance : *instances) {
    const auto id = json::get_string(instance, "id");
    const auto status = json::get_string(instance, "status");
    if (!id || !status)
      co_return ycfn::Response::failure("compute.list_failed", "an instance lacks id/status", 502);
    const nlohmann::json* labels = json::get_object(instance, "labels");
    const bool labelled = label.empty() || (labels && json::get_string(*labels, label.substr(0, eq)) ==
                                                          std::string_view(label).substr(eq + 1));
    if (*status != "RUNNING" || !labelled) continue;
    ids.emplace_back(*id);
    stops.push_back(
        ycfn::HttpCall::post(api + "/" + ycfn::url::encode_path_segment(*id) + ":stop", "{}").with_token());
  }

  const auto replies = co_await context.fetch_all(std::move(stops), kMaxStopsInFlight);
  nlohmann::json stopped = nlohmann::json::array();
  nlohmann::json failed = nlohmann::json::array();
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].success()) {
      stopped.push_back(ids[i]);
    } else {
      failed.push_back({{"id", ids[i]},
                        {"status", replies[i].ok() ? nlohmann::json(replies[i].status())
                                                   : nlohmann::json(replies[i].error().code)}});
    }
  }
  context.log().info("stopped " + std::to_string(stopped.size()) + ", failed " +
                     std::to_string(failed.size()));
  co_return ycfn::Response::json({{"stopped", stopped}, {"failed", failed}});
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(stop_instances)
