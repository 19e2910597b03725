#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "fixtures.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/request.hpp"
#include "ycfn/trigger_event.hpp"

using nlohmann::json;
using ycfn::parse_trigger_event;
using ycfn::parse_trigger_event_as;
using ycfn::Timestamp;
using ycfn::TriggerEvent;
using ycfn::TriggerMessage;
using Kind = ycfn::TriggerMessage::Kind;

namespace {

json load(const std::string& fixture) {
  json event = json::parse(ycfn_test::fixture(fixture), nullptr, false);
  REQUIRE_FALSE(event.is_discarded());
  return event;
}

// A fixture of the platform's documented payloads (tests/fixtures/events/triggers/).
json trigger_fixture(const std::string& name) { return load("events/triggers/" + name + ".json"); }

// What a handler sees of `event` agrees with parse_trigger_event(): parse_event()
// only checks a trigger event (core/src/event/trigger_check.cpp) and
// Request::trigger() decodes it later, so the check must refuse exactly what
// the parse refuses, with the same error, and the decoding give the same messages.
void check_request_agrees(const json& event, const ycfn::Result<TriggerEvent>& parsed) {
  // Only an object with `messages` (and not HTTP or WebSocket) is classified a trigger.
  if (!event.is_object() || !event.contains("messages") || event.contains("httpMethod") ||
      ycfn::is_websocket_event(event)) {
    return;
  }
  const auto request = ycfn::request_from_json(event);
  REQUIRE(request.ok() == parsed.ok());
  if (!parsed.ok()) {
    CHECK(request.error().code == parsed.error().code);
    CHECK(request.error().message == parsed.error().message);
    return;
  }
  REQUIRE(request->kind() == ycfn::Request::Kind::trigger);
  const TriggerEvent* lazy = request->trigger();
  REQUIRE(lazy != nullptr);
  CHECK(request->trigger() == lazy);  // decoded once
  REQUIRE(lazy->messages().size() == parsed->messages().size());
  for (std::size_t i = 0; i < lazy->messages().size(); ++i) {
    CHECK(lazy->messages()[i].kind == parsed->messages()[i].kind);
    CHECK(lazy->messages()[i].raw == parsed->messages()[i].raw);
    CHECK(lazy->messages()[i].typed.index() == parsed->messages()[i].typed.index());
  }
}

TriggerEvent parse_ok(const json& event) {
  auto parsed = parse_trigger_event(event);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  check_request_agrees(event, parsed);
  return parsed.value();
}

TriggerEvent parse_as_ok(const json& event, Kind kind) {
  auto parsed = parse_trigger_event_as(event, kind);
  if (!parsed.ok()) FAIL(parsed.error().code + ": " + parsed.error().message);
  return parsed.value();
}

std::string malformed_message(const ycfn::Result<TriggerEvent>& parsed) {
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "event.malformed");
  return parsed.error().message;
}

std::string malformed_message(const json& event) {
  const auto parsed = parse_trigger_event(event);
  check_request_agrees(event, parsed);
  return malformed_message(parsed);
}

// One message of `event_type` with `details`.
json one_message(const std::string& event_type, const json& details) {
  return {{"messages",
           {{{"event_metadata",
              {{"event_id", "e1"}, {"event_type", event_type}, {"created_at", "2024-01-01T00:00:00Z"}}},
             {"details", details}}}}};
}

// One message whose event_metadata is `metadata`.
json with_metadata(const json& metadata) { return {{"messages", {{{"event_metadata", metadata}}}}}; }

// One message that is `message` itself (the kinds without event_metadata).
json flat(const json& message) { return {{"messages", {message}}}; }

const char* const kTimer = "yandex.cloud.events.serverless.triggers.TimerMessage";
const char* const kQueue = "yandex.cloud.events.messagequeue.QueueMessage";
const char* const kObjectCreate = "yandex.cloud.events.storage.ObjectCreate";
const char* const kIot = "yandex.cloud.events.iot.IoTMessage";
const char* const kCrCreateImage = "yandex.cloud.events.containerregistry.CreateImage";
const char* const kLogging = "yandex.cloud.events.serverless.triggers.LoggingMessageBatch";
const char* const kCloudLogs = "yandex.cloud.events.serverless.triggers.CloudLogsMessageBatch";

const json kBudget = {{"billing_account_id", "a6q6"}, {"budget_id", "a626"}, {"amount", 1}};

}  // namespace

// --- every documented payload, field by field -------------------------------

TEST_CASE("trigger: the timer message, with and without the newer payload", "[trigger_event]") {
  const TriggerEvent docs = parse_ok(trigger_fixture("timer-docs"));
  REQUIRE(docs.messages().size() == 1);
  const TriggerMessage& message = docs.messages()[0];
  CHECK(message.kind == Kind::timer);
  REQUIRE(message.metadata.has_value());
  CHECK(message.event_id() == "a1s41g2n5g0o********");
  CHECK(message.metadata->event_id == "a1s41g2n5g0o********");
  CHECK(message.metadata->event_type == kTimer);
  CHECK(message.metadata->created_at == "2019-12-04T12:05:14.227761Z");
  CHECK(message.metadata->created_time == Timestamp{1575461114, 227761000});
  CHECK(message.metadata->cloud_id == "b1gvlrnlei4l********");
  CHECK(message.metadata->folder_id == "b1g88tflru0e********");
  CHECK_FALSE(message.metadata->tracing_context.has_value());
  REQUIRE(message.timer() != nullptr);
  CHECK(message.timer()->trigger_id == "a1sfe084v4se********");
  CHECK(message.timer()->payload == "payload-message");
  CHECK(message.message_queue() == nullptr);
  CHECK(message.budget() == nullptr);
  CHECK(message.data_streams_record() == nullptr);
  CHECK(message.details()["trigger_id"] == "a1sfe084v4se********");
  CHECK(message.raw == trigger_fixture("timer-docs")["messages"][0]);

  const TriggerEvent older = parse_ok(trigger_fixture("timer-ts-types"));
  REQUIRE(older.messages().size() == 1);
  REQUIRE(older.messages()[0].timer() != nullptr);
  CHECK(older.messages()[0].timer()->trigger_id == "a1sfe084v4se4morbu2i");
  CHECK(older.messages()[0].timer()->payload.empty());
  CHECK(older.messages()[0].event_id() == "a1s41g2n5g0o5p778k4r");
}

