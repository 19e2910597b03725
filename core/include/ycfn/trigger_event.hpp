// Trigger events: `{"messages": [...]}`, one envelope for every trigger.
//
// Most messages are `{"event_metadata": {...}, "details": {...}}`, and
// event_metadata.event_type names the kind (timer, Message Queue, Object
// Storage, IoT Core, Container Registry, Cloud Logging / Cloud Logs). Billing
// budget, Data Streams and mail messages have no event_metadata: the message
// itself is the data, and its kind is told by its shape (below).
//
// Every kind is typed (the structs below); what they leave out stays reachable
// through TriggerMessage::raw (the message as received) and details(). Unknown
// fields are ignored everywhere; an unknown event_type is `other` and the
// handler still runs.
//
// Insisting on one kind. A message with event_metadata is told by its
// event_type, which the platform sets; one without (or with a null one) is told
// by its shape: a budget when it has `budget_id` and `billing_account_id` and
// reads as one, mail when it has `received_at` and `headers` and reads as mail,
// and Data Streams otherwise. A Data Streams record can look like anything, a budget or mail
// message included, so a function bound to one trigger should say which:
//
//   auto event = ycfn::parse_trigger_event_as(request.raw(), ycfn::TriggerMessage::Kind::data_streams);
//   if (!event) return ycfn::Response::from_error(event.error(), 400);
//   for (const auto& message : event->messages()) use(*message.data_streams_record());
//
// Limits of the shape rule: parse_event() (and so request.trigger()) refuses an
// event, before the handler runs, whose message is not an object or has an
// `event_metadata` member of the wrong type, or names a known event_type with
// details that do not fit. A Data Streams record with such a member never
// reaches the handler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"
#include "ycfn/timestamp.hpp"

namespace ycfn {

// A message's `event_metadata`.
struct EventMetadata {
  std::optional<std::string> event_id;  // std::nullopt when not sent
  std::string event_type;  // e.g. "yandex.cloud.events.serverless.triggers.TimerMessage"; "" when absent
  // As sent when a string ("2019-12-04T12:05:14.227761Z"); the protobuf object
  // form {"seconds", "nanos"} of Cloud Logging and Cloud Logs as RFC 3339
  // (Timestamp::rfc3339()). Empty when absent.
  std::string created_at;
  // created_at as a time: std::nullopt when absent, or a string parse_timestamp() cannot read.
  std::optional<Timestamp> created_time;
  std::string cloud_id;                           // "" when absent
  std::string folder_id;                          // "" when absent
  std::optional<nlohmann::json> tracing_context;  // {"trace_id", "span_id", "parent_span_id"}
};

// event_type yandex.cloud.events.serverless.triggers.TimerMessage
struct TimerDetails {
  std::string trigger_id;
  std::string payload;  // the trigger's configured payload (a newer field); "" when absent
};

// A Message Queue message attribute. The documentation has printed both
// spellings, `dataType`/`stringValue` and `data_type`/`string_value`: either is read.
struct QueueMessageAttribute {
  std::string data_type;     // e.g. "String", "Number"
  std::string string_value;  // "" when absent
};

// The `message` of a Message Queue trigger event.
struct QueueMessage {
  std::string message_id;
  std::string md5_of_body;
  std::string body;
  std::map<std::string, std::string> attributes;  // e.g. SentTimestamp: Unix epoch ms as a string
  std::map<std::string, QueueMessageAttribute> message_attributes;
  std::string md5_of_message_attributes;
};

// event_type yandex.cloud.events.messagequeue.QueueMessage
struct MessageQueueDetails {
  std::string queue_id;  // "yrn:yc:ymq:ru-central1:<folder>:<queue>"
  QueueMessage message;
};

// event_type yandex.cloud.events.storage.ObjectCreate / ObjectUpdate / ObjectDelete
struct ObjectStorageDetails {
  enum class Operation { object_create, object_update, object_delete };
  Operation operation = Operation::object_create;
  std::string bucket_id;
  std::string object_id;  // the object's key
};

// event_type yandex.cloud.events.iot.IoTMessage: a device's message (registry
// and device ids) or a broker's (broker id instead).
struct IotDetails {
  std::string registry_id;  // device messages; "" otherwise
  std::string device_id;    // device messages; "" otherwise
  std::string broker_id;    // broker messages; "" otherwise
  std::string mqtt_topic;
  // Base64 as sent ("VGVzdCA0" is "Test 4"); decode it with base64_decode(). Not
  // decoded here: the documentation's masked examples are not base64.
  std::string payload;

