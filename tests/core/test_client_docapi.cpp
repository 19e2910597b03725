#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "client_support.hpp"
#include "ycfn/clients/docapi.hpp"

using nlohmann::json;
using ycfn_test::ClientContext;
using ycfn_test::reply;
namespace docapi = ycfn::docapi;
using docapi::Value;

namespace {

constexpr const char* kEndpoint = "https://docapi.serverless.yandexcloud.net/ru-central1/b1gcloud/etndb";

ClientContext with_endpoint() {
  ClientContext c;
  c.env("YDB_DOCAPI_ENDPOINT", kEndpoint);
  return c;
}

json body_of(const ycfn::HttpCall& call) { return json::parse(call.body(), nullptr, false); }

}  // namespace

TEST_CASE("docapi: values to the wire form and back, every type", "[clients][docapi]") {
  const docapi::Item item{
      {"s", Value::string("caf\xC3\xA9")},
      {"n", Value::number(-42)},
      {"d", Value::decimal("12.50e-3").value()},
      {"b", Value::binary(std::string("\x00\xFF", 2))},
      {"t", Value::boolean(true)},
      {"z", Value::null()},
      {"l", Value::list({Value::string("a"), Value::number(1), Value::list({})})},
      {"m", Value::map({{"y", Value::number(2)}, {"x", Value::boolean(false)}})},
      {"ss", Value::string_set({"a", "b"})},
      {"ns", Value::number_set({1, -2})},
      {"bs", Value::binary_set({"\x01", "\x02"})},
  };
  const json wire = docapi::to_json(item);
  CHECK(wire == json::parse(R"j({
    "s": {"S": "café"}, "n": {"N": "-42"}, "d": {"N": "12.50e-3"}, "b": {"B": "AP8="},
    "t": {"BOOL": true}, "z": {"NULL": true},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"L": []}]},
    "m": {"M": {"x": {"BOOL": false}, "y": {"N": "2"}}},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "-2"]}, "bs": {"BS": ["AQ==", "Ag=="]}
  })j"));
  auto back = docapi::item_from_json(wire);
  REQUIRE(back.ok());
  CHECK(back.value() == item);
}

TEST_CASE("docapi: value accessors answer only for their type", "[clients][docapi]") {
  CHECK(*Value::string("x").as_string() == "x");
  CHECK(Value::string("x").as_number_text() == nullptr);
  CHECK(Value::number(7).as_int() == 7);
  CHECK(*Value::number(7).as_number_text() == "7");
  CHECK(Value::decimal("1.5").value().as_int() == std::nullopt);
  CHECK(Value::decimal("1e3").value().as_int() == std::nullopt);
  CHECK(Value::decimal("99999999999999999999").value().as_int() == std::nullopt);
  CHECK(Value::decimal("-9223372036854775808").value().as_int() == INT64_MIN);
  CHECK(Value::string("7").as_int() == std::nullopt);
  CHECK(*Value::binary("ab").as_binary() == "ab");
  CHECK(Value::boolean(false).as_bool() == false);
  CHECK(Value::null().as_bool() == std::nullopt);
  CHECK(Value().is_null());
  CHECK(Value::list({Value::null()}).as_list()->size() == 1);
  CHECK(Value::map(docapi::Item{{"k", Value::number(1)}}).get("k")->as_int() == 1);
  CHECK(Value::map(docapi::Item{}).get("k") == nullptr);
  CHECK(Value::string("k").get("k") == nullptr);
  CHECK(*Value::number_set({3}).as_set() == std::vector<std::string>{"3"});
  CHECK(Value::string("x").as_set() == nullptr);
  // A map's members are sorted and unique, the last of a name winning.
  const Value m = Value::map({{"b", Value::number(1)}, {"a", Value::number(2)}});
  REQUIRE(m.as_map()->size() == 2);
  CHECK(m.as_map()->at(0).first == "a");  // sorted by name
  CHECK(m.get("b")->as_int() == 1);
}