TEST_CASE("trigger: Message Queue batches, in both attribute spellings", "[trigger_event]") {
  // Today's docs: data_type/string_value, with cloud_id and folder_id.
  // The function-types package (older docs): dataType/stringValue, without them.
  const std::pair<const char*, bool> fixtures[] = {{"message-queue-docs", true},
                                                   {"message-queue-ts-types", false}};
  for (const auto& [name, masked] : fixtures) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 2);
    const char* const ids[2][2] = {
        {"cce76685-5828-4304-a83d-95643c0507a0", "1f32fd25-11fc-4c08-88e7-d871d6ffb91d"},
        {"cce76685-5828-4304-a83d-9564********", "1f32fd25-11fc-4c08-88e7-d871********"}};
    const char* const sent[] = {"1569285804456", "1569285806456"};
    const char* const created[] = {"2019-09-24T00:54:28.980441Z", "2019-09-24T00:54:28.980492Z"};
    for (std::size_t i = 0; i < 2; ++i) {
      CAPTURE(i);
      const TriggerMessage& message = event.messages()[i];
      CHECK(message.kind == Kind::message_queue);
      CHECK(message.event_id() == ids[masked][i]);
      CHECK(message.metadata->created_at == created[i]);
      CHECK(message.metadata->created_time->nanos == (i == 0 ? 980441000 : 980492000));
      CHECK(message.metadata->cloud_id == (masked ? "b1gvlrnl************" : ""));
      CHECK(message.metadata->folder_id == (masked ? "b1g88tfl************" : ""));
      REQUIRE(message.message_queue() != nullptr);
      const ycfn::MessageQueueDetails& queue = *message.message_queue();
      CHECK(queue.queue_id == (masked ? "yrn:yc:ymq:ru-central1:21i6v06sqmsa********:event-queue"
                                      : "yrn:yc:ymq:ru-central1:21i6v06sqmsaoeon7nus:event-queue"));
      CHECK(queue.message.message_id == ids[masked][i]);
      CHECK(queue.message.md5_of_body ==
            (masked ? "d29343907090dff4cec4a9a0********" : "d29343907090dff4cec4a9a0efb80d20"));
      CHECK(queue.message.body == "message body");
      CHECK(queue.message.attributes == std::map<std::string, std::string>{{"SentTimestamp", sent[i]}});
      REQUIRE(queue.message.message_attributes.size() == 1);
      const auto attribute = queue.message.message_attributes.find("messageAttributeKey");
      REQUIRE(attribute != queue.message.message_attributes.end());
      CHECK(attribute->second.data_type == "StringValue");
      CHECK(attribute->second.string_value == "value");
      CHECK(queue.message.md5_of_message_attributes ==
            (masked ? "83eb2d0afefb150c1ffe69f6********" : "83eb2d0afefb150c1ffe69f66c3de068"));
    }
  }
}

TEST_CASE("trigger: Object Storage delete with a tracing context", "[trigger_event]") {
  for (const char* name : {"object-storage-delete-docs", "object-storage-delete-ts-types"}) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 1);
    const TriggerMessage& message = event.messages()[0];
    CHECK(message.kind == Kind::object_storage);
    CHECK(message.metadata->event_type == "yandex.cloud.events.storage.ObjectDelete");
    CHECK(message.metadata->created_time == Timestamp{1576765067, 847365000});
    REQUIRE(message.metadata->tracing_context.has_value());
    CHECK((*message.metadata->tracing_context)["span_id"] == "");
    REQUIRE(message.object_storage() != nullptr);
    CHECK(message.object_storage()->operation == ycfn::ObjectStorageDetails::Operation::object_delete);
    CHECK(message.object_storage()->bucket_id == "s3-for-trigger");
    CHECK(message.object_storage()->object_id == "dev/0_15a775_972dbde4_orig12.jpg");
  }
  const TriggerEvent unmasked = parse_ok(trigger_fixture("object-storage-delete-ts-types"));
  CHECK(*unmasked.messages()[0].metadata->tracing_context ==
        json({{"trace_id", "dd52ace79c62892f"}, {"span_id", ""}, {"parent_span_id", ""}}));
  CHECK(unmasked.messages()[0].metadata->cloud_id == "b1gvlrnlei4l5idm9cbj");
}

TEST_CASE("trigger: IoT Core device messages, 9 fractional digits", "[trigger_event]") {
  const std::pair<const char*, const char*> fixtures[] = {{"iot-core-device-docs", "********"},
                                                          {"iot-core-device-ts-types", ""}};
  for (const auto& [name, mask] : fixtures) {
    CAPTURE(name);
    const bool masked = *mask != '\0';
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 2);
    for (const TriggerMessage& message : event.messages()) {
      CHECK(message.kind == Kind::iot);
      CHECK(message.event_id() ==
            (masked ? "2153b5d2-c6af-4c69-a28d-74ce********" : "2153b5d2-c6af-4c69-a28d-74ce965b7613"));
      CHECK(message.metadata->created_at == "2019-09-25T15:51:17.872320525Z");
      CHECK(message.metadata->created_time == Timestamp{1569426677, 872320525});
      REQUIRE(message.iot() != nullptr);
      const ycfn::IotDetails& iot = *message.iot();
      CHECK(iot.registry_id == (masked ? "arenou2oj4ct********" : "arenou2oj4ct42eq8g3n"));
      CHECK(iot.device_id == (masked ? "areqjd6un3af********" : "areqjd6un3afc3cefcvm"));
      CHECK(iot.broker_id.empty());
      CHECK_FALSE(iot.from_broker());
      CHECK(iot.mqtt_topic == "$devices/" + iot.device_id + "/events");
      CHECK(iot.payload == "VGVzdCA0");
      auto decoded = ycfn::base64_decode(iot.payload);
      REQUIRE(decoded.ok());
      CHECK(decoded.value() == "Test 4");
    }
  }
}

