// The clients' coroutine wrappers (ycfn/clients/*_async.hpp) through the
// native test kit: each call is one co_await, the request is the builder's,
// the reply the parser's, errors stay values; the listings follow every page.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/clients/compute_async.hpp"
#include "ycfn/clients/docapi_async.hpp"
#include "ycfn/clients/functions_async.hpp"
#include "ycfn/clients/lockbox_async.hpp"
#include "ycfn/clients/storage_async.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kToken = "t1.clients-async-test-token";

const json kEvent = {{"httpMethod", "GET"}, {"path", "/"}, {"headers", json::object()}, {"body", ""}};

template <auto Handler>
yt::TestRuntime runtime_for(std::map<std::string, std::string> env = {}) {
  env.emplace("YC_LOCKBOX_PAYLOAD_ENDPOINT", "https://lockbox.test");
  env.emplace("YC_STORAGE_ENDPOINT", "https://storage.test");
  env.emplace("YC_FUNCTIONS_ENDPOINT", "https://functions.test");
  env.emplace("YC_COMPUTE_ENDPOINT", "https://compute.test");
  env.emplace("YDB_DOCAPI_ENDPOINT", "https://docapi.test/ru-central1/b1g/etn");
  return yt::TestRuntime(
      ycfn::HandlerSpec{&ycfn::adapt_handler<Handler>, ycfn::TokenRequirement::required, "t"},
      std::move(env));
}

ycfn::Response error_response(const ycfn::Error& error) {
  return ycfn::Response::json({{"code", error.code}, {"message", error.message}}, 299);
}

void check_tokens(const yt::Outcome& out) {
  for (const auto& request : out.requests) CHECK(request.headers.at("Authorization") == "Bearer " + kToken);
}

// --- Lockbox ---------------------------------------------------------------

ycfn::Async<ycfn::Response> lockbox_handler(const ycfn::Request&, ycfn::Context& context) {
  auto payload = co_await ycfn::lockbox::get_payload(context, "e6q-secret", context.env("VERSION", ""));
  if (!payload) co_return error_response(payload.error());
  json keys = json::array();
  for (const auto& entry : payload->entries) keys.push_back(entry.key);
  auto password = payload->text("password");
  context.log().info("the password is " + std::string(password ? *password : "?"));
  co_return ycfn::Response::json({{"version", payload->version_id}, {"keys", keys}});
}

TEST_CASE("lockbox::get_payload: one co_await, the payload, its values protected", "[clients][async]") {
  auto runtime = runtime_for<lockbox_handler>({{"VERSION", "v2"}});
  runtime.add_reply("GET", "https://lockbox.test/lockbox/v1/secrets/e6q-secret/payload?versionId=v2",
                    yt::Reply::json(200, {{"versionId", "v2"},
                                          {"entries",
                                           {{{"key", "password"}, {"textValue", "hunter2-correct-horse"}},
                                            {{"key", "cert"}, {"binaryValue", "AAEC"}}}}}));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"version", "v2"}, {"keys", {"password", "cert"}}});
  REQUIRE(out.requests.size() == 1);
  check_tokens(out);
  CHECK(out.logged("INFO", "the password is [secret]"));
  for (const auto& line : out.logs) CHECK(line.dump().find("hunter2") == std::string::npos);
}

TEST_CASE("lockbox::get_payload: errors are values naming service and operation", "[clients][async]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", "https://lockbox.test/", yt::Reply::json(403, {{"code", 7}, {"message", "no"}}));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  REQUIRE(out.status == 299);
  CHECK(out.json().value()["code"] == "lockbox.denied");
  CHECK(out.json().value()["message"].get<std::string>().rfind("lockbox.get_payload: HTTP 403", 0) == 0);
}

ycfn::Async<ycfn::Response> lockbox_bad_id(const ycfn::Request&, ycfn::Context& context) {
  auto payload = co_await ycfn::lockbox::get_payload(context, "../etc");
  if (!payload) co_return error_response(payload.error());
  co_return ycfn::Response::text("unexpected");
}