TEST_CASE("docapi: decimals follow DynamoDB's number syntax", "[clients][docapi]") {
  for (const char* ok : {"0", "-1", "12.5", ".5", "5.", "1e10", "1E+10", "-1.5e-3", "00012"}) {
    CAPTURE(ok);
    CHECK(Value::decimal(ok).ok());
  }
  for (const char* bad :
       {"", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", " 1", "1 ", "+1", "NaN", "Infinity"}) {
    CAPTURE(bad);
    REQUIRE_FALSE(Value::decimal(bad).ok());
    CHECK(Value::decimal(bad).error().code == "docapi.bad_value");
  }
  CHECK_FALSE(Value::decimal(std::string(65, '1')).ok());
  CHECK_FALSE(Value::decimal_set({"1", "x"}).ok());
  CHECK(Value::decimal_set({"1", "2.5"}).value().type() == Value::Type::number_set);
}

TEST_CASE("docapi: wire values of the wrong shape are docapi.bad_value, naming the attribute",
          "[clients][docapi]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"j({"a": "x"})j", "attribute value a: not an object with exactly one type key"},
      {R"j({"a": {}})j", "attribute value a: not an object with exactly one type key"},
      {R"j({"a": {"S": "x", "N": "1"}})j", "attribute value a: not an object with exactly one type key"},
      {R"j({"a": {"S": 1}})j", "attribute value a: S is not a string"},
      {R"j({"a": {"N": 1}})j", "attribute value a: N is not a string"},
      {R"j({"a": {"N": "one"}})j", "attribute value a: N is not a decimal number"},
      {R"j({"a": {"B": "!!"}})j", "attribute value a: B is not base64"},
      {R"j({"a": {"B": 5}})j", "attribute value a: B is not base64"},
      {R"j({"a": {"BOOL": "true"}})j", "attribute value a: BOOL is not true or false"},
      {R"j({"a": {"NULL": false}})j", "attribute value a: NULL is not true"},
      {R"j({"a": {"L": {}}})j", "attribute value a: L is not an array"},
      {R"j({"a": {"L": [{"S": "x"}, {"Q": 1}]}})j",
       "attribute value a[1]: unknown type key (S, N, B, BOOL, NULL, L, M, SS, NS, BS)"},
      {R"j({"a": {"M": []}})j", "attribute value a: M is not an object"},
      {R"j({"a": {"M": {"b": {"M": {"c": {"N": "x"}}}}}})j",
       "attribute value a.b.c: N is not a decimal number"},
      {R"j({"a": {"SS": []}})j", "attribute value a: a set must be a non-empty array"},
      {R"j({"a": {"SS": [1]}})j", "attribute value a: a set element is not a string"},
      {R"j({"a": {"NS": ["1", "x"]}})j", "attribute value a: a set element is not valid for its type"},
      {R"j({"a": {"BS": ["!!"]}})j", "attribute value a: a set element is not valid for its type"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    auto item = docapi::item_from_json(json::parse(text));
    REQUIRE_FALSE(item.ok());
    CHECK(item.error().code == "docapi.bad_value");
    CHECK(item.error().message == message);
  }
  CHECK(docapi::item_from_json(json::array()).error().message == "an item must be a JSON object");
  CHECK(docapi::value_from_json(json::parse(R"j({"S": "x"})j")).value() == Value::string("x"));

  // Nesting: 32 levels of L are fine, 33 are not (and nothing recurses further).
  json deep = {{"S", "x"}};
  for (int i = 0; i < 31; ++i) deep = {{"L", json::array({deep})}};
  CHECK(docapi::value_from_json(deep).ok());
  deep = {{"L", json::array({deep})}};
  CHECK(docapi::value_from_json(deep).error().message.find("nested deeper than 32") != std::string::npos);
}

TEST_CASE("docapi: the endpoint is required: config.missing, no request", "[clients][docapi]") {
  ClientContext c;
  docapi::GetItemRequest get;
  get.table = "t";
  get.key = {{"id", Value::string("a")}};
  auto call = docapi::get_item_call(c.context, get);
  REQUIRE_FALSE(call.ok());
  CHECK(call.error().code == "config.missing");
  CHECK(call.error().message == "docapi.get_item: set YDB_DOCAPI_ENDPOINT to the service's endpoint");
}

TEST_CASE("docapi: GetItem request and reply", "[clients][docapi]") {
  auto c = with_endpoint();
  docapi::GetItemRequest get;
  get.table = "users";
  get.key = {{"id", Value::string("u1")}};
  get.consistent_read = true;
  get.projection = "#n, age";
  get.names = {{"#n", "name"}};
  auto call = docapi::get_item_call(c.context, get);
  REQUIRE(call.ok());
  CHECK(call->method() == "POST");
  CHECK(call->url() == kEndpoint);
  CHECK(call->uses_token());
  CHECK(call->headers().get("X-Amz-Target") == std::optional<std::string_view>("DynamoDB_20120810.GetItem"));
  CHECK(call->headers().get("Content-Type") == std::optional<std::string_view>("application/x-amz-json-1.0"));
  CHECK(body_of(*call) ==
        json::parse(R"j({"TableName": "users", "Key": {"id": {"S": "u1"}}, "ConsistentRead": true,
      "ProjectionExpression": "#n, age", "ExpressionAttributeNames": {"#n": "name"}})j"));

  auto found = docapi::parse_get_item(reply(200, R"j({"Item": {"id": {"S": "u1"}, "age": {"N": "30"}}})j"));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((**found).at("age").as_int() == 30);
  auto none = docapi::parse_get_item(reply(200, "{}"));
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto bad = docapi::parse_get_item(reply(200, R"j({"Item": {"age": {"N": "x"}}})j"));
  CHECK(bad.error().code == "docapi.bad_reply");
  CHECK(bad.error().message == "docapi.get_item: Item: attribute value age: N is not a decimal number");
  CHECK(docapi::parse_get_item(reply(200, "[]")).error().code == "docapi.bad_reply");
}

TEST_CASE("docapi: PutItem with a condition", "[clients][docapi]") {
  auto c = with_endpoint();
  docapi::PutItemRequest put;
  put.table = "users";
  put.item = {{"id", Value::string("u1")}, {"age", Value::number(30)}};
  put.condition = "attribute_not_exists(id)";
  put.return_values = "ALL_OLD";
  auto call = docapi::put_item_call(c.context, put);
  REQUIRE(call.ok());
  CHECK(call->headers().get("X-Amz-Target") == std::optional<std::string_view>("DynamoDB_20120810.PutItem"));
  CHECK(body_of(*call) ==
        json::parse(R"j({"TableName": "users", "Item": {"id": {"S": "u1"}, "age": {"N": "30"}},
      "ConditionExpression": "attribute_not_exists(id)", "ReturnValues": "ALL_OLD"})j"));
  CHECK(docapi::parse_put_item(reply(200, "{}")).value().empty());
  CHECK(docapi::parse_put_item(reply(200, R"j({"Attributes": {"age": {"N": "29"}}})j"))
            .value()
            .at("age")
            .as_int() == 29);
}

TEST_CASE("docapi: UpdateItem ADD with UPDATED_NEW, the counter's request", "[clients][docapi]") {
  auto c = with_endpoint();
  docapi::UpdateItemRequest add;
  add.table = "counters";
  add.key = {{"id", Value::string("home")}};
  add.update = "ADD hits :one SET #u = :now";
  add.names = {{"#u", "updated"}};
  add.values = {{":one", Value::number(1)}, {":now", Value::string("2026-01-01")}};
  add.return_values = "UPDATED_NEW";
  auto call = docapi::update_item_call(c.context, add);
  REQUIRE(call.ok());
  CHECK(call->headers().get("X-Amz-Target") ==
        std::optional<std::string_view>("DynamoDB_20120810.UpdateItem"));
  CHECK(body_of(*call) == json::parse(R"j({"TableName": "counters", "Key": {"id": {"S": "home"}},
      "UpdateExpression": "ADD hits :one SET #u = :now", "ReturnValues": "UPDATED_NEW",
      "ExpressionAttributeNames": {"#u": "updated"},
      "ExpressionAttributeValues": {":one": {"N": "1"}, ":now": {"S": "2026-01-01"}}})j"));
  auto updated = docapi::parse_update_item(reply(200, R"j({"Attributes": {"hits": {"N": "43"}}})j"));
  REQUIRE(updated.ok());
  CHECK(updated->at("hits").as_int() == 43);
}

TEST_CASE("docapi: DeleteItem and Query with paging", "[clients][docapi]") {
  auto c = with_endpoint();
  docapi::DeleteItemRequest del;
  del.table = "users";
  del.key = {{"id", Value::string("u1")}};
  del.condition = "attribute_exists(id)";
  auto call = docapi::delete_item_call(c.context, del);
  REQUIRE(call.ok());
  CHECK(call->headers().get("X-Amz-Target") ==
        std::optional<std::string_view>("DynamoDB_20120810.DeleteItem"));
  CHECK(body_of(*call) == json::parse(R"j({"TableName": "users", "Key": {"id": {"S": "u1"}},
      "ConditionExpression": "attribute_exists(id)"})j"));
  CHECK(docapi::parse_delete_item(reply(200, "{}")).ok());

  docapi::QueryRequest query;
  query.table = "events";
  query.key_condition = "user_id = :u";
  query.filter = "kind <> :k";
  query.values = {{":u", Value::string("u1")}, {":k", Value::string("noise")}};
  query.limit = 2;
  query.scan_forward = false;
  query.exclusive_start_key = docapi::Item{{"user_id", Value::string("u1")}, {"ts", Value::number(5)}};
  auto q = docapi::query_call(c.context, query);
  REQUIRE(q.ok());
  CHECK(q->headers().get("X-Amz-Target") == std::optional<std::string_view>("DynamoDB_20120810.Query"));
  CHECK(body_of(*q) == json::parse(R"j({"TableName": "events", "KeyConditionExpression": "user_id = :u",
      "FilterExpression": "kind <> :k", "Limit": 2, "ScanIndexForward": false,
      "ExclusiveStartKey": {"user_id": {"S": "u1"}, "ts": {"N": "5"}},
      "ExpressionAttributeValues": {":u": {"S": "u1"}, ":k": {"S": "noise"}}})j"));

  auto page =
      docapi::parse_query(reply(200, R"j({"Items": [{"ts": {"N": "4"}}, {"ts": {"N": "3"}}], "Count": 2,
      "ScannedCount": 2, "LastEvaluatedKey": {"user_id": {"S": "u1"}, "ts": {"N": "3"}}})j"));
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 2);
  CHECK(page->items[1].at("ts").as_int() == 3);
  REQUIRE(page->last_evaluated_key.has_value());
  CHECK(page->last_evaluated_key->at("ts").as_int() == 3);
  auto last = docapi::parse_query(reply(200, R"j({"Items": [], "Count": 0})j"));
  REQUIRE(last.ok());
  CHECK_FALSE(last->last_evaluated_key.has_value());
  CHECK(docapi::parse_query(reply(200, R"j({"Items": {}})j")).error().message ==
        "docapi.query: Items is not an array");
  CHECK(docapi::parse_query(reply(200, R"j({"Items": [{"a": {}}]})j")).error().message ==
        "docapi.query: Items[0]: attribute value a: not an object with exactly one type key");
}

