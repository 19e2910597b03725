// Retries of the clients' idempotent calls (ycfn/retry.hpp), through the
// native test kit: the runtime asks the call's rule after each reply and
// issues the call again with the fetch step's delay_ms; the simulated clock
// shows the waits.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/clients/docapi_async.hpp"
#include "ycfn/clients/functions_async.hpp"
#include "ycfn/clients/lockbox_async.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/retry.hpp"
#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kToken = "t1.client-retries-test-token";
const std::string kPayloadUrl = "https://lockbox.test/lockbox/v1/secrets/e6q-secret/payload";
const std::string kDocApi = "https://docapi.test/ru-central1/b1g/etn";

json context_with_token(const std::string& request_id = "retry-request-1") {
  json context = yt::context_with_token(kToken);
  context["requestId"] = request_id;
  return context;
}

const json kEvent = {{"httpMethod", "GET"}, {"path", "/"}, {"headers", json::object()}, {"body", ""}};

template <auto Handler>
yt::TestRuntime runtime_for() {
  return yt::TestRuntime(
      ycfn::HandlerSpec{&ycfn::adapt_handler<Handler>, ycfn::TokenRequirement::required, "t"},
      {{"YC_LOCKBOX_PAYLOAD_ENDPOINT", "https://lockbox.test"},
       {"YC_FUNCTIONS_ENDPOINT", "https://functions.test"},
       {"YDB_DOCAPI_ENDPOINT", kDocApi}});
}

ycfn::Response error_response(const ycfn::Error& error) {
  return ycfn::Response::json({{"code", error.code}, {"message", error.message}}, 299);
}

ycfn::Async<ycfn::Response> lockbox_handler(const ycfn::Request&, ycfn::Context& context) {
  auto payload = co_await ycfn::lockbox::get_payload(context, "e6q-secret");
  if (!payload) co_return error_response(payload.error());
  co_return ycfn::Response::json({{"version", payload->version_id}});
}

yt::Reply payload_reply() {
  return yt::Reply::json(200, {{"versionId", "v1"}, {"entries", {{{"key", "k"}, {"textValue", "v"}}}}});
}

yt::Reply unavailable(std::vector<std::pair<std::string, std::string>> headers = {}) {
  return yt::Reply::http(503, R"({"code": 14, "message": "try later"})", std::move(headers));
}

std::int64_t wait_between(const yt::Outcome& out, std::size_t later) {
  return out.requests.at(later).at_ms - out.requests.at(later - 1).at_ms;
}

}  // namespace

TEST_CASE("retries: a 429 is retried after a jittered backoff, and the handler sees only the 200",
          "[clients][retry]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", kPayloadUrl, yt::Reply::json(429, {{"code", 8}, {"message", "slow down"}}));
  runtime.add_reply("GET", kPayloadUrl, payload_reply());
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token());
  INFO(out.body);
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"version", "v1"}});
  REQUIRE(out.requests.size() == 2);
  // The first retry waits half the 100 ms base plus up to as much jitter.
  CHECK(wait_between(out, 1) >= 50);
  CHECK(wait_between(out, 1) <= 100);
  CHECK(out.requests[1].headers.at("Authorization") == "Bearer " + kToken);
  CHECK(out.logged("INFO", "retrying GET https://lockbox.test/lockbox/v1/secrets/e6q-secret/payload"));
  CHECK(runtime.replies_left() == 0);
}

TEST_CASE("retries: the jitter comes from the request id: the same invocation waits the same",
          "[clients][retry]") {
  std::int64_t waits[3] = {};
  const char* ids[3] = {"same-id", "same-id", "another-id-entirely"};
  for (int i = 0; i < 3; ++i) {
    auto runtime = runtime_for<lockbox_handler>();
    runtime.add_reply("GET", kPayloadUrl, unavailable());
    runtime.add_reply("GET", kPayloadUrl, unavailable());
    runtime.add_reply("GET", kPayloadUrl, payload_reply());
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(ids[i]));
    REQUIRE(out.status == 200);
    REQUIRE(out.requests.size() == 3);
    CHECK(wait_between(out, 2) >= 100);  // the second retry: 100..200 ms
    CHECK(wait_between(out, 2) <= 200);
    waits[i] = wait_between(out, 1) * 1000 + wait_between(out, 2);
  }
  CHECK(waits[0] == waits[1]);
}

