// The details of the trigger kinds that come with event_metadata.
#include <utility>

#include "event_fields.hpp"
#include "trigger_readers.hpp"

namespace ycfn::trigger_readers {
namespace {

using event_fields::member;
using event_fields::optional_object;
using event_fields::wrong_type;

// The two spellings of a message attribute's fields the documentation has
// printed: snake_case (today's pages) first, then camelCase (older pages and
// the function-types package).
std::optional<Error> attribute_field(const nlohmann::json& attribute, const char* snake, const char* camel,
                                     const std::string& path, std::string& out) {
  const char* key = member(attribute, snake) != nullptr ? snake : camel;
  return read_strings(attribute, path, {{key, &out}}, false);
}

std::optional<Error> read_message_attributes(const nlohmann::json& message, const std::string& mpath,
                                             QueueMessage& out) {
  const std::string path = mpath + ".message_attributes";
  auto attributes = optional_object(message, "message_attributes", path);
  if (!attributes) return attributes.error();
  if (*attributes == nullptr) return std::nullopt;
  for (const auto& [name, value] : (*attributes)->items()) {
    const std::string apath = path + "[" + event_fields::quote_name(name) + "]";
    if (!value.is_object()) return wrong_type(apath, "an object", value);
    QueueMessageAttribute& attribute = out.message_attributes[name];
    if (auto error = attribute_field(value, "data_type", "dataType", apath, attribute.data_type))
      return error;
    if (auto error = attribute_field(value, "string_value", "stringValue", apath, attribute.string_value)) {
      return error;
    }
  }
  return std::nullopt;
}

std::optional<Error> read_log_entry(const nlohmann::json& entry, const std::string& path, LogEntry& out) {
  if (!entry.is_object()) return wrong_type(path, "an object", entry);
  if (auto error = read_strings(entry, path,
                                {{"timestamp", &out.timestamp},
                                 {"message", &out.message},
                                 {"level", &out.level},
                                 {"log_group_id", &out.log_group_id},
                                 {"log_stream_name", &out.log_stream_name}},
                                false)) {
    return error;
  }
  out.time = parse_timestamp(out.timestamp);
  auto resource = optional_object(entry, "resource", path + ".resource");
  if (!resource) return resource.error();
  if (*resource != nullptr) {
    if (auto error = read_strings(**resource, path + ".resource",
                                  {{"type", &out.resource_type}, {"id", &out.resource_id}}, false)) {
      return error;
    }
  }
  if (const nlohmann::json* payload = member(entry, "json_payload")) out.json_payload = *payload;
  return std::nullopt;
}

}  // namespace

std::optional<Error> read_strings(const nlohmann::json& object, const std::string& path,
                                  std::initializer_list<std::pair<const char*, std::string*>> targets,
                                  bool required) {
  for (const auto& [key, target] : targets) {
    auto value = required ? event_fields::required_string(object, key, path + "." + key)
                          : event_fields::optional_string(object, key, path + "." + key);
    if (!value) return value.error();
    *target = std::move(value).value();
  }
  return std::nullopt;
}

std::optional<Error> read_timer(const nlohmann::json& details, const std::string& path, TimerDetails& out) {
  if (auto error = read_strings(details, path, {{"trigger_id", &out.trigger_id}}, true)) return error;
  return read_strings(details, path, {{"payload", &out.payload}}, false);
}

std::optional<Error> read_message_queue(const nlohmann::json& details, const std::string& path,
                                        MessageQueueDetails& out) {
  if (auto error = read_strings(details, path, {{"queue_id", &out.queue_id}}, true)) return error;
  const std::string mpath = path + ".message";
  const nlohmann::json* message = member(details, "message");
  if (message == nullptr) return event_fields::missing(mpath, "an object");
  if (!message->is_object()) return wrong_type(mpath, "an object", *message);

  QueueMessage& m = out.message;
  if (auto error = read_strings(*message, mpath, {{"message_id", &m.message_id}, {"body", &m.body}}, true)) {
    return error;
  }
  if (auto error = read_strings(
          *message, mpath,
          {{"md5_of_body", &m.md5_of_body}, {"md5_of_message_attributes", &m.md5_of_message_attributes}},
          false)) {
    return error;
  }
  auto attributes = optional_object(*message, "attributes", mpath + ".attributes");
  if (!attributes) return attributes.error();
  if (*attributes != nullptr) {
    for (const auto& [name, value] : (*attributes)->items()) {
      if (!value.is_string()) {
        return make_error("event.malformed", mpath + ".attributes must be an object of strings (" +
                                                 event_fields::quote_name(name) + " is not a string)");
      }
      m.attributes[name] = value.get_ref<const std::string&>();
    }
  }
  return read_message_attributes(*message, mpath, m);
}

std::optional<Error> read_object_storage(const nlohmann::json& details, const std::string& path,
                                         ObjectStorageDetails& out) {
  return read_strings(details, path, {{"bucket_id", &out.bucket_id}, {"object_id", &out.object_id}}, true);
}

std::optional<Error> read_iot(const nlohmann::json& details, const std::string& path, IotDetails& out) {
  if (auto error = read_strings(details, path, {{"mqtt_topic", &out.mqtt_topic}}, true)) return error;
  return read_strings(details, path,
                      {{"registry_id", &out.registry_id},
                       {"device_id", &out.device_id},
                       {"broker_id", &out.broker_id},
                       {"payload", &out.payload}},
                      false);
}

std::optional<Error> read_container_registry(const nlohmann::json& details, const std::string& path,
                                             ContainerRegistryDetails& out) {
  if (auto error = read_strings(details, path, {{"registry_id", &out.registry_id}}, true)) return error;
  return read_strings(details, path,
                      {{"repository_name", &out.repository_name},
                       {"image_id", &out.image_id},
                       {"image_digest", &out.image_digest},
                       {"tag", &out.tag}},
                      false);
}

std::optional<Error> read_logging(const nlohmann::json& details, const std::string& path,
                                  LoggingDetails& out) {
  const std::string epath = path + ".messages";
  const nlohmann::json* entries = member(details, "messages");
  if (entries == nullptr) return event_fields::missing(epath, "an array");
  if (!entries->is_array()) return wrong_type(epath, "an array", *entries);
  out.entries.resize(entries->size());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    if (auto error = read_log_entry((*entries)[i], epath + "[" + std::to_string(i) + "]", out.entries[i])) {
      return error;
    }
  }
  return std::nullopt;
}

}  // namespace ycfn::trigger_readers