  bool from_broker() const { return !broker_id.empty(); }
};

// event_type yandex.cloud.events.containerregistry.CreateImage / CreateImageTag /
// DeleteImageTag / DeleteImage
struct ContainerRegistryDetails {
  enum class Operation { create_image, create_image_tag, delete_image_tag, delete_image };
  Operation operation = Operation::create_image;
  std::string registry_id;
  std::string repository_name;  // "<registry id>/<name>"
  std::string image_id;         // "" when absent
  std::string image_digest;     // "sha256:..."; "" when absent
  std::string tag;              // "" when absent
};

// One log entry of a Cloud Logging or Cloud Logs batch. Fields absent from an
// entry are empty (json_payload null).
struct LogEntry {
  std::string timestamp;  // as sent: "2021-09-02 18:29:17.118082213 +0000 UTC", "2020-09-08T11:05:10Z"
  std::optional<Timestamp> time;  // parse_timestamp(timestamp)
  std::string message;
  // Cloud Logging
  std::string resource_type;  // resource.type, e.g. "serverless.function"
  std::string resource_id;    // resource.id
  std::string level;          // "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"
  nlohmann::json json_payload;
  // Cloud Logs
  std::string log_group_id;
  std::string log_stream_name;
};

// event_type yandex.cloud.events.serverless.triggers.LoggingMessageBatch (Cloud
// Logging) or CloudLogsMessageBatch (the deprecated Cloud Logs): the entries of
// `details.messages`, in order.
struct LoggingDetails {
  enum class Source { cloud_logging, cloud_logs };
  Source source = Source::cloud_logging;
  std::vector<LogEntry> entries;
};

// A billing budget message (no event_metadata; the message holds the fields).
struct BudgetDetails {
  std::string billing_account_id;
  std::string budget_id;
  std::string budget_display_name;
  std::string currency;        // "RUB"
  std::string period;          // e.g. "2021"
  std::string threshold_type;  // "amount" or "percent"
  // Sent as JSON numbers, `90012` or `90012.00`; 0 when absent.
  double amount = 0;
  double budgeted_amount = 0;
  double threshold_amount = 0;
};

struct MailHeader {
  std::string name;
  std::vector<std::string> values;  // in order
};

// Where the mail trigger stored the attachments (Object Storage).
struct MailAttachments {
  std::string bucket_id;
  std::vector<std::string> keys;
};

// A mail message (no event_metadata; the message holds the fields).
struct MailDetails {
  std::string received_at;                 // as sent: "2022-09-15 14:42:23.983842092 +0000 UTC m=+260285.4"
  std::optional<Timestamp> received_time;  // parse_timestamp(received_at)
  std::vector<MailHeader> headers;         // in order
  std::string message;                     // the body; "" when absent
  std::optional<MailAttachments> attachments;

  // The values of the first header named `name` (ASCII case-insensitive), or nullptr.
  const std::vector<std::string>* header(std::string_view name) const;
};

struct TriggerMessage {
  enum class Kind {
    timer,
    message_queue,
    object_storage,
    iot,
    container_registry,
    logging,  // Cloud Logging and Cloud Logs
    budget,
    data_streams,
    mail,
    other,
  };