TEST_CASE("docapi: builders refuse what the service would", "[clients][docapi]") {
  auto c = with_endpoint();
  docapi::GetItemRequest get;
  get.key = {{"id", Value::string("a")}};
  CHECK(docapi::get_item_call(c.context, get).error().code == "docapi.invalid_argument");
  get.table = std::string(256, 't');
  CHECK(docapi::get_item_call(c.context, get).error().message ==
        "docapi.get_item: the table name must be 1..255 bytes of UTF-8");
  get.table = "t";
  get.key.clear();
  CHECK(docapi::get_item_call(c.context, get).error().message ==
        "docapi.get_item: the key has no attributes");
  docapi::PutItemRequest put;
  put.table = "t";
  CHECK(docapi::put_item_call(c.context, put).error().message ==
        "docapi.put_item: the item has no attributes");
  docapi::UpdateItemRequest update;
  update.table = "t";
  update.key = {{"id", Value::string("a")}};
  CHECK(docapi::update_item_call(c.context, update).error().message ==
        "docapi.update_item: the update expression is empty");
  docapi::DeleteItemRequest del;
  del.table = "t";
  CHECK(docapi::delete_item_call(c.context, del).error().code == "docapi.invalid_argument");
  docapi::QueryRequest query;
  query.table = "t";
  CHECK(docapi::query_call(c.context, query).error().message ==
        "docapi.query: the key condition expression is empty");
  query.key_condition = "id = :id";
  query.limit = -1;
  CHECK(docapi::query_call(c.context, query).error().code == "docapi.invalid_argument");
}

