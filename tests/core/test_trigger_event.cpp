#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "fixtures.hpp"
#include "ycfn/trigger_event.hpp"

using nlohmann::json;
using ycfn::parse_trigger_event;
using ycfn::TriggerEvent;
using Kind = ycfn::TriggerMessage::Kind;

namespace {

json load(const std::string& fixture) {
  json event = json::parse(ycfn_test::fixture(fixture), nullptr, false);
  REQUIRE_FALSE(event.is_discarded());
  return event;
}

TriggerEvent parse_ok(const json& event) {
  auto parsed = parse_trigger_event(event);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  return parsed.value();
}

std::string malformed_message(const json& event) {
  auto parsed = parse_trigger_event(event);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "event.malformed");
  return parsed.error().message;
}

// One message of `event_type` with `details`.
json one_message(const std::string& event_type, const json& details) {
  return {{"messages",
           {{{"event_metadata",
              {{"event_id", "e1"}, {"event_type", event_type}, {"created_at", "2024-01-01T00:00:00Z"}}},
             {"details", details}}}}};
}

const char* const kTimer = "yandex.cloud.events.serverless.triggers.TimerMessage";
const char* const kQueue = "yandex.cloud.events.messagequeue.QueueMessage";
const char* const kObjectCreate = "yandex.cloud.events.storage.ObjectCreate";

}  // namespace

TEST_CASE("trigger: the docs' timer message", "[trigger_event]") {
  const TriggerEvent event = parse_ok(load("docs/timer-docs.json"));
  REQUIRE(event.messages().size() == 1);
  const auto& message = event.messages()[0];
  CHECK(message.kind == Kind::timer);
  CHECK(message.metadata.event_id == "a1s41g2n5g0o********");
  CHECK(message.metadata.event_type == kTimer);
  CHECK(message.metadata.created_at == "2019-12-04T12:05:14.227761Z");
  CHECK(message.metadata.cloud_id == "b1gvlrnlei4l********");
  CHECK(message.metadata.folder_id == "b1g88tflru0e********");
  CHECK_FALSE(message.metadata.tracing_context.has_value());
  REQUIRE(message.timer.has_value());
  CHECK(message.timer->trigger_id == "a1sfe084v4se********");
  CHECK(message.timer->payload == "payload-message");
  CHECK_FALSE(message.message_queue.has_value());
  CHECK_FALSE(message.object_storage.has_value());
  CHECK(message.details["trigger_id"] == "a1sfe084v4se********");
}

TEST_CASE("trigger: the docs' Message Queue batch of two messages", "[trigger_event]") {
  const TriggerEvent event = parse_ok(load("docs/message-queue-docs.json"));
  REQUIRE(event.messages().size() == 2);
  const char* const ids[] = {"cce76685-5828-4304-a83d-95643c0507a0", "1f32fd25-11fc-4c08-88e7-d871d6ffb91d"};
  const char* const sent[] = {"1569285804456", "1569285806456"};
  for (std::size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    const auto& message = event.messages()[i];
    CHECK(message.kind == Kind::message_queue);
    CHECK(message.metadata.event_id == ids[i]);
    CHECK(message.metadata.cloud_id.empty());  // this sample has no cloud_id/folder_id
    CHECK(message.metadata.folder_id.empty());
    REQUIRE(message.message_queue.has_value());
    const auto& queue = *message.message_queue;
    CHECK(queue.queue_id == "yrn:yc:ymq:ru-central1:21i6v06sqmsaoeon7nus:event-queue");
    CHECK(queue.message.message_id == ids[i]);
    CHECK(queue.message.md5_of_body == "d29343907090dff4cec4a9a0efb80d20");
    CHECK(queue.message.body == "message body");
    CHECK(queue.message.attributes.size() == 1);
    const auto sent_timestamp = queue.message.attributes.find("SentTimestamp");
    REQUIRE(sent_timestamp != queue.message.attributes.end());
    CHECK(sent_timestamp->second == sent[i]);
    CHECK(queue.message.message_attributes["messageAttributeKey"]["stringValue"] == "value");
    CHECK(queue.message.md5_of_message_attributes == "83eb2d0afefb150c1ffe69f66c3de068");
  }
}