TEST_CASE("trigger: IoT Core broker messages carry broker_id instead", "[trigger_event]") {
  const TriggerEvent event = parse_ok(trigger_fixture("iot-core-broker-docs"));
  REQUIRE(event.messages().size() == 2);
  for (const TriggerMessage& message : event.messages()) {
    CHECK(message.kind == Kind::iot);
    REQUIRE(message.iot() != nullptr);
    CHECK(message.iot()->from_broker());
    CHECK(message.iot()->broker_id == "arenou2oj4ct********");
    CHECK(message.iot()->registry_id.empty());
    CHECK(message.iot()->device_id.empty());
    CHECK(message.iot()->mqtt_topic == "broker/topic");
    // The docs' payload is masked: kept as sent, and not base64.
    CHECK(message.iot()->payload == "VGVz****");
    CHECK_FALSE(ycfn::base64_decode(message.iot()->payload).ok());
  }
}

TEST_CASE("trigger: Container Registry CreateImage, no fractional digits", "[trigger_event]") {
  for (const char* name :
       {"container-registry-create-image-docs", "container-registry-create-image-ts-types"}) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 1);
    const TriggerMessage& message = event.messages()[0];
    CHECK(message.kind == Kind::container_registry);
    CHECK(message.event_id() == "crtpk611************");
    CHECK(message.metadata->created_at == "2020-09-07T11:09:14Z");
    CHECK(message.metadata->created_time == Timestamp{1599476954, 0});
    CHECK(message.metadata->cloud_id == "b1gvlrnl************");
    CHECK(message.metadata->folder_id == "b1g88tfl************");
    CHECK((*message.metadata->tracing_context)["trace_id"] == "70e7************");
    REQUIRE(message.container_registry() != nullptr);
    const ycfn::ContainerRegistryDetails& cr = *message.container_registry();
    CHECK(cr.operation == ycfn::ContainerRegistryDetails::Operation::create_image);
    CHECK(cr.image_digest == "sha256:45f8f740272f1f2a053eade37d8d************************************");
    CHECK(cr.image_id == "crti2c9b************");
    CHECK(cr.registry_id == "crt2504s************");
    CHECK(cr.repository_name == "crt2504s************/ubuntu");
    CHECK(cr.tag == "latest");
  }
}

TEST_CASE("trigger: Container Registry's other operations, DeleteImage included", "[trigger_event]") {
  using Operation = ycfn::ContainerRegistryDetails::Operation;
  const std::pair<const char*, Operation> types[] = {
      {"yandex.cloud.events.containerregistry.CreateImageTag", Operation::create_image_tag},
      {"yandex.cloud.events.containerregistry.DeleteImageTag", Operation::delete_image_tag},
      {"yandex.cloud.events.containerregistry.DeleteImage", Operation::delete_image}};
  for (const auto& [type, operation] : types) {
    CAPTURE(type);
    // Written from the documentation's field list: an untagged image has no tag.
    const TriggerEvent event = parse_ok(
        one_message(type, {{"registry_id", "crt1"}, {"repository_name", "crt1/app"}, {"image_id", "i1"}}));
    REQUIRE(event.messages()[0].container_registry() != nullptr);
    CHECK(event.messages()[0].container_registry()->operation == operation);
    CHECK(event.messages()[0].container_registry()->repository_name == "crt1/app");
    CHECK(event.messages()[0].container_registry()->tag.empty());
    CHECK(event.messages()[0].container_registry()->image_digest.empty());
  }
}

TEST_CASE("trigger: Object Storage create and update", "[trigger_event]") {
  using Operation = ycfn::ObjectStorageDetails::Operation;
  const json details = {{"bucket_id", "b"}, {"object_id", "k/1.jpg"}};
  const TriggerEvent create = parse_ok(one_message(kObjectCreate, details));
  REQUIRE(create.messages()[0].object_storage() != nullptr);
  CHECK(create.messages()[0].object_storage()->operation == Operation::object_create);
  const TriggerEvent update = parse_ok(one_message("yandex.cloud.events.storage.ObjectUpdate", details));
  REQUIRE(update.messages()[0].object_storage() != nullptr);
  CHECK(update.messages()[0].object_storage()->operation == Operation::object_update);
  CHECK(update.messages()[0].object_storage()->object_id == "k/1.jpg");
}

TEST_CASE("trigger: Cloud Logging, created_at as a protobuf Timestamp object", "[trigger_event]") {
  for (const char* name : {"cloud-logging-docs", "cloud-logging-ts-types"}) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 1);
    const TriggerMessage& message = event.messages()[0];
    CHECK(message.kind == Kind::logging);
    CHECK(message.event_id() == "2c59a567-6666-4b65-a0b0-cc**********");
    CHECK(message.metadata->event_type == kLogging);
    // {"seconds": 1630607359, "nanos": 6794776}: nanos has 7 digits, 0.006794776 s.
    CHECK(message.metadata->created_time == Timestamp{1630607359, 6794776});
    CHECK(message.metadata->created_at == "2021-09-02T18:29:19.006794776Z");
    REQUIRE(message.logging() != nullptr);
    CHECK(message.logging()->source == ycfn::LoggingDetails::Source::cloud_logging);
    REQUIRE(message.logging()->entries.size() == 1);
    const ycfn::LogEntry& entry = message.logging()->entries[0];
    CHECK(entry.resource_type == "serverless.function");
    CHECK(entry.resource_id == "b09tm9raoe**********");
    CHECK(entry.timestamp == "2021-09-02 18:29:17.118082213 +0000 UTC");
    CHECK(entry.time == Timestamp{1630607357, 118082213});
    CHECK(entry.level == "INFO");
    CHECK(entry.message ==
          "START RequestID: 085035c7-2319-40dd-bb03-fd********** Version: b09s5cq4b935********");
    CHECK(entry.json_payload == json({{"request_id", "085035c7-2319-40dd-bb03-fdb2********"},
                                      {"version_id", "b09s5cq4b935********"}}));
    CHECK(entry.log_group_id.empty());
    CHECK(entry.log_stream_name.empty());
  }
}