TEST_CASE("docapi: a failed condition is docapi.condition_failed; other exceptions map by name",
          "[clients][docapi]") {
  struct Case {
    int status;
    const char* body;
    const char* code;
    const char* message;
    bool retryable;
  };
  const Case cases[] = {
      {400,
       R"j({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
           "message": "The conditional request failed"})j",
       "docapi.condition_failed",
       "docapi.update_item: HTTP 400 ConditionalCheckFailedException: The conditional request failed", false},
      {400,
       R"j({"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Message": "no table"})j",
       "docapi.not_found", "docapi.update_item: HTTP 400 ResourceNotFoundException: no table", false},
      {400, R"j({"__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"})j",
       "docapi.throttled", "docapi.update_item: HTTP 400 ProvisionedThroughputExceededException", true},
      {400, R"j({"__type": "ThrottlingException", "message": "slow down"})j", "docapi.throttled",
       "docapi.update_item: HTTP 400 ThrottlingException: slow down", true},
      {400, R"j({"__type": "com.amazonaws.dynamodb.v20120810#TransactionConflictException"})j",
       "docapi.conflict", "docapi.update_item: HTTP 400 TransactionConflictException", true},
      {400, R"j({"__type": "com.amazon.coral.validate#ValidationException", "message": "bad expression"})j",
       "docapi.rejected", "docapi.update_item: HTTP 400 ValidationException: bad expression", false},
      {403, R"j({"__type": "AccessDeniedException"})j", "docapi.denied",
       "docapi.update_item: HTTP 403 AccessDeniedException", false},
      {400, R"j({"__type": "SomethingNewException"})j", "docapi.rejected",
       "docapi.update_item: HTTP 400 SomethingNewException", false},
      {500, R"j({"__type": "InternalServerError"})j", "docapi.unavailable",
       "docapi.update_item: HTTP 500 InternalServerError", true},
      {502, "<html>bad gateway</html>", "docapi.unavailable", "docapi.update_item: HTTP 502", true},
      {401, "", "docapi.denied", "docapi.update_item: HTTP 401", false},
  };
  for (const auto& item : cases) {
    CAPTURE(item.body);
    auto updated = docapi::parse_update_item(reply(item.status, item.body));
    REQUIRE_FALSE(updated.ok());
    CHECK(updated.error().code == item.code);
    CHECK(updated.error().message == item.message);
    CHECK(updated.error().retryable == item.retryable);
  }
  auto failed =
      docapi::parse_query(ycfn_test::transport_failure("fetch.network", "connection refused", true));
  CHECK(failed.error().code == "fetch.network");
  CHECK(failed.error().message == "docapi.query: connection refused");
}
