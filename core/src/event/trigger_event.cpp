// The trigger event envelope: `messages`, each message's event_metadata, and
// which kind each message is (the details themselves: trigger_details.cpp,
// trigger_flat_messages.cpp).
#include "ycfn/trigger_event.hpp"

#include <utility>

#include "event_fields.hpp"
#include "trigger_check.hpp"
#include "trigger_readers.hpp"
#include "ycfn/json.hpp"

namespace ycfn {
namespace {

using event_fields::member;
using event_fields::wrong_type;
using trigger_readers::read_strings;
using Kind = TriggerMessage::Kind;

// Every event_type the toolkit knows, with the operation or source it means
// (the int of the kind's own enum; 0 where the kind has none).
struct KnownType {
  std::string_view event_type;
  Kind kind;
  int variant;
};

constexpr KnownType kKnownTypes[] = {
    {"yandex.cloud.events.serverless.triggers.TimerMessage", Kind::timer, 0},
    {"yandex.cloud.events.messagequeue.QueueMessage", Kind::message_queue, 0},
    // Exactly the documented operations: a future event of a known service with
    // other details must stay `other` rather than fail a required-field check.
    {"yandex.cloud.events.storage.ObjectCreate", Kind::object_storage,
     int(ObjectStorageDetails::Operation::object_create)},
    {"yandex.cloud.events.storage.ObjectUpdate", Kind::object_storage,
     int(ObjectStorageDetails::Operation::object_update)},
    {"yandex.cloud.events.storage.ObjectDelete", Kind::object_storage,
     int(ObjectStorageDetails::Operation::object_delete)},
    // Device and broker messages share the type; their details tell them apart.
    {"yandex.cloud.events.iot.IoTMessage", Kind::iot, 0},
    {"yandex.cloud.events.containerregistry.CreateImage", Kind::container_registry,
     int(ContainerRegistryDetails::Operation::create_image)},
    {"yandex.cloud.events.containerregistry.CreateImageTag", Kind::container_registry,
     int(ContainerRegistryDetails::Operation::create_image_tag)},
    {"yandex.cloud.events.containerregistry.DeleteImageTag", Kind::container_registry,
     int(ContainerRegistryDetails::Operation::delete_image_tag)},
    // In the documentation, missing from the function-types package.
    {"yandex.cloud.events.containerregistry.DeleteImage", Kind::container_registry,
     int(ContainerRegistryDetails::Operation::delete_image)},
    {"yandex.cloud.events.serverless.triggers.LoggingMessageBatch", Kind::logging,
     int(LoggingDetails::Source::cloud_logging)},
    {"yandex.cloud.events.serverless.triggers.CloudLogsMessageBatch", Kind::logging,
     int(LoggingDetails::Source::cloud_logs)},
};

const KnownType* known_type(std::string_view event_type) {
  for (const KnownType& known : kKnownTypes) {
    if (known.event_type == event_type) return &known;
  }
  return nullptr;
}

// created_at: an RFC 3339 string, or (Cloud Logging, Cloud Logs) a protobuf
// Timestamp object. Its `seconds` is an int64, which protobuf's JSON mapping
// writes as a string of digits: both are read.
std::optional<Error> read_created_at(const nlohmann::json& value, const std::string& path,
                                     EventMetadata& out) {
  if (value.is_string()) {
    out.created_at = value.get_ref<const std::string&>();
    out.created_time = parse_timestamp(out.created_at);
    return std::nullopt;
  }
  if (!value.is_object()) return wrong_type(path, "a string or an object {seconds, nanos}", value);
  Timestamp time;
  if (auto error = detail::read_timestamp_object(value, path, time)) return error;
  out.created_time = time;
  out.created_at = time.rfc3339();
  return std::nullopt;
}

// The message's event_metadata into `out`, left std::nullopt when it has none
// (absent or null).
std::optional<Error> read_metadata(const nlohmann::json& message, const std::string& path,
                                   std::optional<EventMetadata>& out) {
  const std::string mpath = path + ".event_metadata";
  auto object = event_fields::optional_object(message, "event_metadata", mpath);
  if (!object) return object.error();
  if (*object == nullptr) return std::nullopt;
  const nlohmann::json& m = **object;
  EventMetadata& metadata = out.emplace();
  if (const nlohmann::json* id = member(m, "event_id")) {
    if (!id->is_string()) return wrong_type(mpath + ".event_id", "a string", *id);
    metadata.event_id = id->get_ref<const std::string&>();
  }
  if (auto error = read_strings(m, mpath,
                                {{"event_type", &metadata.event_type},
                                 {"cloud_id", &metadata.cloud_id},
                                 {"folder_id", &metadata.folder_id}},
                                false)) {
    return error;
  }
  if (const nlohmann::json* created_at = member(m, "created_at")) {
    if (auto error = read_created_at(*created_at, mpath + ".created_at", metadata)) return error;
  }
  auto tracing = event_fields::optional_object(m, "tracing_context", mpath + ".tracing_context");
  if (!tracing) return tracing.error();
  if (*tracing != nullptr) metadata.tracing_context = **tracing;
  return std::nullopt;
}

// The typed details of a message whose event_type is `known`.
std::optional<Error> read_details(const KnownType& known, const std::string& path, TriggerMessage& out) {
  const std::string dpath = path + ".details";
  const nlohmann::json* details = member(out.raw, "details");
  if (details == nullptr) return event_fields::missing(dpath, "an object");
  if (!details->is_object()) return wrong_type(dpath, "an object", *details);
  const nlohmann::json& d = *details;
  switch (known.kind) {
    case Kind::timer:
      return trigger_readers::read_timer(d, dpath, out.typed.emplace<TimerDetails>());
    case Kind::message_queue:
      return trigger_readers::read_message_queue(d, dpath, out.typed.emplace<MessageQueueDetails>());
    case Kind::object_storage: {
      auto& storage = out.typed.emplace<ObjectStorageDetails>();
      storage.operation = static_cast<ObjectStorageDetails::Operation>(known.variant);
      return trigger_readers::read_object_storage(d, dpath, storage);
    }
    case Kind::iot:
      return trigger_readers::read_iot(d, dpath, out.typed.emplace<IotDetails>());
    case Kind::container_registry: {
      auto& registry = out.typed.emplace<ContainerRegistryDetails>();
      registry.operation = static_cast<ContainerRegistryDetails::Operation>(known.variant);
      return trigger_readers::read_container_registry(d, dpath, registry);
    }
    case Kind::logging: {
      auto& logging = out.typed.emplace<LoggingDetails>();
      logging.source = static_cast<LoggingDetails::Source>(known.variant);
      return trigger_readers::read_logging(d, dpath, logging);
    }
    case Kind::budget:
    case Kind::data_streams:
    case Kind::mail:
    case Kind::other:
      break;
  }
  return std::nullopt;
}

// A message without event_metadata read as `kind` (budget, mail or data_streams).
std::optional<Error> read_flat(Kind kind, const std::string& path, TriggerMessage& out) {
  out.kind = kind;
  if (kind == Kind::budget)
    return trigger_readers::read_budget(out.raw, path, out.typed.emplace<BudgetDetails>());
  if (kind == Kind::mail) return trigger_readers::read_mail(out.raw, path, out.typed.emplace<MailDetails>());
  return std::nullopt;
}

// A message without event_metadata, told by its shape: a budget or mail
// message only when it reads as one in full, so that a Data Streams record
// with some of those members is still a record.
void classify_flat(const std::string& path, TriggerMessage& out) {
  const nlohmann::json& m = out.raw;
  if (m.contains("budget_id") && m.contains("billing_account_id") && !read_flat(Kind::budget, path, out)) {
    return;
  }
  if (m.contains("received_at") && m.contains("headers") && !read_flat(Kind::mail, path, out)) return;
  out.typed = std::monostate();  // what a failed reading left
  out.kind = Kind::data_streams;
}

// One message into `out`; `insist` is the kind parse_trigger_event_as() asks
// for (`other`: none).
std::optional<Error> read_message(const nlohmann::json& message, const std::string& path, Kind insist,
                                  TriggerMessage& out) {
  if (!message.is_object()) return wrong_type(path, "an object", message);
  out.raw = message;
  if (insist == Kind::data_streams) {
    out.kind = Kind::data_streams;
    return std::nullopt;
  }
  if (insist == Kind::budget || insist == Kind::mail) return read_flat(insist, path, out);
  if (auto error = read_metadata(message, path, out.metadata)) return error;
  if (!out.metadata) {
    if (insist != Kind::other) return event_fields::missing(path + ".event_metadata", "an object");
    classify_flat(path, out);
    return std::nullopt;
  }
  const KnownType* known = known_type(out.metadata->event_type);
  if (insist != Kind::other && (known == nullptr || known->kind != insist)) {
    const std::string_view name = trigger_kind_name(insist);
    const bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
    return make_error("event.malformed", path + ".event_metadata.event_type must name " +
                                             (vowel ? "an " : "a ") + std::string(name) + " event (it is " +
                                             event_fields::quote_name(out.metadata->event_type) + ")");
  }
  if (known == nullptr) return std::nullopt;  // `other`, details untouched
  out.kind = known->kind;
  return read_details(*known, path, out);
}

Result<TriggerEvent> parse_messages(const nlohmann::json& event, Kind insist) {
  if (!event.is_object()) return event_fields::not_an_object(event);
  const auto it = event.find("messages");
  if (it == event.end()) return event_fields::missing("event.messages", "an array");
  if (!it->is_array()) return wrong_type("event.messages", "an array", *it);

  std::vector<TriggerMessage> messages(it->size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string path = "event.messages[" + std::to_string(i) + "]";
    if (auto error = read_message((*it)[i], path, insist, messages[i])) return *error;
  }
  return TriggerEvent(std::move(messages));
}

}  // namespace

std::optional<std::string_view> TriggerMessage::event_id() const {
  if (!metadata || !metadata->event_id) return std::nullopt;
  return std::string_view(*metadata->event_id);
}

const nlohmann::json& TriggerMessage::details() const {
  static const nlohmann::json kNull;
  const nlohmann::json* details = json::find(raw, "details");
  return details != nullptr ? *details : kNull;
}

TriggerMessage::Kind trigger_kind(const std::string& event_type) {
  const KnownType* known = known_type(event_type);
  return known != nullptr ? known->kind : Kind::other;
}

std::string_view trigger_kind_name(TriggerMessage::Kind kind) {
  switch (kind) {
    case Kind::timer:
      return "timer";
    case Kind::message_queue:
      return "message_queue";
    case Kind::object_storage:
      return "object_storage";
    case Kind::iot:
      return "iot";
    case Kind::container_registry:
      return "container_registry";
    case Kind::logging:
      return "logging";
    case Kind::budget:
      return "budget";
    case Kind::data_streams:
      return "data_streams";
    case Kind::mail:
      return "mail";
    case Kind::other:
      break;
  }
  return "other";
}

Result<TriggerEvent> parse_trigger_event(const nlohmann::json& event) {
  return parse_messages(event, Kind::other);
}

Result<TriggerEvent> parse_trigger_event_as(const nlohmann::json& event, TriggerMessage::Kind kind) {
  return parse_messages(event, kind);
}

}  // namespace ycfn