TEST_CASE("retries: a 503 with Retry-After waits the seconds it asks for", "[clients][retry]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", kPayloadUrl, unavailable({{"Retry-After", "2"}}));
  runtime.add_reply("GET", kPayloadUrl, payload_reply());
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
  REQUIRE(out.status == 200);
  REQUIRE(out.requests.size() == 2);
  CHECK(wait_between(out, 1) == 2000);
}

TEST_CASE("retries: a Retry-After that is an HTTP-date is not parsed: the reply is final",
          "[clients][retry]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", kPayloadUrl, unavailable({{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}}));
  runtime.add_reply("GET", kPayloadUrl, payload_reply());
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
  CHECK(out.json().value()["code"] == "lockbox.unavailable");
  CHECK(out.requests.size() == 1);
  CHECK(runtime.replies_left() == 1);
}

namespace {

// A call of the handler's own: a timeout of its own leaves time for a retry.
ycfn::Async<ycfn::Response> raw_handler(const ycfn::Request&, ycfn::Context& context) {
  const ycfn::HttpReply reply = co_await context.fetch(
      ycfn::HttpCall::get("https://api.test/thing").timeout_ms(1000).retry(ycfn::retry_transient));
  co_return ycfn::Response::json({{"status", reply.status()}, {"error", reply.error().code}});
}

}  // namespace

TEST_CASE("retries: a network failure and a timeout are retried", "[clients][retry]") {
  SECTION("network") {
    auto runtime = runtime_for<lockbox_handler>();
    runtime.add_reply("GET", kPayloadUrl, yt::Reply::transport_failure("network"));
    runtime.add_reply("GET", kPayloadUrl, payload_reply());
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
    INFO(out.body);
    REQUIRE(out.status == 200);
    CHECK(out.requests.size() == 2);
  }
  SECTION("a timeout of the call's own, a rule of the handler's") {
    auto runtime = runtime_for<raw_handler>();
    runtime.add_reply("GET", "https://api.test/thing", yt::Reply::transport_failure("timeout"));
    runtime.add_reply("GET", "https://api.test/thing", yt::Reply::http(204));
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
    CHECK(out.json().value() == json{{"status", 204}, {"error", ""}});
    REQUIRE(out.requests.size() == 2);
    CHECK(wait_between(out, 1) >= 1050);  // the timeout, then the backoff
  }
}

TEST_CASE("retries: a 4xx is final", "[clients][retry]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", kPayloadUrl, yt::Reply::json(403, {{"code", 7}, {"message", "denied"}}));
  runtime.add_reply("GET", kPayloadUrl, payload_reply());
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token());
  CHECK(out.json().value()["code"] == "lockbox.denied");
  CHECK(out.requests.size() == 1);
}

TEST_CASE("retries: the budget of a call spent, the handler gets the last error", "[clients][retry]") {
  auto runtime = runtime_for<lockbox_handler>();
  runtime.add_reply("GET", kPayloadUrl, unavailable());
  runtime.add_reply("GET", kPayloadUrl, yt::Reply::json(500, {{"code", 13}, {"message", "internal"}}));
  runtime.add_reply("GET", kPayloadUrl, yt::Reply::json(502, {{"code", 14}, {"message", "the last one"}}));
  runtime.add_reply("GET", kPayloadUrl, payload_reply());
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
  const json body = out.json().value();
  CHECK(body["code"] == "lockbox.unavailable");
  CHECK(body["message"].get<std::string>().find("HTTP 502") != std::string::npos);
  CHECK(body["message"].get<std::string>().find("the last one") != std::string::npos);
  CHECK(out.requests.size() == ycfn::kDefaultRetryPolicy.max_attempts);
  CHECK(runtime.replies_left() == 1);
  CHECK(out.logged("WARN", "after 3 attempts: not retried again"));
}

