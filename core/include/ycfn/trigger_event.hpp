// Trigger events: `{"messages": [{"event_metadata": {...}, "details": {...}}]}`,
// one shape for every trigger (timer, Message Queue, Object Storage, ...), with
// typed details for the kinds the toolkit knows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"

namespace ycfn {

// A message's `event_metadata`. Absent fields are empty.
struct EventMetadata {
  std::string event_id;
  std::string event_type;  // e.g. "yandex.cloud.events.serverless.triggers.TimerMessage"
  std::string created_at;  // RFC 3339, e.g. "2019-12-04T12:05:14.227761Z"
  std::string cloud_id;
  std::string folder_id;
  std::optional<nlohmann::json> tracing_context;  // {"trace_id", "span_id", "parent_span_id"}
};

// event_type yandex.cloud.events.serverless.triggers.TimerMessage
struct TimerDetails {
  std::string trigger_id;
  std::string payload;  // the trigger's configured payload; empty when absent
};

// The `message` of a Message Queue trigger event.
struct QueueMessage {
  std::string message_id;
  std::string md5_of_body;
  std::string body;
  std::map<std::string, std::string> attributes;                 // e.g. SentTimestamp
  nlohmann::json message_attributes = nlohmann::json::object();  // {"key": {"dataType", "stringValue"}}
  std::string md5_of_message_attributes;
};

// event_type yandex.cloud.events.messagequeue.QueueMessage
struct MessageQueueDetails {
  std::string queue_id;  // "yrn:yc:ymq:ru-central1:<folder>:<queue>"
  QueueMessage message;
};

// event_type yandex.cloud.events.storage.ObjectCreate / ObjectUpdate / ObjectDelete
struct ObjectStorageDetails {
  std::string bucket_id;
  std::string object_id;  // the object's key
};

struct TriggerMessage {
  enum class Kind { timer, message_queue, object_storage, other };

  EventMetadata metadata;
  Kind kind = Kind::other;
  // Exactly the one matching `kind` is set; none for `other`.
  std::optional<TimerDetails> timer;
  std::optional<MessageQueueDetails> message_queue;
  std::optional<ObjectStorageDetails> object_storage;
  // `details` as received, for every kind (null when absent).
  nlohmann::json details;
};

// The kind for an `event_type`; unknown types are `other`.
TriggerMessage::Kind trigger_kind(const std::string& event_type);

class TriggerEvent {
 public:
  TriggerEvent() = default;
  explicit TriggerEvent(std::vector<TriggerMessage> messages) : messages_(std::move(messages)) {}

  const std::vector<TriggerMessage>& messages() const { return messages_; }

 private:
  std::vector<TriggerMessage> messages_;
};

// Validates and parses a trigger event. `event.malformed` (naming the field,
// e.g. "event.messages[1].details.queue_id") when: the event is not an object,
// `messages` is missing or not an array, a message is not an object,
// `event_metadata` or a metadata field has the wrong type, or the details of a
// known kind are not an object or lack a required string field. Messages of an
// unknown event type are kept as `other` with their details untouched.
Result<TriggerEvent> parse_trigger_event(const nlohmann::json& event);

}  // namespace ycfn
