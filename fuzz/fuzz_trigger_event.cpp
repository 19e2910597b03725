// parse_trigger_event() on the input parsed as JSON (parse_json_text, depth
// limit 64), whatever the classification would say, plus parse_event() for
// agreement. Invariants: one message per element of `messages`; each
// message's kind is trigger_kind(event_type) and exactly the matching typed
// details are set, with the fields as sent; `details` is kept as received;
// errors are event.malformed and name a field of the event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/request.hpp"
#include "ycfn/trigger_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Kind = ycfn::TriggerMessage::Kind;

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The string member `key` of `object` as sent, or "" when absent or null.
std::string field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

void check_message(const ycfn::TriggerMessage& message, const nlohmann::json& sent) {
  YCFN_FUZZ_CHECK(sent.is_object(), "a message that is not an object was accepted");
  YCFN_FUZZ_CHECK(message.kind == ycfn::trigger_kind(message.metadata.event_type),
                  "kind is not trigger_kind()");
  const int typed = int(message.timer.has_value()) + int(message.message_queue.has_value()) +
                    int(message.object_storage.has_value());
  YCFN_FUZZ_CHECK(typed == (message.kind == Kind::other ? 0 : 1), "not exactly one typed details");
  YCFN_FUZZ_CHECK(message.timer.has_value() == (message.kind == Kind::timer), "timer details mismatch");
  YCFN_FUZZ_CHECK(message.message_queue.has_value() == (message.kind == Kind::message_queue),
                  "message queue details mismatch");
  YCFN_FUZZ_CHECK(message.object_storage.has_value() == (message.kind == Kind::object_storage),
                  "object storage details mismatch");

  const auto details = sent.find("details");
  YCFN_FUZZ_CHECK(message.details == (details == sent.end() ? nlohmann::json() : *details),
                  "details not kept as received");
  const auto metadata = sent.find("event_metadata");
  if (metadata != sent.end() && metadata->is_object()) {
    YCFN_FUZZ_CHECK(message.metadata.event_type == field(*metadata, "event_type"), "event_type differs");
    YCFN_FUZZ_CHECK(message.metadata.event_id == field(*metadata, "event_id"), "event_id differs");
    YCFN_FUZZ_CHECK(message.metadata.folder_id == field(*metadata, "folder_id"), "folder_id differs");
  } else {
    YCFN_FUZZ_CHECK(message.metadata.event_type.empty() && message.kind == Kind::other,
                    "metadata from nowhere");
  }
  if (message.timer) {
    YCFN_FUZZ_CHECK(message.timer->trigger_id == field(*details, "trigger_id"), "trigger_id differs");
    YCFN_FUZZ_CHECK(message.timer->payload == field(*details, "payload"), "payload differs");
  }
  if (message.object_storage) {
    YCFN_FUZZ_CHECK(message.object_storage->bucket_id == field(*details, "bucket_id"), "bucket_id differs");
    YCFN_FUZZ_CHECK(message.object_storage->object_id == field(*details, "object_id"), "object_id differs");
  }
  if (message.message_queue) {
    const ycfn::QueueMessage& queued = message.message_queue->message;
    YCFN_FUZZ_CHECK(message.message_queue->queue_id == field(*details, "queue_id"), "queue_id differs");
    const nlohmann::json& sent_message = (*details)["message"];
    YCFN_FUZZ_CHECK(queued.body == field(sent_message, "body"), "queue body differs");
    YCFN_FUZZ_CHECK(queued.message_id == field(sent_message, "message_id"), "message_id differs");
    for (const auto& [name, value] : queued.attributes) (void)(name.size() + value.size());
    (void)dump(queued.message_attributes);
  }
  if (message.metadata.tracing_context) (void)dump(*message.metadata.tracing_context);
  (void)dump(message.details);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ycfn::trigger_kind(std::string(bytes));

  const auto parsed = ycfn::parse_json_text(bytes, "event.malformed", "event");
  if (!parsed.ok()) return 0;
  YCFN_FUZZ_CHECK(bytes.find('\0') == std::string_view::npos, "text with a raw NUL byte was taken for JSON");
  const nlohmann::json& event = parsed.value();

  const auto trigger = ycfn::parse_trigger_event(event);
  if (trigger.ok()) {
    YCFN_FUZZ_CHECK(event.is_object() && event.contains("messages") && event["messages"].is_array(),
                    "a trigger event without a messages array");
    const nlohmann::json& sent = event["messages"];
    const auto& messages = trigger->messages();
    YCFN_FUZZ_CHECK(messages.size() == sent.size(), "not one message per element");
    for (std::size_t i = 0; i < messages.size(); ++i) check_message(messages[i], sent[i]);
  } else {
    YCFN_FUZZ_CHECK(trigger.error().code == "event.malformed", "unexpected error code");
    YCFN_FUZZ_CHECK(trigger.error().message.rfind("event", 0) == 0, "the error does not name an event field");
  }

  // parse_event() classifies the same text the same way.
  const auto request = ycfn::parse_event(bytes);
  YCFN_FUZZ_CHECK(request.ok() || event.is_object() == false || event.contains("httpMethod") ||
                      event.contains("messages"),
                  "parse_event refused a plain object");
  if (event.is_object() && !event.contains("httpMethod") && event.contains("messages")) {
    YCFN_FUZZ_CHECK(request.ok() == trigger.ok(), "parse_event and parse_trigger_event disagree");
    if (request.ok())
      YCFN_FUZZ_CHECK(request->kind() == ycfn::Request::Kind::trigger, "not classified a trigger");
  }
  return 0;
}
