// parse_trigger_event() on the input parsed as JSON (parse_json_text, depth
// limit 64), whatever the classification would say; parse_trigger_event_as()
// for every kind; parse_event() for agreement (it only checks a trigger event,
// Request::trigger() decodes it: the same error, or the same messages);
// parse_timestamp() on the bytes.
// Invariants: one message per element of `messages`, `raw` is that element;
// with event_metadata the kind is trigger_kind(event_type), without it budget,
// mail or data_streams (by the members the shape rule looks at); exactly the
// typed details of the kind are set, with the fields as sent; created_at as
// sent when a string, the RFC 3339 of created_time when an object, and every
// time parse_timestamp() reads renders and reads back the same; insisting on
// a kind agrees with the plain parse; errors are event.malformed and name a
// field of the event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/request.hpp"
#include "ycfn/timestamp.hpp"
#include "ycfn/trigger_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Kind = ycfn::TriggerMessage::Kind;

constexpr Kind kKinds[] = {
    Kind::timer,   Kind::message_queue, Kind::object_storage, Kind::iot,  Kind::container_registry,
    Kind::logging, Kind::budget,        Kind::data_streams,   Kind::mail, Kind::other};

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The member `key` of `object`, or null.
const nlohmann::json& at(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The string member `key` of `object` as sent, or "" when absent or null.
std::string field(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = at(object, key);
  return value.is_string() ? value.get_ref<const std::string&>() : std::string();
}

void check_time(const ycfn::Timestamp& time) {
  YCFN_FUZZ_CHECK(time.nanos >= 0 && time.nanos <= 999999999, "nanos out of range");
  YCFN_FUZZ_CHECK(time.seconds >= ycfn::kMinTimestampSeconds && time.seconds <= ycfn::kMaxTimestampSeconds,
                  "a time outside years 0..9999");
  YCFN_FUZZ_CHECK(ycfn::parse_timestamp(time.rfc3339()) == time, "rfc3339() does not read back");
}

// `time` is parse_timestamp(text) (and a valid time when set).
void check_parsed(const std::optional<ycfn::Timestamp>& time, const std::string& text) {
  YCFN_FUZZ_CHECK(time == ycfn::parse_timestamp(text), "a time that is not parse_timestamp() of its text");
  if (time) check_time(*time);
}

int typed_count(const ycfn::TriggerMessage& m) {
  return int(m.timer() != nullptr) + int(m.message_queue() != nullptr) + int(m.object_storage() != nullptr) +
         int(m.iot() != nullptr) + int(m.container_registry() != nullptr) + int(m.logging() != nullptr) +
         int(m.budget() != nullptr) + int(m.mail() != nullptr);
}

void check_metadata(const ycfn::EventMetadata& metadata, const nlohmann::json& sent) {
  const nlohmann::json& id = at(sent, "event_id");
  YCFN_FUZZ_CHECK(metadata.event_id.has_value() == id.is_string(), "event_id present iff sent");
  if (metadata.event_id) YCFN_FUZZ_CHECK(*metadata.event_id == field(sent, "event_id"), "event_id differs");
  YCFN_FUZZ_CHECK(metadata.event_type == field(sent, "event_type"), "event_type differs");
  YCFN_FUZZ_CHECK(metadata.folder_id == field(sent, "folder_id"), "folder_id differs");
  const nlohmann::json& created = at(sent, "created_at");
  if (created.is_string()) {
    YCFN_FUZZ_CHECK(metadata.created_at == created.get_ref<const std::string&>(), "created_at differs");
    check_parsed(metadata.created_time, metadata.created_at);
  } else if (created.is_object()) {
    YCFN_FUZZ_CHECK(metadata.created_time.has_value(), "the object form gave no time");
    check_time(*metadata.created_time);
    YCFN_FUZZ_CHECK(metadata.created_at == metadata.created_time->rfc3339(),
                    "created_at is not the time's text");
  } else {
    YCFN_FUZZ_CHECK(metadata.created_at.empty() && !metadata.created_time, "created_at from nowhere");
  }
  if (metadata.tracing_context) (void)dump(*metadata.tracing_context);
}

void check_details(const ycfn::TriggerMessage& message) {
  const nlohmann::json& d = message.details();
  if (const auto* timer = message.timer()) {
    YCFN_FUZZ_CHECK(timer->trigger_id == field(d, "trigger_id"), "trigger_id differs");
    YCFN_FUZZ_CHECK(timer->payload == field(d, "payload"), "payload differs");
  }
  if (const auto* storage = message.object_storage()) {
    YCFN_FUZZ_CHECK(storage->bucket_id == field(d, "bucket_id"), "bucket_id differs");
    YCFN_FUZZ_CHECK(storage->object_id == field(d, "object_id"), "object_id differs");
  }
  if (const auto* queue = message.message_queue()) {
    const nlohmann::json& sent = at(d, "message");
    YCFN_FUZZ_CHECK(queue->queue_id == field(d, "queue_id"), "queue_id differs");
    YCFN_FUZZ_CHECK(queue->message.body == field(sent, "body"), "queue body differs");
    YCFN_FUZZ_CHECK(queue->message.message_id == field(sent, "message_id"), "message_id differs");
    const nlohmann::json& attributes = at(sent, "message_attributes");
    YCFN_FUZZ_CHECK(
        queue->message.message_attributes.size() == (attributes.is_object() ? attributes.size() : 0),
        "not one message attribute per member");
    for (const auto& [name, attribute] : queue->message.message_attributes) {
      const nlohmann::json& a = at(attributes, name);
      const char* key = at(a, "data_type").is_null() ? "dataType" : "data_type";
      YCFN_FUZZ_CHECK(attribute.data_type == field(a, key), "data_type differs");
    }
  }
  if (const auto* iot = message.iot()) {
    YCFN_FUZZ_CHECK(iot->mqtt_topic == field(d, "mqtt_topic") && iot->payload == field(d, "payload") &&
                        iot->broker_id == field(d, "broker_id") && iot->device_id == field(d, "device_id"),
                    "IoT fields differ");
  }
  if (const auto* cr = message.container_registry()) {
    YCFN_FUZZ_CHECK(cr->registry_id == field(d, "registry_id") && cr->tag == field(d, "tag"),
                    "Container Registry fields differ");
  }
  if (const auto* logging = message.logging()) {
    const nlohmann::json& entries = at(d, "messages");
    YCFN_FUZZ_CHECK(entries.is_array() && logging->entries.size() == entries.size(),
                    "not one entry per log line");
    for (std::size_t i = 0; i < logging->entries.size(); ++i) {
      const ycfn::LogEntry& entry = logging->entries[i];
      YCFN_FUZZ_CHECK(entry.timestamp == field(entries[i], "timestamp"), "entry timestamp differs");
      YCFN_FUZZ_CHECK(entry.resource_id == field(at(entries[i], "resource"), "id"), "entry resource differs");
      check_parsed(entry.time, entry.timestamp);
      (void)dump(entry.json_payload);
    }
  }
}

void check_flat(const ycfn::TriggerMessage& message, const nlohmann::json& sent) {
  YCFN_FUZZ_CHECK(
      message.kind == Kind::budget || message.kind == Kind::mail || message.kind == Kind::data_streams,
      "a message without metadata of a kind with metadata");
  if (const auto* budget = message.budget()) {
    YCFN_FUZZ_CHECK(sent.contains("budget_id") && sent.contains("billing_account_id"),
                    "a budget from nowhere");
    YCFN_FUZZ_CHECK(budget->budget_id == field(sent, "budget_id"), "budget_id differs");
    const nlohmann::json& amount = at(sent, "amount");
    YCFN_FUZZ_CHECK(budget->amount == (amount.is_number() ? amount.get<double>() : 0.0), "amount differs");
  }
  if (const auto* mail = message.mail()) {
    YCFN_FUZZ_CHECK(sent.contains("received_at") && sent.contains("headers"), "mail from nowhere");
    YCFN_FUZZ_CHECK(mail->headers.size() == at(sent, "headers").size(), "not one header per element");
    for (const ycfn::MailHeader& header : mail->headers) {
      YCFN_FUZZ_CHECK(mail->header(header.name) != nullptr, "a header header() cannot find");
    }
    check_parsed(mail->received_time, mail->received_at);
    if (mail->attachments) YCFN_FUZZ_CHECK(at(sent, "attachments").is_object(), "attachments from nowhere");
  }
  if (message.kind == Kind::data_streams) {
    YCFN_FUZZ_CHECK(message.data_streams_record() == &message.raw, "the record is not the message");
  }
}

void check_message(const ycfn::TriggerMessage& message, const nlohmann::json& sent) {
  YCFN_FUZZ_CHECK(sent.is_object(), "a message that is not an object was accepted");
  YCFN_FUZZ_CHECK(message.raw == sent, "raw is not the message as sent");
  YCFN_FUZZ_CHECK(message.details() == at(sent, "details"), "details() is not the details as sent");
  const bool typed_kind = message.kind != Kind::data_streams && message.kind != Kind::other;
  YCFN_FUZZ_CHECK(typed_count(message) == (typed_kind ? 1 : 0), "not exactly the kind's typed details");
  YCFN_FUZZ_CHECK((message.data_streams_record() != nullptr) == (message.kind == Kind::data_streams),
                  "data_streams_record() mismatch");
  const nlohmann::json& metadata = at(sent, "event_metadata");
  YCFN_FUZZ_CHECK(message.metadata.has_value() == metadata.is_object(), "metadata present iff sent");
  if (message.metadata) {
    YCFN_FUZZ_CHECK(message.kind == ycfn::trigger_kind(message.metadata->event_type),
                    "kind is not trigger_kind()");
    YCFN_FUZZ_CHECK(message.event_id().has_value() == message.metadata->event_id.has_value(), "event_id()");
    check_metadata(*message.metadata, metadata);
    check_details(message);
  } else {
    YCFN_FUZZ_CHECK(!message.event_id().has_value(), "an event id without metadata");
    check_flat(message, sent);
  }
}

void check_error(const ycfn::Error& error) {
  YCFN_FUZZ_CHECK(error.code == "event.malformed", "unexpected error code");
  YCFN_FUZZ_CHECK(error.message.rfind("event", 0) == 0, "the error does not name an event field");
}

// parse_trigger_event_as(event, kind) against the plain parse.
void check_insisting(const nlohmann::json& event, const ycfn::Result<ycfn::TriggerEvent>& plain, Kind kind) {
  const auto insisted = ycfn::parse_trigger_event_as(event, kind);
  if (!insisted) {
    check_error(insisted.error());
  } else {
    const nlohmann::json& sent = event["messages"];
    YCFN_FUZZ_CHECK(insisted->messages().size() == sent.size(), "insisting: not one message per element");
    for (std::size_t i = 0; i < sent.size(); ++i) {
      const ycfn::TriggerMessage& message = insisted->messages()[i];
      if (kind != Kind::other) YCFN_FUZZ_CHECK(message.kind == kind, "insisting gave another kind");
      YCFN_FUZZ_CHECK(message.raw == sent[i], "insisting: raw is not the message");
      const bool untyped = message.kind == Kind::data_streams || message.kind == Kind::other;
      YCFN_FUZZ_CHECK(typed_count(message) == (untyped ? 0 : 1),
                      "insisting: not exactly the kind's typed details");
    }
  }
  if (kind == Kind::other) {
    YCFN_FUZZ_CHECK(insisted.ok() == plain.ok(), "insisting on nothing is not the plain parse");
    return;
  }
  bool all_of_kind = plain.ok();
  if (plain.ok()) {
    for (const auto& message : plain->messages()) all_of_kind = all_of_kind && message.kind == kind;
  }
  // Whatever the plain parse reads as `kind`, insisting on it reads too.
  if (all_of_kind) YCFN_FUZZ_CHECK(insisted.ok(), "insisting refused what the plain parse read as that kind");
  // Kinds told by event_type: insisting accepts only what the plain parse reads as that kind.
  if (insisted.ok() && kind != Kind::budget && kind != Kind::mail && kind != Kind::data_streams) {
    YCFN_FUZZ_CHECK(all_of_kind, "insisting read what the plain parse refuses or reads as another kind");
  }
  if (kind == Kind::data_streams) {
    bool envelope = event.is_object() && event.contains("messages") && event["messages"].is_array();
    if (envelope) {
      for (const auto& m : event["messages"]) envelope = envelope && m.is_object();
    }
    YCFN_FUZZ_CHECK(insisted.ok() == envelope, "Data Streams refused an envelope of objects");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ycfn::trigger_kind(std::string(bytes));
  if (const auto time = ycfn::parse_timestamp(bytes)) check_time(*time);

  const auto parsed = ycfn::parse_json_text(bytes, "event.malformed", "event");
  if (!parsed.ok()) return 0;
  YCFN_FUZZ_CHECK(bytes.find('\0') == std::string_view::npos, "text with a raw NUL byte was taken for JSON");
  const nlohmann::json& event = parsed.value();
  if (event.is_string()) {
    if (const auto time = ycfn::parse_timestamp(event.get_ref<const std::string&>())) check_time(*time);
  }

  const auto trigger = ycfn::parse_trigger_event(event);
  if (trigger.ok()) {
    YCFN_FUZZ_CHECK(event.is_object() && event.contains("messages") && event["messages"].is_array(),
                    "a trigger event without a messages array");
    const nlohmann::json& sent = event["messages"];
    const auto& messages = trigger->messages();
    YCFN_FUZZ_CHECK(messages.size() == sent.size(), "not one message per element");
    for (std::size_t i = 0; i < messages.size(); ++i) check_message(messages[i], sent[i]);
  } else {
    check_error(trigger.error());
  }
  for (const Kind kind : kKinds) check_insisting(event, trigger, kind);

  // parse_event() classifies the same text the same way.
  const auto request = ycfn::parse_event(bytes);
  YCFN_FUZZ_CHECK(request.ok() || event.is_object() == false || event.contains("httpMethod") ||
                      event.contains("messages"),
                  "parse_event refused a plain object");
  if (event.is_object() && !event.contains("httpMethod") && event.contains("messages") &&
      !ycfn::is_websocket_event(event)) {
    // parse_event() only checks (trigger_check.cpp); trigger() decodes later.
    YCFN_FUZZ_CHECK(request.ok() == trigger.ok(), "parse_event and parse_trigger_event disagree");
    if (request.ok()) {
      YCFN_FUZZ_CHECK(request->kind() == ycfn::Request::Kind::trigger, "not classified a trigger");
      YCFN_FUZZ_CHECK(request->trigger() != nullptr &&
                          request->trigger()->messages().size() == trigger->messages().size(),
                      "trigger() decodes other messages than the parse");
      for (std::size_t i = 0; i < trigger->messages().size(); ++i) {
        YCFN_FUZZ_CHECK(request->trigger()->messages()[i].kind == trigger->messages()[i].kind,
                        "trigger() decodes another kind than the parse");
      }
    } else {
      YCFN_FUZZ_CHECK(request.error().message == trigger.error().message,
                      "parse_event and parse_trigger_event give different errors");
    }
  }
  return 0;
}