TEST_CASE("trigger: the older Cloud Logs, two entries", "[trigger_event]") {
  const TriggerEvent event = parse_ok(trigger_fixture("cloud-logs-docs"));
  REQUIRE(event.messages().size() == 1);
  const TriggerMessage& message = event.messages()[0];
  CHECK(message.kind == Kind::logging);
  CHECK(message.event_id() == "564ab7ff-5890-4eca-b8ab-************");
  CHECK(message.metadata->created_time == Timestamp{1599563113, 647071528});
  CHECK(message.metadata->created_at == "2020-09-08T11:05:13.647071528Z");
  REQUIRE(message.logging() != nullptr);
  CHECK(message.logging()->source == ycfn::LoggingDetails::Source::cloud_logs);
  REQUIRE(message.logging()->entries.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const ycfn::LogEntry& entry = message.logging()->entries[i];
    CHECK(entry.log_group_id == "eol1fphr************");
    CHECK(entry.log_stream_name == "log-stream-name");
    CHECK(entry.message == "message-" + std::to_string(i + 1));
    CHECK(entry.timestamp == "2020-09-08T11:05:10Z");
    CHECK(entry.time == Timestamp{1599563110, 0});
    CHECK(entry.level.empty());
    CHECK(entry.resource_type.empty());
    CHECK(entry.json_payload.is_null());
  }
}

TEST_CASE("trigger: a billing budget, numbers written as 90012 and 90012.00", "[trigger_event]") {
  for (const char* name : {"budget-docs", "budget-ts-types"}) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 1);
    const TriggerMessage& message = event.messages()[0];
    CHECK(message.kind == Kind::budget);
    CHECK_FALSE(message.metadata.has_value());
    CHECK_FALSE(message.event_id().has_value());
    CHECK(message.details().is_null());
    REQUIRE(message.budget() != nullptr);
    const ycfn::BudgetDetails& budget = *message.budget();
    CHECK(budget.billing_account_id == "a6q6***");
    CHECK(budget.budget_id == "a626***");
    CHECK(budget.budget_display_name == "name");
    CHECK(budget.amount == 90012.0);
    CHECK(budget.currency == "RUB");
    CHECK(budget.period == "2021");
    CHECK(budget.budgeted_amount == 100000.0);
    CHECK(budget.threshold_amount == 90000.0);
    CHECK(budget.threshold_type == "amount");
  }
}

TEST_CASE("trigger: Data Streams records, each as its JSON", "[trigger_event]") {
  for (const char* name : {"data-streams-docs", "data-streams-ts-types"}) {
    CAPTURE(name);
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 2);
    const json records[] = {{{"key1", "value1"}}, {{"key2", "value2"}}};
    for (std::size_t i = 0; i < 2; ++i) {
      const TriggerMessage& message = event.messages()[i];
      CHECK(message.kind == Kind::data_streams);
      CHECK_FALSE(message.event_id().has_value());
      REQUIRE(message.data_streams_record() != nullptr);
      CHECK(*message.data_streams_record() == records[i]);
      CHECK(message.timer() == nullptr);
      CHECK(message.budget() == nullptr);
    }
  }
}

TEST_CASE("trigger: mail, its headers in order, with and without attachments", "[trigger_event]") {
  for (const char* name : {"mail-docs", "mail-attachments-docs"}) {
    CAPTURE(name);
    const bool attachments = std::string(name) == "mail-attachments-docs";
    const TriggerEvent event = parse_ok(trigger_fixture(name));
    REQUIRE(event.messages().size() == 1);
    const TriggerMessage& message = event.messages()[0];
    CHECK(message.kind == Kind::mail);
    CHECK_FALSE(message.event_id().has_value());
    REQUIRE(message.mail() != nullptr);
    const ycfn::MailDetails& mail = *message.mail();
    CHECK(mail.received_at == "2022-09-15 14:42:23.983842092 +0000 UTC m=+260285.403254765");
    CHECK(mail.received_time == Timestamp{1663252943, 983842092});
    CHECK(mail.message == "<div>This is example body for documentation</div>\r\n");
    REQUIRE(mail.headers.size() == 13);
    CHECK(mail.headers[0].name == "X-Yandex-Fwd");
    CHECK(mail.headers[0].values == std::vector<std::string>{"1"});
    CHECK(mail.headers[12].name == "Mime-Version");
    REQUIRE(mail.header("subject") != nullptr);
    CHECK(*mail.header("subject") == std::vector<std::string>{"Example email topic for documentation"});
    CHECK(*mail.header("FROM") == std::vector<std::string>{"John Doe <somebody@yandex.ru>"});
    REQUIRE(mail.header("Received") != nullptr);
    CHECK(mail.header("Received")->size() == 4);
    CHECK(mail.header("Cc") == nullptr);
    CHECK(mail.attachments.has_value() == attachments);
    if (attachments) {
      CHECK(mail.attachments->bucket_id == "trigger-bucket-id");
      CHECK(mail.attachments->keys ==
            std::vector<std::string>{"attachement-object-key1", "attachement-object-key2"});
    }
  }
}

// --- kinds and shapes --------------------------------------------------------

TEST_CASE("trigger: event types select the kind; the names trigger-summary answers", "[trigger_event]") {
  const std::pair<const char*, Kind> types[] = {
      {kTimer, Kind::timer},
      {kQueue, Kind::message_queue},
      {"yandex.cloud.events.storage.ObjectCreate", Kind::object_storage},
      {"yandex.cloud.events.storage.ObjectUpdate", Kind::object_storage},
      {"yandex.cloud.events.storage.ObjectDelete", Kind::object_storage},
      {kIot, Kind::iot},
      {"yandex.cloud.events.containerregistry.CreateImage", Kind::container_registry},
      {"yandex.cloud.events.containerregistry.CreateImageTag", Kind::container_registry},
      {"yandex.cloud.events.containerregistry.DeleteImageTag", Kind::container_registry},
      {"yandex.cloud.events.containerregistry.DeleteImage", Kind::container_registry},
      {kLogging, Kind::logging},
      {kCloudLogs, Kind::logging},
      {"yandex.cloud.events.storage.ObjectSomethingNew", Kind::other},
      {"yandex.cloud.events.containerregistry.PushImage", Kind::other},
      {"", Kind::other},
      {"Yandex.Cloud.Events.Serverless.Triggers.TimerMessage", Kind::other},
  };
  for (const auto& [type, kind] : types) {
    CAPTURE(type);
    CHECK(ycfn::trigger_kind(type) == kind);
  }
  const std::pair<Kind, const char*> names[] = {
      {Kind::timer, "timer"},
      {Kind::message_queue, "message_queue"},
      {Kind::object_storage, "object_storage"},
      {Kind::iot, "iot"},
      {Kind::container_registry, "container_registry"},
      {Kind::logging, "logging"},
      {Kind::budget, "budget"},
      {Kind::data_streams, "data_streams"},
      {Kind::mail, "mail"},
      {Kind::other, "other"},
  };
  for (const auto& [kind, name] : names) CHECK(ycfn::trigger_kind_name(kind) == name);
}

