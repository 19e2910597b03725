#include "ycfn/trigger_event.hpp"

#include <initializer_list>
#include <utility>

#include "event_fields.hpp"

namespace ycfn {
namespace {

using event_fields::member;
using event_fields::optional_object;
using event_fields::optional_string;
using event_fields::required_string;
using event_fields::wrong_type;

// Reads optional string fields of `object` into `targets`, stopping at the first error.
std::optional<Error> read_strings(const nlohmann::json& object, const std::string& path,
                                  std::initializer_list<std::pair<const char*, std::string*>> targets,
                                  bool required) {
  for (const auto& [key, target] : targets) {
    auto value = required ? required_string(object, key, path + "." + key)
                          : optional_string(object, key, path + "." + key);
    if (!value) return value.error();
    *target = std::move(value).value();
  }
  return std::nullopt;
}

std::optional<Error> read_metadata(const nlohmann::json& message, const std::string& path,
                                   EventMetadata& out) {
  auto metadata = optional_object(message, "event_metadata", path + ".event_metadata");
  if (!metadata) return metadata.error();
  if (*metadata == nullptr) return std::nullopt;  // kept as `other` with empty metadata
  const nlohmann::json& m = **metadata;
  const std::string mpath = path + ".event_metadata";
  if (auto error = read_strings(m, mpath,
                                {{"event_id", &out.event_id},
                                 {"event_type", &out.event_type},
                                 {"created_at", &out.created_at},
                                 {"cloud_id", &out.cloud_id},
                                 {"folder_id", &out.folder_id}},
                                false)) {
    return error;
  }
  auto tracing = optional_object(m, "tracing_context", mpath + ".tracing_context");
  if (!tracing) return tracing.error();
  if (*tracing != nullptr) out.tracing_context = **tracing;
  return std::nullopt;
}

Result<TimerDetails> read_timer(const nlohmann::json& details, const std::string& path) {
  TimerDetails timer;
  if (auto error = read_strings(details, path, {{"trigger_id", &timer.trigger_id}}, true)) return *error;
  if (auto error = read_strings(details, path, {{"payload", &timer.payload}}, false)) return *error;
  return timer;
}

Result<MessageQueueDetails> read_message_queue(const nlohmann::json& details, const std::string& path) {
  MessageQueueDetails out;
  if (auto error = read_strings(details, path, {{"queue_id", &out.queue_id}}, true)) return *error;
  const std::string mpath = path + ".message";
  const nlohmann::json* message = member(details, "message");
  if (message == nullptr) return event_fields::missing(mpath, "an object");
  if (!message->is_object()) return wrong_type(mpath, "an object", *message);

  QueueMessage& m = out.message;
  if (auto error = read_strings(*message, mpath, {{"message_id", &m.message_id}, {"body", &m.body}}, true)) {
    return *error;
  }
  if (auto error = read_strings(
          *message, mpath,
          {{"md5_of_body", &m.md5_of_body}, {"md5_of_message_attributes", &m.md5_of_message_attributes}},
          false)) {
    return *error;
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
  auto message_attributes = optional_object(*message, "message_attributes", mpath + ".message_attributes");
  if (!message_attributes) return message_attributes.error();
  if (*message_attributes != nullptr) m.message_attributes = **message_attributes;
  return out;
}

Result<ObjectStorageDetails> read_object_storage(const nlohmann::json& details, const std::string& path) {
  ObjectStorageDetails out;
  if (auto error =
          read_strings(details, path, {{"bucket_id", &out.bucket_id}, {"object_id", &out.object_id}}, true)) {
    return *error;
  }
  return out;
}

// Fills the typed details for a known kind. `details` must then be an object.
std::optional<Error> read_details(const nlohmann::json& message, const std::string& path,
                                  TriggerMessage& out) {
  const auto it = message.find("details");
  if (it != message.end()) out.details = *it;
  if (out.kind == TriggerMessage::Kind::other) return std::nullopt;

  const std::string dpath = path + ".details";
  const nlohmann::json* details = member(message, "details");
  if (details == nullptr) return event_fields::missing(dpath, "an object");
  if (!details->is_object()) return wrong_type(dpath, "an object", *details);
  switch (out.kind) {
    case TriggerMessage::Kind::timer: {
      auto timer = read_timer(*details, dpath);
      if (!timer) return timer.error();
      out.timer = std::move(timer).value();
      break;
    }
    case TriggerMessage::Kind::message_queue: {
      auto queue = read_message_queue(*details, dpath);
      if (!queue) return queue.error();
      out.message_queue = std::move(queue).value();
      break;
    }
    case TriggerMessage::Kind::object_storage: {
      auto storage = read_object_storage(*details, dpath);
      if (!storage) return storage.error();
      out.object_storage = std::move(storage).value();
      break;
    }
    case TriggerMessage::Kind::other:
      break;
  }
  return std::nullopt;
}

}  // namespace

TriggerMessage::Kind trigger_kind(const std::string& event_type) {
  if (event_type == "yandex.cloud.events.serverless.triggers.TimerMessage")
    return TriggerMessage::Kind::timer;
  if (event_type == "yandex.cloud.events.messagequeue.QueueMessage")
    return TriggerMessage::Kind::message_queue;
  // Exactly the three documented operations: a future storage event with other
  // details must stay `other` rather than fail a required-field check.
  if (event_type == "yandex.cloud.events.storage.ObjectCreate" ||
      event_type == "yandex.cloud.events.storage.ObjectUpdate" ||
      event_type == "yandex.cloud.events.storage.ObjectDelete") {
    return TriggerMessage::Kind::object_storage;
  }
  return TriggerMessage::Kind::other;
}

Result<TriggerEvent> parse_trigger_event(const nlohmann::json& event) {
  if (!event.is_object()) return event_fields::not_an_object(event);
  const auto it = event.find("messages");
  if (it == event.end()) return event_fields::missing("event.messages", "an array");
  if (!it->is_array()) return wrong_type("event.messages", "an array", *it);

  std::vector<TriggerMessage> messages;
  messages.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& message = (*it)[i];
    const std::string path = "event.messages[" + std::to_string(i) + "]";
    if (!message.is_object()) return wrong_type(path, "an object", message);
    TriggerMessage out;
    if (auto error = read_metadata(message, path, out.metadata)) return *error;
    out.kind = trigger_kind(out.metadata.event_type);
    if (auto error = read_details(message, path, out)) return *error;
    messages.push_back(std::move(out));
  }
  return TriggerEvent(std::move(messages));
}

}  // namespace ycfn
