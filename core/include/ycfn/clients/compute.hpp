// Compute instances: list a folder's (one page), start, stop, with the
// invocation's IAM token:
//
//   GET  {YC_COMPUTE_ENDPOINT}/compute/v1/instances?folderId=F[&pageSize=N][&pageToken=T][&filter=...]
//        -> {"instances": [...], "nextPageToken"?}   ({} for an empty folder)
//   POST {YC_COMPUTE_ENDPOINT}/compute/v1/instances/{id}:start | :stop
//        -> an Operation {"id", "description", "done", "metadata", ...}
//
// Each operation is a request builder and a reply parser (see lockbox.hpp for
// the pattern). Errors: compute.invalid_argument, fetch.*, compute.not_found,
// compute.denied, compute.conflict (409: e.g. stopping an instance that is
// not RUNNING), compute.throttled, compute.unavailable, compute.rejected,
// compute.bad_reply; the gRPC code and message of the error body in the
// message (docs/clients.md).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn::compute {

inline constexpr std::string_view kEndpointVariable = "YC_COMPUTE_ENDPOINT";
inline constexpr std::string_view kDefaultEndpoint = "https://compute.api.cloud.yandex.net";

struct ListOptions {
  std::string page_token;  // the previous page's next_page_token
  int page_size = 0;       // 1..1000; 0: the service's default
  std::string filter;      // e.g. name="vm-1"
};

struct Instance {
  std::string id;
  std::string folder_id;
  std::string name;
  std::string zone_id;
  std::string status;  // RUNNING, STOPPED, ...
  std::map<std::string, std::string> labels;
  nlohmann::json raw;  // the instance as the API answered it
};

struct InstancePage {
  std::vector<Instance> instances;
  std::string next_page_token;  // "" on the last page
};

struct Operation {
  std::string id;
  std::string description;
  bool done = false;
  nlohmann::json raw;
};

Result<HttpCall> list_instances_call(const Context& context, std::string_view folder_id,
                                     const ListOptions& options = {});
Result<InstancePage> parse_list_instances(const HttpReply& reply);

Result<HttpCall> start_instance_call(const Context& context, std::string_view instance_id);
Result<Operation> parse_start_instance(const HttpReply& reply);

Result<HttpCall> stop_instance_call(const Context& context, std::string_view instance_id);
Result<Operation> parse_stop_instance(const HttpReply& reply);

}  // namespace ycfn::compute