TEST_CASE("lockbox::get_payload: a bad argument is an error before any request", "[clients][async]") {
  auto runtime = runtime_for<lockbox_bad_id>();
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(out.status == 299);
  CHECK(out.json().value()["code"] == "lockbox.invalid_argument");
  CHECK(out.requests.empty());
}

// --- Object Storage ------------------------------------------------------

ycfn::Async<ycfn::Response> storage_handler(const ycfn::Request&, ycfn::Context& context) {
  auto object = co_await ycfn::storage::get_object(context, "src", "in/a b.txt");
  if (!object) co_return error_response(object.error());
  auto stored =
      co_await ycfn::storage::put_object(context, "dst", "copy/a b.txt", object->body, object->content_type);
  if (!stored) co_return error_response(stored.error());
  auto info = co_await ycfn::storage::head_object(context, "dst", "copy/a b.txt");
  if (!info) co_return error_response(info.error());
  auto deleted = co_await ycfn::storage::delete_object(context, "src", "in/a b.txt");
  if (!deleted) co_return error_response(deleted.error());
  // A named ListOptions, not a braced temporary in the co_await expression:
  // GCC 12 destroys such a temporary twice (GCC bug 100611).
  ycfn::storage::ListOptions under_copy;
  under_copy.prefix = "copy/";
  auto page = co_await ycfn::storage::list_objects(context, "dst", under_copy);
  if (!page) co_return error_response(page.error());
  auto all = co_await ycfn::storage::list_all_objects(context, "dst");
  if (!all) co_return error_response(all.error());
  json keys = json::array();
  for (const auto& summary : all->objects) keys.push_back(summary.key);
  co_return ycfn::Response::json(
      {{"etag", stored->etag}, {"size", info->size}, {"page", page->objects.size()}, {"all", keys}});
}

std::string list_page(const std::string& keys_xml, const std::string& next) {
  return "<ListBucketResult><IsTruncated>" + std::string(next.empty() ? "false" : "true") + "</IsTruncated>" +
         (next.empty() ? "" : "<NextContinuationToken>" + next + "</NextContinuationToken>") + keys_xml +
         "</ListBucketResult>";
}

std::string contents(const std::string& key) {
  return "<Contents><Key>" + key + "</Key><Size>1</Size><ETag>\"e\"</ETag></Contents>";
}

TEST_CASE("storage: get, put, head, delete, one page and every page, each one co_await", "[clients][async]") {
  auto runtime = runtime_for<storage_handler>();
  runtime.add_reply("GET", "https://storage.test/src/in/a%20b.txt",
                    yt::Reply::http(200, "hello", {{"Content-Type", "text/plain"}, {"ETag", "\"1\""}}));
  runtime.add_reply("PUT", "https://storage.test/dst/copy/a%20b.txt",
                    yt::Reply::http(200, "", {{"ETag", "\"2\""}}));
  runtime.add_reply("HEAD", "https://storage.test/dst/copy/a%20b.txt",
                    yt::Reply::http(200, "", {{"Content-Length", "5"}, {"Content-Type", "text/plain"}}));
  runtime.add_reply("DELETE", "https://storage.test/src/in/a%20b.txt", yt::Reply::http(204));
  runtime.add_reply("GET", "https://storage.test/dst?",
                    yt::Reply::http(200, list_page(contents("copy/a b.txt"), "")));
  runtime.add_reply("GET", "https://storage.test/dst?",
                    yt::Reply::http(200, list_page(contents("a") + contents("b"), "tok 2")));
  runtime.add_reply("GET", "https://storage.test/dst?", yt::Reply::http(200, list_page(contents("c"), "")));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"etag", "\"2\""}, {"size", 5}, {"page", 1}, {"all", {"a", "b", "c"}}});
  REQUIRE(out.requests.size() == 7);
  CHECK(out.requests[1].body == "hello");
  CHECK(out.requests[1].headers.at("Content-Type") == "text/plain");
  CHECK(out.requests[4].url.find("prefix=copy%2F") != std::string::npos);
  CHECK(out.requests[6].url.find("continuation-token=tok%202") != std::string::npos);
  check_tokens(out);
  CHECK(runtime.replies_left() == 0);
}

