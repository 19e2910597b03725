#include "ycfn/clients/compute.hpp"

#include <utility>

#include "ycfn/detail/client.hpp"
#include "ycfn/json.hpp"
#include "ycfn/retry.hpp"

namespace ycfn::compute {

namespace {

constexpr client::Operation kList{"compute", "list_instances"};
constexpr client::Operation kStart{"compute", "start_instance"};
constexpr client::Operation kStop{"compute", "stop_instance"};
constexpr int kMaxPageSize = 1000;

bool is_resource_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

std::string string_field(const nlohmann::json& object, std::string_view key) {
  auto value = json::get_string(object, key);
  return value ? std::string(*value) : std::string();
}

Result<Instance> instance_from(const nlohmann::json& item, std::size_t index) {
  const std::string where = "instances[" + std::to_string(index) + "]";
  if (!item.is_object()) return client::bad_reply(kList, where + " is not an object");
  Instance out;
  out.id = string_field(item, "id");
  if (out.id.empty()) return client::bad_reply(kList, where + " has no string id");
  out.folder_id = string_field(item, "folderId");
  out.name = string_field(item, "name");
  out.zone_id = string_field(item, "zoneId");
  out.status = string_field(item, "status");
  if (const auto* labels = json::find(item, "labels")) {
    if (!labels->is_object()) return client::bad_reply(kList, where + ".labels is not an object");
    for (auto it = labels->begin(); it != labels->end(); ++it) {
      auto value = json::as_string(it.value());
      if (!value) return client::bad_reply(kList, where + ".labels has a value that is not a string");
      out.labels.emplace(it.key(), std::string(*value));
    }
  }
  out.raw = item;
  return out;
}

Result<HttpCall> instance_action(const Context& context, std::string_view instance_id,
                                 std::string_view action, client::Operation op) {
  if (!is_resource_id(instance_id)) {
    return client::invalid_argument(op, "the instance id must be 1..64 letters, digits, - _");
  }
  return HttpCall::post(client::endpoint(context, kEndpointVariable, kDefaultEndpoint) +
                            "/compute/v1/instances/" + std::string(instance_id) + ":" + std::string(action),
                        "{}")
      .with_token();
}

Result<Operation> parse_operation(const HttpReply& reply, client::Operation op) {
  if (!reply.success()) return client::reply_error(reply, op, client::read_grpc_error);
  auto body = client::json_body(reply, op);
  if (!body) return body.error();
  Operation out;
  out.id = string_field(*body, "id");
  if (out.id.empty()) return client::bad_reply(op, "the Operation has no string id");
  out.description = string_field(*body, "description");
  if (const auto* done = json::find(*body, "done")) {
    auto value = json::as_bool(*done);
    if (!value) return client::bad_reply(op, "the Operation's done is not true or false");
    out.done = *value;
  }
  out.raw = std::move(body).value();
  return out;
}

}  // namespace

Result<HttpCall> list_instances_call(const Context& context, std::string_view folder_id,
                                     const ListOptions& options) {
  if (!is_resource_id(folder_id)) {
    return client::invalid_argument(kList, "the folder id must be 1..64 letters, digits, - _");
  }
  if (options.page_size < 0 || options.page_size > kMaxPageSize) {
    return client::invalid_argument(kList, "page_size must be 0..1000 (0: the service's default)");
  }
  std::string url = client::endpoint(context, kEndpointVariable, kDefaultEndpoint) +
                    "/compute/v1/instances?folderId=" + std::string(folder_id);
  if (options.page_size > 0) url += "&pageSize=" + std::to_string(options.page_size);
  if (!options.page_token.empty()) url += "&pageToken=" + client::percent_encode(options.page_token);
  if (!options.filter.empty()) url += "&filter=" + client::percent_encode(options.filter);
  return HttpCall::get(std::move(url)).with_token().retry(retry_transient);
}

Result<InstancePage> parse_list_instances(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kList, client::read_grpc_error);
  auto body = client::json_body(reply, kList);
  if (!body) return body.error();
  InstancePage page;
  if (const auto* next = json::find(*body, "nextPageToken")) {
    auto token = json::as_string(*next);
    if (!token) return client::bad_reply(kList, "nextPageToken is not a string");
    page.next_page_token = std::string(*token);
  }
  // The protobuf JSON mapping leaves out an empty list: {} is an empty folder.
  const auto* instances = json::find(*body, "instances");
  if (instances == nullptr) return page;
  if (!instances->is_array()) return client::bad_reply(kList, "instances is not an array");
  for (std::size_t i = 0; i < instances->size(); ++i) {
    auto instance = instance_from((*instances)[i], i);
    if (!instance) return instance.error();
    page.instances.push_back(std::move(instance).value());
  }
  return page;
}

Result<HttpCall> start_instance_call(const Context& context, std::string_view instance_id) {
  return instance_action(context, instance_id, "start", kStart);
}

Result<Operation> parse_start_instance(const HttpReply& reply) { return parse_operation(reply, kStart); }

Result<HttpCall> stop_instance_call(const Context& context, std::string_view instance_id) {
  return instance_action(context, instance_id, "stop", kStop);
}

Result<Operation> parse_stop_instance(const HttpReply& reply) { return parse_operation(reply, kStop); }

}  // namespace ycfn::compute