TEST_CASE("trigger: an unknown event type is other, its details untouched", "[trigger_event]") {
  const json details = {{"anything", {1, 2}}, {"payload", 5}};
  const TriggerEvent event =
      parse_ok(one_message("yandex.cloud.events.serverless.triggers.NewThing", details));
  REQUIRE(event.messages().size() == 1);
  const TriggerMessage& message = event.messages()[0];
  CHECK(message.kind == Kind::other);
  CHECK(message.event_id() == "e1");
  CHECK(message.details() == details);
  CHECK(std::holds_alternative<std::monostate>(message.typed));
  CHECK(message.data_streams_record() == nullptr);

  // Details of any type, or none.
  CHECK(parse_ok(one_message("x.y.Z", "a string")).messages()[0].details() == "a string");
  const TriggerEvent bare = parse_ok(with_metadata({{"event_type", "x.y.Z"}}));
  CHECK(bare.messages()[0].details().is_null());
  CHECK_FALSE(bare.messages()[0].event_id().has_value());  // metadata without an event_id
}

TEST_CASE("trigger: unknown fields are ignored everywhere", "[trigger_event]") {
  json event = trigger_fixture("cloud-logging-docs");
  json& message = event["messages"][0];
  message["new_member"] = {{"x", 1}};
  message["event_metadata"]["new_field"] = json::array();
  message["event_metadata"]["created_at"]["new"] = "x";
  message["details"]["new_field"] = 1;
  message["details"]["messages"][0]["new_field"] = nullptr;
  message["details"]["messages"][0]["resource"]["new_field"] = 2;
  const TriggerEvent parsed = parse_ok(event);
  REQUIRE(parsed.messages()[0].logging() != nullptr);
  CHECK(parsed.messages()[0].logging()->entries[0].resource_type == "serverless.function");

  json mail = trigger_fixture("mail-attachments-docs");
  mail["messages"][0]["headers"][0]["new"] = true;
  mail["messages"][0]["attachments"]["new"] = true;
  CHECK(parse_ok(mail).messages()[0].kind == Kind::mail);

  json queue = trigger_fixture("message-queue-docs");
  queue["messages"][0]["details"]["message"]["message_attributes"]["messageAttributeKey"]["binary_value"] =
      "AA==";
  CHECK(parse_ok(queue).messages()[0].message_queue()->message.message_attributes.size() == 1);
}

TEST_CASE("trigger: messages without event_metadata are told by their shape", "[trigger_event]") {
  // No event_metadata, or a null one: a Data Streams record unless it reads as a budget or mail.
  for (const json& record :
       {json::object(), json{{"details", {{"trigger_id", "t"}}}}, json{{"event_metadata", nullptr}, {"k", 1}},
        json{{"budget_id", "b"}}, json{{"received_at", "x"}}}) {
    CAPTURE(record.dump());
    const TriggerEvent event = parse_ok(flat(record));
    CHECK(event.messages()[0].kind == Kind::data_streams);
    CHECK(*event.messages()[0].data_streams_record() == record);
    CHECK_FALSE(event.messages()[0].metadata.has_value());
  }
  // Shaped like a budget or mail message but not one in full: still a record, never an error.
  const json almost_budget = {{"billing_account_id", "a"}, {"budget_id", 7}};
  CHECK(parse_ok(flat(almost_budget)).messages()[0].kind == Kind::data_streams);
  const json almost_mail = {{"received_at", "2022-09-15"}, {"headers", "From: x"}};
  CHECK(parse_ok(flat(almost_mail)).messages()[0].kind == Kind::data_streams);

  // The smallest budget and mail messages.
  const TriggerEvent budget = parse_ok(flat(kBudget));
  REQUIRE(budget.messages()[0].budget() != nullptr);
  CHECK(budget.messages()[0].budget()->amount == 1.0);
  CHECK(budget.messages()[0].budget()->threshold_amount == 0.0);
  const TriggerEvent mail = parse_ok(flat({{"received_at", "?"}, {"headers", json::array()}}));
  REQUIRE(mail.messages()[0].mail() != nullptr);
  CHECK_FALSE(mail.messages()[0].mail()->received_time.has_value());  // kept as text
  CHECK(mail.messages()[0].mail()->message.empty());

  // One batch, kinds in message order.
  json mixed = {{"messages", json::array()}};
  mixed["messages"].push_back(trigger_fixture("timer-docs")["messages"][0]);
  mixed["messages"].push_back(kBudget);
  mixed["messages"].push_back({{"key", "value"}});
  const TriggerEvent batch = parse_ok(mixed);
  REQUIRE(batch.messages().size() == 3);
  CHECK(batch.messages()[0].kind == Kind::timer);
  CHECK(batch.messages()[1].kind == Kind::budget);
  CHECK(batch.messages()[2].kind == Kind::data_streams);
}