  Kind kind = Kind::other;
  // std::nullopt when the message has no event_metadata (budget, Data Streams, mail).
  std::optional<EventMetadata> metadata;
  // The message as received (an object).
  nlohmann::json raw;
  // The typed details matching `kind`; std::monostate for data_streams and other.
  std::variant<std::monostate, TimerDetails, MessageQueueDetails, ObjectStorageDetails, IotDetails,
               ContainerRegistryDetails, LoggingDetails, BudgetDetails, MailDetails>
      typed;

  // metadata->event_id, or std::nullopt (no metadata, or no event_id in it).
  std::optional<std::string_view> event_id() const;
  // raw["details"], null when absent.
  const nlohmann::json& details() const;

  // The typed details of each kind: nullptr unless `kind` is that kind.
  const TimerDetails* timer() const { return std::get_if<TimerDetails>(&typed); }
  const MessageQueueDetails* message_queue() const { return std::get_if<MessageQueueDetails>(&typed); }
  const ObjectStorageDetails* object_storage() const { return std::get_if<ObjectStorageDetails>(&typed); }
  const IotDetails* iot() const { return std::get_if<IotDetails>(&typed); }
  const ContainerRegistryDetails* container_registry() const {
    return std::get_if<ContainerRegistryDetails>(&typed);
  }
  const LoggingDetails* logging() const { return std::get_if<LoggingDetails>(&typed); }
  const BudgetDetails* budget() const { return std::get_if<BudgetDetails>(&typed); }
  const MailDetails* mail() const { return std::get_if<MailDetails>(&typed); }
  // A Data Streams message is the record written to the stream: raw itself.
  const nlohmann::json* data_streams_record() const { return kind == Kind::data_streams ? &raw : nullptr; }
};

// The kind for an `event_type`; unknown types are `other`. (Budget, Data
// Streams and mail messages have no event_type: never answered here.)
TriggerMessage::Kind trigger_kind(const std::string& event_type);

// "timer", "message_queue", "object_storage", "iot", "container_registry",
// "logging", "budget", "data_streams", "mail", "other".
std::string_view trigger_kind_name(TriggerMessage::Kind kind);

class TriggerEvent {
 public:
  TriggerEvent() = default;
  explicit TriggerEvent(std::vector<TriggerMessage> messages) : messages_(std::move(messages)) {}

  const std::vector<TriggerMessage>& messages() const { return messages_; }

 private:
  std::vector<TriggerMessage> messages_;
};

// Validates and parses a trigger event; each message's kind as described at the
// top. `event.malformed`, naming the field (e.g.
// "event.messages[1].details.queue_id"), when: the event is not an object,
// `messages` is missing or not an array, a message is not an object,
// `event_metadata` or a metadata field has the wrong type (created_at: a
// string or an object of integers `seconds`, years 0..9999, and `nanos`,
// 0..999,999,999), or the details of a known event_type are not an object,
// lack a required field (timer: trigger_id; Message Queue: queue_id,
// message.message_id, message.body; Object Storage: bucket_id, object_id; IoT
// Core: mqtt_topic; Container Registry: registry_id; logging:
// messages) or have a field of the wrong type. Messages of an unknown event_type
// are `other`, their details untouched.
Result<TriggerEvent> parse_trigger_event(const nlohmann::json& event);

// The same envelope checks, then every message read as `kind`, whatever its
// shape suggests:
//  - data_streams: every message is a record, whatever its members
//    (event_metadata included, which is then data);
//  - budget, mail: every message must read as one; `event.malformed` names the
//    field that does not (budget: billing_account_id and budget_id are required;
//    mail: received_at and headers);
//  - a kind with event_metadata: as parse_trigger_event(), and a message of
//    another event_type is `event.malformed` ("event.messages[0].event_metadata.event_type
//    must name a timer event (it is \"...\")");
//  - other: exactly parse_trigger_event().
Result<TriggerEvent> parse_trigger_event_as(const nlohmann::json& event, TriggerMessage::Kind kind);

}  // namespace ycfn