ycfn::Async<ycfn::Response> storage_list_all(const ycfn::Request&, ycfn::Context& context) {
  const ycfn::storage::ListOptions from_start;
  auto all = co_await ycfn::storage::list_all_objects(context, "dst", from_start, 3);
  if (!all) co_return error_response(all.error());
  co_return ycfn::Response::json({{"n", all->objects.size()}});
}

TEST_CASE("storage::list_all_objects: an error or an endless listing ends it", "[clients][async]") {
  {
    auto runtime = runtime_for<storage_list_all>();
    runtime.add_reply("GET", "https://storage.test/dst?",
                      yt::Reply::http(200, list_page(contents("a"), "t")));
    runtime.add_reply(
        "GET", "https://storage.test/dst?",
        yt::Reply::http(404, "<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>"));
    const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
    CHECK(out.status == 299);
    CHECK(out.json().value()["code"] == "storage.not_found");
    CHECK(out.requests.size() == 2);
  }
  {
    auto runtime = runtime_for<storage_list_all>();
    for (int i = 0; i < 2; ++i)
      runtime.add_reply("GET", "https://storage.test/dst?",
                        yt::Reply::http(200, list_page(contents("a"), "same")));
    const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
    CHECK(out.json().value()["code"] == "storage.list_endless");
    CHECK(out.requests.size() == 2);
  }
  {
    auto runtime = runtime_for<storage_list_all>();
    for (int i = 0; i < 3; ++i)
      runtime.add_reply("GET", "https://storage.test/dst?",
                        yt::Reply::http(200, list_page(contents("a"), "t" + std::to_string(i))));
    const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
    CHECK(out.json().value()["code"] == "storage.list_endless");
    CHECK(out.requests.size() == 3);  // max_pages
  }
}

// --- Document API --------------------------------------------------------

ycfn::Async<ycfn::Response> docapi_handler(const ycfn::Request&, ycfn::Context& context) {
  namespace docapi = ycfn::docapi;
  docapi::UpdateItemRequest add;
  add.table = "counters";
  add.key = {{"id", docapi::Value::string("home")}};
  add.update = "ADD hits :one";
  add.values = {{":one", docapi::Value::number(1)}};
  add.return_values = "UPDATED_NEW";
  auto updated = co_await docapi::update_item(context, std::move(add));
  if (!updated) co_return error_response(updated.error());
  docapi::GetItemRequest get;
  get.table = "counters";
  get.key = {{"id", docapi::Value::string("none")}};
  auto got = co_await docapi::get_item(context, std::move(get));
  if (!got) co_return error_response(got.error());
  docapi::PutItemRequest put;
  put.table = "counters";
  put.item = {{"id", docapi::Value::string("x")}};
  put.condition = "attribute_not_exists(id)";
  auto stored = co_await docapi::put_item(context, std::move(put));
  json out = {{"hits", *updated->at("hits").as_int()}, {"found", got->has_value()}};
  if (!stored) out["put"] = stored.error().code;
  docapi::DeleteItemRequest del;
  del.table = "counters";
  del.key = {{"id", docapi::Value::string("x")}};
  auto deleted = co_await docapi::delete_item(context, std::move(del));
  if (!deleted) co_return error_response(deleted.error());
  docapi::QueryRequest query;
  query.table = "counters";
  query.key_condition = "id = :id";
  query.values = {{":id", docapi::Value::string("home")}};
  auto page = co_await docapi::query(context, std::move(query));
  if (!page) co_return error_response(page.error());
  out["items"] = page->items.size();
  co_return ycfn::Response::json(out);
}

TEST_CASE("docapi: update, get, put, delete, query, each one co_await", "[clients][async]") {
  auto runtime = runtime_for<docapi_handler>();
  const std::string api = "https://docapi.test/ru-central1/b1g/etn";
  runtime.add_reply("POST", api, yt::Reply::json(200, {{"Attributes", {{"hits", {{"N", "43"}}}}}}));
  runtime.add_reply("POST", api, yt::Reply::json(200, json::object()));
  runtime.add_reply(
      "POST", api,
      yt::Reply::json(400, {{"__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"},
                            {"message", "exists"}}));
  runtime.add_reply("POST", api, yt::Reply::json(200, json::object()));
  runtime.add_reply("POST", api,
                    yt::Reply::json(200, {{"Items", {{{"id", {{"S", "home"}}}}}}, {"Count", 1}}));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() ==
        json{{"hits", 43}, {"found", false}, {"put", "docapi.condition_failed"}, {"items", 1}});
  REQUIRE(out.requests.size() == 5);
  const char* targets[] = {"UpdateItem", "GetItem", "PutItem", "DeleteItem", "Query"};
  for (std::size_t i = 0; i < 5; ++i)
    CHECK(out.requests[i].headers.at("X-Amz-Target") == std::string("DynamoDB_20120810.") + targets[i]);
  CHECK(json::parse(out.requests[0].body)["ReturnValues"] == "UPDATED_NEW");
  check_tokens(out);
}