TEST_CASE("trigger: the docs' Object Storage delete with a tracing context", "[trigger_event]") {
  const TriggerEvent event = parse_ok(load("docs/object-storage-delete-docs.json"));
  REQUIRE(event.messages().size() == 1);
  const auto& message = event.messages()[0];
  CHECK(message.kind == Kind::object_storage);
  CHECK(message.metadata.event_type == "yandex.cloud.events.storage.ObjectDelete");
  CHECK(message.metadata.cloud_id == "b1gvlrnlei4l5idm9cbj");
  CHECK(message.metadata.folder_id == "b1g88tflru0ek1omtsu0");
  REQUIRE(message.metadata.tracing_context.has_value());
  CHECK(*message.metadata.tracing_context ==
        json({{"trace_id", "dd52ace79c62892f"}, {"span_id", ""}, {"parent_span_id", ""}}));
  REQUIRE(message.object_storage.has_value());
  CHECK(message.object_storage->bucket_id == "s3-for-trigger");
  CHECK(message.object_storage->object_id == "dev/0_15a775_972dbde4_orig12.jpg");
}

TEST_CASE("trigger: event types select the kind", "[trigger_event]") {
  CHECK(ycfn::trigger_kind(kTimer) == Kind::timer);
  CHECK(ycfn::trigger_kind(kQueue) == Kind::message_queue);
  CHECK(ycfn::trigger_kind("yandex.cloud.events.storage.ObjectCreate") == Kind::object_storage);
  CHECK(ycfn::trigger_kind("yandex.cloud.events.storage.ObjectUpdate") == Kind::object_storage);
  CHECK(ycfn::trigger_kind("yandex.cloud.events.storage.ObjectDelete") == Kind::object_storage);
  CHECK(ycfn::trigger_kind("yandex.cloud.events.storage.ObjectSomethingNew") == Kind::other);
  CHECK(ycfn::trigger_kind("yandex.cloud.events.iot.IoTMessage") == Kind::other);
  CHECK(ycfn::trigger_kind("") == Kind::other);
  CHECK(ycfn::trigger_kind("Yandex.Cloud.Events.Serverless.Triggers.TimerMessage") == Kind::other);
}

TEST_CASE("trigger: an unknown event type is kept as other with its details", "[trigger_event]") {
  const json details = {{"registry_id", "are1"}, {"payload", "aGk="}, {"n", {1, 2}}};
  const TriggerEvent event = parse_ok(one_message("yandex.cloud.events.iot.IoTMessage", details));
  REQUIRE(event.messages().size() == 1);
  const auto& message = event.messages()[0];
  CHECK(message.kind == Kind::other);
  CHECK(message.details == details);
  CHECK_FALSE(message.timer.has_value());
  CHECK_FALSE(message.message_queue.has_value());
  CHECK_FALSE(message.object_storage.has_value());

  // Unknown kinds may carry details of any type, or none.
  CHECK(parse_ok(one_message("x.y.Z", "a string")).messages()[0].details == "a string");
  const TriggerEvent bare = parse_ok(json{{"messages", {{{"event_metadata", {{"event_type", "x.y.Z"}}}}}}});
  CHECK(bare.messages()[0].details.is_null());
}

TEST_CASE("trigger: a message without event_metadata is other with empty metadata", "[trigger_event]") {
  const TriggerEvent event = parse_ok(json{{"messages", {{{"details", {{"trigger_id", "t"}}}}}}});
  REQUIRE(event.messages().size() == 1);
  CHECK(event.messages()[0].kind == Kind::other);
  CHECK(event.messages()[0].metadata.event_type.empty());
}

TEST_CASE("trigger: an empty batch and optional fields", "[trigger_event]") {
  CHECK(parse_ok(json{{"messages", json::array()}}).messages().empty());

  const TriggerEvent timer = parse_ok(one_message(kTimer, {{"trigger_id", "t1"}}));
  CHECK(timer.messages()[0].timer->payload.empty());

  const TriggerEvent queue =
      parse_ok(one_message(kQueue, {{"queue_id", "q"}, {"message", {{"message_id", "m"}, {"body", ""}}}}));
  const auto& m = queue.messages()[0].message_queue->message;
  CHECK(m.body.empty());
  CHECK(m.attributes.empty());
  CHECK(m.message_attributes == json::object());
  CHECK(m.md5_of_body.empty());
}

