// examples/ydb-counter through the native test kit: the Document API scripted,
// every request checked as sent.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kApi = "https://docapi.test/ru-central1/b1gdb/etndb";
const std::string kToken = "t1.ydb-counter-test-token";

yt::TestRuntime runtime_with(std::map<std::string, std::string> env) {
  return yt::TestRuntime(ycfn::registered_handler(), std::move(env));
}

json get_with_query(const json& query) {
  json event = yt::http_event("GET", "/");
  event["queryStringParameters"] = query;
  return event;
}

}  // namespace

TEST_CASE("ydb-counter: one UpdateItem ADD hits :one with UPDATED_NEW, the new value as a number") {
  auto runtime = runtime_with({{"YDB_DOCAPI_ENDPOINT", kApi}, {"TABLE", "visits"}});
  runtime.add_reply("POST", kApi, yt::Reply::json(200, {{"Attributes", {{"hits", {{"N", "43"}}}}}}));
  const yt::Outcome out =
      runtime.invoke(get_with_query({{"name", "home page"}}), yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"id", "home page"}, {"hits", 43}});
  REQUIRE(out.requests.size() == 1);
  const auto& sent = out.requests[0];
  CHECK(sent.url == kApi);
  CHECK(sent.headers.at("Authorization") == "Bearer " + kToken);
  CHECK(sent.headers.at("X-Amz-Target") == "DynamoDB_20120810.UpdateItem");
  CHECK(sent.headers.at("Content-Type") == "application/x-amz-json-1.0");
  const json body = json::parse(sent.body);
  CHECK(body["TableName"] == "visits");
  CHECK(body["Key"] == json{{"id", {{"S", "home page"}}}});
  CHECK(body["UpdateExpression"] == "ADD hits :one");
  CHECK(body["ExpressionAttributeValues"] == json{{":one", {{"N", "1"}}}});
  CHECK(body["ReturnValues"] == "UPDATED_NEW");
}

TEST_CASE("ydb-counter: name defaults to \"default\", TABLE to counters") {
  auto runtime = runtime_with({{"YDB_DOCAPI_ENDPOINT", kApi}});
  runtime.add_reply("POST", kApi, yt::Reply::json(200, {{"Attributes", {{"hits", {{"N", "1"}}}}}}));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"id", "default"}, {"hits", 1}});
  REQUIRE(out.requests.size() == 1);
  const json body = json::parse(out.requests[0].body);
  CHECK(body["TableName"] == "counters");
  CHECK(body["Key"] == json{{"id", {{"S", "default"}}}});
}

TEST_CASE("ydb-counter: errors") {
  SECTION("no endpoint: 500 config.missing, no request") {
    auto runtime = runtime_with({});
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
    CHECK(out.status == 500);
    CHECK(out.error_type == "config.missing");
    CHECK(out.requests.empty());
  }
  SECTION("a Document API error: 502 naming it") {
    auto runtime = runtime_with({{"YDB_DOCAPI_ENDPOINT", kApi}});
    runtime.add_reply(
        "POST", kApi,
        yt::Reply::json(400, {{"__type", "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"},
                              {"message", "no table"}}));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
    CHECK(out.status == 502);
    CHECK(out.error_type == "docapi.not_found");
    CHECK(out.requests.size() == 1);
  }
  SECTION("a reply without numeric hits: 502 docapi.bad_reply") {
    auto runtime = runtime_with({{"YDB_DOCAPI_ENDPOINT", kApi}});
    runtime.add_reply("POST", kApi, yt::Reply::json(200, {{"Attributes", {{"hits", {{"S", "x"}}}}}}));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
    CHECK(out.status == 502);
    CHECK(out.error_type == "docapi.bad_reply");
  }
  SECTION("a name over 256 bytes: 400, no request") {
    auto runtime = runtime_with({{"YDB_DOCAPI_ENDPOINT", kApi}});
    const yt::Outcome out =
        runtime.invoke(get_with_query({{"name", std::string(300, 'x')}}), yt::context_with_token(kToken));
    CHECK(out.status == 400);
    CHECK(out.requests.empty());
  }
}