// --- Functions -----------------------------------------------------------

ycfn::Async<ycfn::Response> functions_handler(const ycfn::Request&, ycfn::Context& context) {
  auto answer = co_await ycfn::functions::invoke(context, "d4ecallee", R"({"n":1})");
  if (!answer) co_return error_response(answer.error());
  co_return ycfn::Response::json({{"status", answer->status}, {"body", answer->body}});
}

TEST_CASE("functions::invoke: one co_await", "[clients][async]") {
  auto runtime = runtime_for<functions_handler>();
  runtime.add_reply("POST", "https://functions.test/d4ecallee", yt::Reply::json(200, {{"ok", true}}));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  INFO(out.body);
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"status", 200}, {"body", R"({"ok":true})"}});
  REQUIRE(out.requests.size() == 1);
  CHECK(out.requests[0].body == R"({"n":1})");
  check_tokens(out);
}

// --- Compute -------------------------------------------------------------

ycfn::Async<ycfn::Response> compute_handler(const ycfn::Request&, ycfn::Context& context) {
  auto instances = co_await ycfn::compute::list_all_instances(context, "b1g");
  if (!instances) co_return error_response(instances.error());
  json stopped = json::array();
  for (const auto& vm : *instances) {
    if (vm.status != "RUNNING") continue;
    auto op = co_await ycfn::compute::stop_instance(context, vm.id);
    if (!op) co_return error_response(op.error());
    stopped.push_back(op->id);
  }
  auto started = co_await ycfn::compute::start_instance(context, "c");
  if (!started) co_return error_response(started.error());
  auto page = co_await ycfn::compute::list_instances(context, "b1g");
  if (!page) co_return error_response(page.error());
  co_return ycfn::Response::json(
      {{"stopped", stopped}, {"started", started->id}, {"page", page->instances.size()}});
}

json vm(const std::string& id, const std::string& status) {
  return {{"id", id}, {"folderId", "b1g"}, {"name", id}, {"zoneId", "z"}, {"status", status}};
}

TEST_CASE("compute: every page, stop, start, one page, each one co_await", "[clients][async]") {
  auto runtime = runtime_for<compute_handler>();
  const std::string api = "https://compute.test/compute/v1/instances";
  runtime.add_reply("GET", api,
                    yt::Reply::json(200, {{"instances", {vm("a", "RUNNING")}}, {"nextPageToken", "p2"}}));
  runtime.add_reply("GET", api,
                    yt::Reply::json(200, {{"instances", {vm("b", "STOPPED"), vm("d", "RUNNING")}}}));
  runtime.add_reply("POST", api + "/a:stop", yt::Reply::json(200, {{"id", "op-a"}}));
  runtime.add_reply("POST", api + "/d:stop", yt::Reply::json(200, {{"id", "op-d"}}));
  runtime.add_reply("POST", api + "/c:start", yt::Reply::json(200, {{"id", "op-c"}}));
  runtime.add_reply("GET", api,
                    yt::Reply::json(200, {{"instances", {vm("a", "STOPPING")}}, {"nextPageToken", "p2"}}));
  const yt::Outcome out = runtime.invoke(kEvent, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"stopped", {"op-a", "op-d"}}, {"started", "op-c"}, {"page", 1}});
  REQUIRE(out.requests.size() == 6);
  CHECK(out.requests[1].url.find("pageToken=p2") != std::string::npos);
  check_tokens(out);
  CHECK(runtime.replies_left() == 0);
}

}  // namespace