TEST_CASE("trigger: created_at in both forms, wherever it appears", "[trigger_event]") {
  const auto created = [](const json& value) {
    json metadata = {{"event_id", "e"}, {"event_type", kTimer}, {"created_at", value}};
    json event = {{"messages", {{{"event_metadata", metadata}, {"details", {{"trigger_id", "t"}}}}}}};
    return parse_ok(event).messages()[0].metadata.value();
  };
  // A timer message with the object form, and a Cloud Logging one with a string: either is read for any kind.
  const ycfn::EventMetadata object = created({{"seconds", 1630607359}, {"nanos", 6794776}});
  CHECK(object.created_time == Timestamp{1630607359, 6794776});
  CHECK(object.created_at == "2021-09-02T18:29:19.006794776Z");
  CHECK(created({{"seconds", 1630607359}}).created_at == "2021-09-02T18:29:19Z");
  CHECK(created({{"nanos", 5}}).created_time == Timestamp{0, 5});
  CHECK(created(json::object()).created_time == Timestamp{0, 0});
  CHECK(created({{"seconds", "1630607359"}, {"nanos", 0}}).created_time == Timestamp{1630607359, 0});
  CHECK(created({{"seconds", "-1"}}).created_time == Timestamp{-1, 0});
  CHECK(created({{"seconds", "0"}}).created_time == Timestamp{0, 0});
  CHECK(created({{"seconds", "-0"}}).created_time == Timestamp{0, 0});
  CHECK(created({{"seconds", "253402300799"}}).created_time == Timestamp{253402300799, 0});
  CHECK(created({{"seconds", nullptr}, {"nanos", nullptr}}).created_time == Timestamp{0, 0});
  // A string that is not a time the parser reads is kept, without a time.
  const ycfn::EventMetadata text = created("yesterday");
  CHECK(text.created_at == "yesterday");
  CHECK_FALSE(text.created_time.has_value());
  CHECK(created("2020-09-07T11:09:14.5+03:00").created_time == Timestamp{1599466154, 500000000});

  json logging = trigger_fixture("cloud-logs-docs");
  logging["messages"][0]["event_metadata"]["created_at"] = "2019-09-25T15:51:17.872320525Z";
  CHECK(parse_ok(logging).messages()[0].metadata->created_time == Timestamp{1569426677, 872320525});
  logging["messages"][0]["event_metadata"].erase("created_at");
  CHECK(parse_ok(logging).messages()[0].metadata->created_at.empty());
  CHECK_FALSE(parse_ok(logging).messages()[0].metadata->created_time.has_value());
}

TEST_CASE("trigger: an empty batch and optional fields", "[trigger_event]") {
  CHECK(parse_ok(json{{"messages", json::array()}}).messages().empty());

  const TriggerEvent queue =
      parse_ok(one_message(kQueue, {{"queue_id", "q"}, {"message", {{"message_id", "m"}, {"body", ""}}}}));
  const ycfn::QueueMessage& m = queue.messages()[0].message_queue()->message;
  CHECK(m.body.empty());
  CHECK(m.attributes.empty());
  CHECK(m.message_attributes.empty());
  CHECK(m.md5_of_body.empty());

  // An attribute with both spellings: the documentation's current one wins.
  const TriggerEvent both = parse_ok(one_message(
      kQueue, {{"queue_id", "q"},
               {"message",
                {{"message_id", "m"},
                 {"body", ""},
                 {"message_attributes",
                  {{"k", {{"dataType", "Old"}, {"data_type", "New"}, {"stringValue", "old"}}}}}}}}));
  const ycfn::QueueMessageAttribute& attribute =
      both.messages()[0].message_queue()->message.message_attributes.at("k");
  CHECK(attribute.data_type == "New");
  CHECK(attribute.string_value == "old");

  const TriggerEvent iot = parse_ok(one_message(kIot, {{"mqtt_topic", "t"}}));
  CHECK(iot.messages()[0].iot()->payload.empty());
  const TriggerEvent logging = parse_ok(one_message(kLogging, {{"messages", json::array()}}));
  CHECK(logging.messages()[0].logging()->entries.empty());
  const TriggerEvent entry = parse_ok(one_message(kLogging, {{"messages", {json::object()}}}));
  CHECK_FALSE(entry.messages()[0].logging()->entries[0].time.has_value());
}

// --- insisting on one kind ---------------------------------------------------

TEST_CASE("trigger: parse_trigger_event_as reads every message as the kind asked for", "[trigger_event]") {
  // A Data Streams record can look like anything: a budget, mail, or a trigger message.
  json records = {{"messages", json::array()}};
  records["messages"].push_back(kBudget);
  records["messages"].push_back(trigger_fixture("mail-docs")["messages"][0]);
  records["messages"].push_back(trigger_fixture("timer-docs")["messages"][0]);
  records["messages"].push_back({{"event_metadata", "not an object"}});
  const TriggerEvent streams = parse_as_ok(records, Kind::data_streams);
  REQUIRE(streams.messages().size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(streams.messages()[i].kind == Kind::data_streams);
    CHECK(*streams.messages()[i].data_streams_record() == records["messages"][i]);
    CHECK_FALSE(streams.messages()[i].metadata.has_value());
  }
  // ...which parse_trigger_event cannot know: the last record fails it.
  CHECK(malformed_message(records) == "event.messages[3].event_metadata must be an object (it is a string)");

  CHECK(parse_as_ok(trigger_fixture("budget-docs"), Kind::budget).messages()[0].budget()->amount == 90012.0);
  CHECK(malformed_message(parse_trigger_event_as(trigger_fixture("data-streams-docs"), Kind::budget)) ==
        "event.messages[0].billing_account_id is missing; it must be a string");
  CHECK(malformed_message(parse_trigger_event_as(
            flat({{"billing_account_id", "a"}, {"budget_id", "b"}, {"amount", "90012.00"}}), Kind::budget)) ==
        "event.messages[0].amount must be a number (it is a string)");
  CHECK(parse_as_ok(trigger_fixture("mail-docs"), Kind::mail).messages()[0].mail()->headers.size() == 13);
  CHECK(malformed_message(parse_trigger_event_as(flat({{"received_at", "x"}}), Kind::mail)) ==
        "event.messages[0].headers is missing; it must be an array");

  // Kinds with event_metadata: another event type is refused, naming it.
  CHECK(parse_as_ok(trigger_fixture("timer-docs"), Kind::timer).messages()[0].timer() != nullptr);
  CHECK(
      malformed_message(parse_trigger_event_as(trigger_fixture("message-queue-docs"), Kind::timer)) ==
      R"(event.messages[0].event_metadata.event_type must name a timer event (it is "yandex.cloud.events.messagequeue.QueueMessage"))");
  CHECK(
      malformed_message(parse_trigger_event_as(trigger_fixture("timer-docs"), Kind::iot)) ==
      R"(event.messages[0].event_metadata.event_type must name an iot event (it is "yandex.cloud.events.serverless.triggers.TimerMessage"))");
  CHECK(malformed_message(parse_trigger_event_as(trigger_fixture("budget-docs"), Kind::logging)) ==
        "event.messages[0].event_metadata is missing; it must be an object");
  CHECK(parse_as_ok(trigger_fixture("cloud-logs-docs"), Kind::logging).messages()[0].logging() != nullptr);

  // `other` asks for nothing: exactly parse_trigger_event.
  CHECK(parse_as_ok(trigger_fixture("budget-docs"), Kind::other).messages()[0].kind == Kind::budget);
  // The envelope is checked whatever the kind.
  CHECK(malformed_message(parse_trigger_event_as(json{{"messages", {1}}}, Kind::data_streams)) ==
        "event.messages[0] must be an object (it is a number)");
  CHECK(malformed_message(parse_trigger_event_as(json::object(), Kind::budget)) ==
        "event.messages is missing; it must be an array");
}