TEST_CASE("trigger: wrong shapes are event.malformed, naming the field", "[trigger_event]") {
  const json good_queue_message = {{"message_id", "m"}, {"body", "b"}};
  const std::pair<json, const char*> cases[] = {
      {json::object(), "event.messages is missing; it must be an array"},
      {json{{"messages", {{"a", 1}}}}, "event.messages must be an array (it is an object)"},
      {json{{"messages", "x"}}, "event.messages must be an array (it is a string)"},
      {json{{"messages", {1}}}, "event.messages[0] must be an object (it is a number)"},
      {json{{"messages", {json::object(), json::array()}}},
       "event.messages[1] must be an object (it is an array)"},
      {json{{"messages", {{{"event_metadata", "x"}}}}},
       "event.messages[0].event_metadata must be an object (it is a string)"},
      {json{{"messages", {{{"event_metadata", {{"event_type", 7}}}}}}},
       "event.messages[0].event_metadata.event_type must be a string (it is a number)"},
      {json{{"messages", {{{"event_metadata", {{"created_at", 1577370127}}}}}}},
       "event.messages[0].event_metadata.created_at must be a string (it is a number)"},
      {json{{"messages", {{{"event_metadata", {{"tracing_context", "abc"}}}}}}},
       "event.messages[0].event_metadata.tracing_context must be an object (it is a string)"},
      {one_message(kTimer, nullptr), "event.messages[0].details is missing; it must be an object"},
      {one_message(kTimer, "x"), "event.messages[0].details must be an object (it is a string)"},
      {one_message(kTimer, json::object()),
       "event.messages[0].details.trigger_id is missing; it must be a string"},
      {one_message(kTimer, {{"trigger_id", 1}}),
       "event.messages[0].details.trigger_id must be a string (it is a number)"},
      {one_message(kTimer, {{"trigger_id", "t"}, {"payload", {{"a", 1}}}}),
       "event.messages[0].details.payload must be a string (it is an object)"},
      {one_message(kQueue, {{"message", good_queue_message}}),
       "event.messages[0].details.queue_id is missing; it must be a string"},
      {one_message(kQueue, {{"queue_id", "q"}}),
       "event.messages[0].details.message is missing; it must be an object"},
      {one_message(kQueue, {{"queue_id", "q"}, {"message", "body"}}),
       "event.messages[0].details.message must be an object (it is a string)"},
      {one_message(kQueue, {{"queue_id", "q"}, {"message", {{"message_id", "m"}}}}),
       "event.messages[0].details.message.body is missing; it must be a string"},
      {one_message(kQueue, {{"queue_id", "q"}, {"message", {{"body", "b"}}}}),
       "event.messages[0].details.message.message_id is missing; it must be a string"},
      {one_message(kQueue, {{"queue_id", "q"},
                            {"message", {{"message_id", "m"}, {"body", "b"}, {"attributes", {1}}}}}),
       "event.messages[0].details.message.attributes must be an object (it is an array)"},
      {one_message(kQueue, {{"queue_id", "q"},
                            {"message",
                             {{"message_id", "m"}, {"body", "b"}, {"attributes", {{"SentTimestamp", 1}}}}}}),
       R"(event.messages[0].details.message.attributes must be an object of strings ("SentTimestamp" is not a string))"},
      {one_message(kQueue, {{"queue_id", "q"},
                            {"message", {{"message_id", "m"}, {"body", "b"}, {"message_attributes", "x"}}}}),
       "event.messages[0].details.message.message_attributes must be an object (it is a string)"},
      {one_message(kObjectCreate, {{"bucket_id", "b"}}),
       "event.messages[0].details.object_id is missing; it must be a string"},
      {one_message(kObjectCreate, {{"bucket_id", nullptr}, {"object_id", "o"}}),
       "event.messages[0].details.bucket_id is missing; it must be a string"},
      {json::array(), "event is not a JSON object (it is an array)"},
  };
  for (const auto& [event, message] : cases) {
    CAPTURE(event.dump(-1, ' ', false, json::error_handler_t::replace));
    CHECK(malformed_message(event) == message);
  }
}

TEST_CASE("trigger: an error in a later message names its index", "[trigger_event]") {
  json event = load("docs/message-queue-docs.json");
  event["messages"][1]["details"]["message"].erase("body");
  CHECK(malformed_message(event) == "event.messages[1].details.message.body is missing; it must be a string");
}