TEST_CASE("retries: none when the wait would end too close to the deadline", "[clients][retry]") {
  SECTION("a Retry-After past the deadline") {
    auto runtime = runtime_for<lockbox_handler>();
    runtime.add_reply("GET", kPayloadUrl, unavailable({{"Retry-After", "3"}}));
    runtime.add_reply("GET", kPayloadUrl, payload_reply());
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 3000);
    CHECK(out.json().value()["code"] == "lockbox.unavailable");
    CHECK(out.requests.size() == 1);
  }
  SECTION("a backoff that leaves less than a request needs before the reserve") {
    // 350 ms: 150 ms before the 200 ms reserve; a 50..100 ms wait leaves less
    // than the 100 ms a request is given at least.
    auto runtime = runtime_for<lockbox_handler>();
    runtime.add_reply("GET", kPayloadUrl, unavailable());
    runtime.add_reply("GET", kPayloadUrl, payload_reply());
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 350);
    CHECK(out.json().value()["code"] == "lockbox.unavailable");
    CHECK(out.requests.size() == 1);
    CHECK(runtime.replies_left() == 1);
  }
}

namespace {

ycfn::Async<ycfn::Response> update_handler(const ycfn::Request&, ycfn::Context& context) {
  ycfn::docapi::UpdateItemRequest update;
  update.table = "counters";
  update.key = {{"id", ycfn::docapi::Value::string("a")}};
  update.update = "ADD hits :one";
  update.values = {{":one", ycfn::docapi::Value::number(1)}};
  auto updated = co_await ycfn::docapi::update_item(context, update);
  if (!updated) co_return error_response(updated.error());
  co_return ycfn::Response::json({{"ok", true}});
}

}  // namespace

namespace {

ycfn::Async<ycfn::Response> invoke_handler(const ycfn::Request&, ycfn::Context& context) {
  auto answer = co_await ycfn::functions::invoke(context, "d4ecallee", "{}");
  if (!answer) co_return error_response(answer.error());
  co_return ycfn::Response::json({{"status", answer->status}});
}

}  // namespace

TEST_CASE("retries: never for a call that is not idempotent (UpdateItem, Functions invoke)",
          "[clients][retry]") {
  SECTION("UpdateItem with ADD") {
    auto runtime = runtime_for<update_handler>();
    runtime.add_reply("POST", kDocApi, yt::Reply::http(503, ""));
    runtime.add_reply("POST", kDocApi, yt::Reply::json(200, json::object()));
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
    CHECK(out.json().value()["code"] == "docapi.unavailable");
    CHECK(out.requests.size() == 1);
  }
  SECTION("Functions invoke") {
    auto runtime = runtime_for<invoke_handler>();
    runtime.add_reply("POST", "https://functions.test/d4ecallee", yt::Reply::transport_failure("network"));
    runtime.add_reply("POST", "https://functions.test/d4ecallee", yt::Reply::json(200, json::object()));
    const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
    CHECK(out.json().value()["code"] == "fetch.network");
    CHECK(out.requests.size() == 1);
  }
}

namespace {

ycfn::Async<ycfn::Response> get_item_handler(const ycfn::Request&, ycfn::Context& context) {
  ycfn::docapi::GetItemRequest get;
  get.table = "counters";
  get.key = {{"id", ycfn::docapi::Value::string("a")}};
  auto item = co_await ycfn::docapi::get_item(context, get);
  if (!item) co_return error_response(item.error());
  co_return ycfn::Response::json({{"found", item->has_value()}});
}

}  // namespace

TEST_CASE("retries: the Document API's throttling (a 400 naming it) is retried for GetItem",
          "[clients][retry]") {
  auto runtime = runtime_for<get_item_handler>();
  runtime.add_reply("POST", kDocApi,
                    yt::Reply::json(400, {{"__type", "com.amazonaws.dynamodb.v20120810#ThrottlingException"},
                                          {"message", "slow down"}}));
  runtime.add_reply("POST", kDocApi, yt::Reply::json(200, json::object()));
  const yt::Outcome out = runtime.invoke(kEvent, context_with_token(), 10000);
  INFO(out.body);
  CHECK(out.json().value() == json{{"found", false}});
  CHECK(out.requests.size() == 2);
}

TEST_CASE("retries: decide_retry spends the invocation's budget", "[clients][retry]") {
  const ycfn::HttpReply reply = ycfn::HttpReply::received(503, {}, "", "https://x.test/", 1);
  ycfn::RetryInput input{reply, 1, 0, 1000, 100000, 200, 100, "id"};
  CHECK(ycfn::retry_transient(input).retry);
  input.invocation_retries = ycfn::kDefaultRetryPolicy.max_invocation_retries;
  const ycfn::RetryDecision spent = ycfn::retry_transient(input);
  CHECK_FALSE(spent.retry);
  CHECK(spent.reason.find("retries are spent") != std::string::npos);
}