// --- malformed events ---------------------------------------------------------

TEST_CASE("trigger: wrong shapes are event.malformed, naming the field", "[trigger_event]") {
  const json good_queue_message = {{"message_id", "m"}, {"body", "b"}};
  const auto queue_with = [&](const json& extra) {
    json message = good_queue_message;
    message.update(extra);
    return one_message(kQueue, {{"queue_id", "q"}, {"message", message}});
  };
  const std::pair<json, const char*> cases[] = {
      {json::object(), "event.messages is missing; it must be an array"},
      {json{{"messages", {{"a", 1}}}}, "event.messages must be an array (it is an object)"},
      {json{{"messages", "x"}}, "event.messages must be an array (it is a string)"},
      {json{{"messages", nullptr}}, "event.messages must be an array (it is null)"},
      {json{{"messages", {1}}}, "event.messages[0] must be an object (it is a number)"},
      {json{{"messages", {json::object(), json::array()}}},
       "event.messages[1] must be an object (it is an array)"},
      {json{{"messages", {"record"}}}, "event.messages[0] must be an object (it is a string)"},
      {with_metadata("x"), "event.messages[0].event_metadata must be an object (it is a string)"},
      {with_metadata(json::array()), "event.messages[0].event_metadata must be an object (it is an array)"},
      {with_metadata({{"event_type", 7}}),
       "event.messages[0].event_metadata.event_type must be a string (it is a number)"},
      {with_metadata({{"event_id", 7}}),
       "event.messages[0].event_metadata.event_id must be a string (it is a number)"},
      {with_metadata({{"cloud_id", true}}),
       "event.messages[0].event_metadata.cloud_id must be a string (it is a boolean)"},
      {with_metadata({{"created_at", 1577370127}}),
       "event.messages[0].event_metadata.created_at must be a string or an object {seconds, nanos} (it is a "
       "number)"},
      {with_metadata({{"created_at", {1, 2}}}),
       "event.messages[0].event_metadata.created_at must be a string or an object {seconds, nanos} (it is an "
       "array)"},
      {with_metadata({{"created_at", {{"seconds", 1.5}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a number)"},
      {with_metadata({{"created_at", {{"seconds", "1e3"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      {with_metadata({{"created_at", {{"seconds", "99999999999999999999"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      // Not JSON integers, or not within int64: the same.
      {with_metadata({{"created_at", {{"seconds", "012"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      {with_metadata({{"created_at", {{"seconds", "-"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      {with_metadata({{"created_at", {{"seconds", "1-2"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      {with_metadata({{"created_at", {{"seconds", "9223372036854775808"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      {with_metadata({{"created_at", {{"seconds", ""}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be an integer (it is a string)"},
      // Within int64, outside the years.
      {with_metadata({{"created_at", {{"seconds", "-9223372036854775808"}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be within years 0 to 9999 (from "
       "-62167219200 to 253402300799)"},
      {with_metadata({{"created_at", {{"seconds", 253402300800}}}}),
       "event.messages[0].event_metadata.created_at.seconds must be within years 0 to 9999 (from "
       "-62167219200 to "
       "253402300799)"},
      {with_metadata({{"created_at", {{"seconds", 1}, {"nanos", 1000000000}}}}),
       "event.messages[0].event_metadata.created_at.nanos must be from 0 to 999999999"},
      {with_metadata({{"created_at", {{"seconds", 1}, {"nanos", -1}}}}),
       "event.messages[0].event_metadata.created_at.nanos must be from 0 to 999999999"},
      {with_metadata({{"created_at", {{"nanos", "5"}}}}),
       "event.messages[0].event_metadata.created_at.nanos must be an integer (it is a string)"},
      {with_metadata({{"tracing_context", "abc"}}),
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
      {queue_with({{"attributes", {1}}}),
       "event.messages[0].details.message.attributes must be an object (it is an array)"},
      {queue_with({{"attributes", {{"SentTimestamp", 1}}}}),
       R"(event.messages[0].details.message.attributes must be an object of strings ("SentTimestamp" is not a string))"},
      {queue_with({{"message_attributes", "x"}}),
       "event.messages[0].details.message.message_attributes must be an object (it is a string)"},
      {queue_with({{"message_attributes", {{"k", "v"}}}}),
       R"(event.messages[0].details.message.message_attributes["k"] must be an object (it is a string))"},
      {queue_with({{"message_attributes", {{"k", {{"dataType", 1}}}}}}),
       R"(event.messages[0].details.message.message_attributes["k"].dataType must be a string (it is a number))"},
      {queue_with({{"message_attributes", {{"k", {{"data_type", "String"}, {"string_value", {1}}}}}}}),
       R"(event.messages[0].details.message.message_attributes["k"].string_value must be a string (it is an array))"},
      {one_message(kObjectCreate, {{"bucket_id", "b"}}),
       "event.messages[0].details.object_id is missing; it must be a string"},
      {one_message(kObjectCreate, {{"bucket_id", nullptr}, {"object_id", "o"}}),
       "event.messages[0].details.bucket_id is missing; it must be a string"},
      {one_message(kIot, {{"registry_id", "r"}}),
       "event.messages[0].details.mqtt_topic is missing; it must be a string"},
      {one_message(kIot, {{"mqtt_topic", "t"}, {"payload", json::array()}}),
       "event.messages[0].details.payload must be a string (it is an array)"},
      {one_message(kIot, {{"mqtt_topic", "t"}, {"broker_id", 1}}),
       "event.messages[0].details.broker_id must be a string (it is a number)"},
      {one_message(kCrCreateImage, {{"image_id", "i"}}),
       "event.messages[0].details.registry_id is missing; it must be a string"},
      {one_message(kCrCreateImage, {{"registry_id", "r"}, {"tag", 1}}),
       "event.messages[0].details.tag must be a string (it is a number)"},
      {one_message(kLogging, json::object()),
       "event.messages[0].details.messages is missing; it must be an array"},
      {one_message(kCloudLogs, {{"messages", {{"a", 1}}}}),
       "event.messages[0].details.messages must be an array (it is an object)"},
      {one_message(kLogging, {{"messages", {json::object(), "line"}}}),
       "event.messages[0].details.messages[1] must be an object (it is a string)"},
      {one_message(kLogging, {{"messages", {{{"level", 3}}}}}),
       "event.messages[0].details.messages[0].level must be a string (it is a number)"},
      {one_message(kLogging, {{"messages", {{{"resource", "fn"}}}}}),
       "event.messages[0].details.messages[0].resource must be an object (it is a string)"},
      {one_message(kLogging, {{"messages", {{{"resource", {{"id", 1}}}}}}}),
       "event.messages[0].details.messages[0].resource.id must be a string (it is a number)"},
      {one_message(kCloudLogs, {{"messages", {{{"timestamp", 1599563110}}}}}),
       "event.messages[0].details.messages[0].timestamp must be a string (it is a number)"},
      {json::array(), "event is not a JSON object (it is an array)"},
  };
  for (const auto& [event, message] : cases) {
    CAPTURE(event.dump(-1, ' ', false, json::error_handler_t::replace));
    CHECK(malformed_message(event) == message);
  }
}

TEST_CASE("trigger: budget and mail fields of the wrong type, when insisted on", "[trigger_event]") {
  const json mail = {{"received_at", "x"}, {"headers", json::array()}};
  const auto mail_with = [&](const json& extra) {
    json message = mail;
    message.update(extra);
    return parse_trigger_event_as(flat(message), Kind::mail);
  };
  const std::pair<ycfn::Result<TriggerEvent>, const char*> cases[] = {
      {parse_trigger_event_as(flat({{"billing_account_id", "a"}}), Kind::budget),
       "event.messages[0].budget_id is missing; it must be a string"},
      {parse_trigger_event_as(flat({{"billing_account_id", "a"}, {"budget_id", "b"}, {"currency", 1}}),
                              Kind::budget),
       "event.messages[0].currency must be a string (it is a number)"},
      {parse_trigger_event_as(
           flat({{"billing_account_id", "a"}, {"budget_id", "b"}, {"threshold_amount", true}}), Kind::budget),
       "event.messages[0].threshold_amount must be a number (it is a boolean)"},
      {parse_trigger_event_as(flat({{"headers", json::array()}}), Kind::mail),
       "event.messages[0].received_at is missing; it must be a string"},
      {mail_with({{"received_at", 5}}), "event.messages[0].received_at must be a string (it is a number)"},
      {mail_with({{"headers", {{"From", "x"}}}}),
       "event.messages[0].headers must be an array (it is an object)"},
      {mail_with({{"headers", {"From: x"}}}),
       "event.messages[0].headers[0] must be an object (it is a string)"},
      {mail_with({{"headers", {{{"values", {"x"}}}}}}),
       "event.messages[0].headers[0].name is missing; it must be a string"},
      {mail_with({{"headers", {{{"name", "From"}, {"values", "x"}}}}}),
       "event.messages[0].headers[0].values must be an array of strings (it is a string)"},
      {mail_with({{"headers", {{{"name", "From"}, {"values", {"x", 2}}}}}}),
       "event.messages[0].headers[0].values[1] must be a string (it is a number)"},
      {mail_with({{"message", {{"html", "x"}}}}),
       "event.messages[0].message must be a string (it is an object)"},
      {mail_with({{"attachments", {"k"}}}),
       "event.messages[0].attachments must be an object (it is an array)"},
      {mail_with({{"attachments", {{"bucket_id", 1}}}}),
       "event.messages[0].attachments.bucket_id must be a string (it is a number)"},
      {mail_with({{"attachments", {{"keys", {1}}}}}),
       "event.messages[0].attachments.keys[0] must be a string (it is a number)"},
  };
  for (const auto& [parsed, message] : cases) CHECK(malformed_message(parsed) == message);
}

TEST_CASE("trigger: an error in a later message names its index", "[trigger_event]") {
  json event = trigger_fixture("message-queue-docs");
  event["messages"][1]["details"]["message"].erase("body");
  CHECK(malformed_message(event) == "event.messages[1].details.message.body is missing; it must be a string");
  json logging = trigger_fixture("cloud-logs-docs");
  logging["messages"][0]["details"]["messages"][1]["message"] = 2;
  CHECK(malformed_message(logging) ==
        "event.messages[0].details.messages[1].message must be a string (it is a number)");
}

TEST_CASE("trigger: every documented payload parses", "[trigger_event]") {
  std::size_t count = 0;
  for (const std::string& name : ycfn_test::fixture_names()) {
    if (name.rfind("events/triggers/", 0) != 0 || name.size() < 5 ||
        name.substr(name.size() - 5) != ".json") {
      continue;
    }
    CAPTURE(name);
    const TriggerEvent event = parse_ok(load(name));
    CHECK_FALSE(event.messages().empty());
    for (const TriggerMessage& message : event.messages()) CHECK(message.kind != Kind::other);
    ++count;
  }
  CHECK(count == 20);
}
