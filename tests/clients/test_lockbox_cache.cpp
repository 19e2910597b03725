// The per-instance Lockbox payload cache (YCFN_LOCKBOX_CACHE_SECONDS), through
// the native test kit: one TestRuntime is one instance, its invocations share
// the cache; the simulated clock decides freshness.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "ycfn/clients/lockbox_async.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kSecretValue = "correct-horse-battery-staple";
const std::string kToken = "t1.cache-test-token";
const std::string kPayloadUrl = "https://lockbox.test/lockbox/v1/secrets/e6q-secret/payload";

const json kEvent = {{"httpMethod", "GET"}, {"path", "/"}, {"headers", json::object()}, {"body", ""}};

// Logs the value it reads (a mistake the redaction must cover, cached or not).
ycfn::Async<ycfn::Response> reader(const ycfn::Request& request, ycfn::Context& context) {
  std::string version;
  if (const ycfn::HttpRequest* http = request.http())
    version = std::string(http->query().get("version").value_or(""));
  auto payload = co_await ycfn::lockbox::get_payload(context, "e6q-secret", version);
  if (!payload) co_return ycfn::Response::json({{"code", payload.error().code}}, 502);
  auto value = payload->text("password");
  context.log().info("the password is " + std::string(value ? *value : "?"));
  co_return ycfn::Response::json({{"version", payload->version_id}, {"bytes", value ? value->size() : 0}});
}

yt::TestRuntime instance(std::map<std::string, std::string> env = {}) {
  env.emplace("YC_LOCKBOX_PAYLOAD_ENDPOINT", "https://lockbox.test");
  return yt::TestRuntime(
      ycfn::HandlerSpec{&ycfn::adapt_handler<reader>, ycfn::TokenRequirement::required, "t"}, std::move(env));
}

yt::Reply payload(const std::string& version) {
  return yt::Reply::json(
      200, {{"versionId", version}, {"entries", {{{"key", "password"}, {"textValue", kSecretValue}}}}});
}

bool leaks(const yt::Outcome& out) {
  for (const auto& record : out.logs) {
    if (record.dump().find(kSecretValue) != std::string::npos) return true;
  }
  return out.body.find(kSecretValue) != std::string::npos;
}

}  // namespace

TEST_CASE("lockbox cache: off by default, every invocation reads the payload", "[clients][lockbox][cache]") {
  auto runtime = instance();
  runtime.add_reply("GET", kPayloadUrl, payload("v1"));
  runtime.add_reply("GET", kPayloadUrl, payload("v2"));
  CHECK(runtime.invoke(kEvent, yt::context_with_token(kToken)).json().value()["version"] == "v1");
  const yt::Outcome second = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(second.json().value()["version"] == "v2");
  CHECK(second.requests.size() == 1);
}

TEST_CASE("lockbox cache: a fresh payload is served without a request, its value still protected",
          "[clients][lockbox][cache]") {
  auto runtime = instance({{"YCFN_LOCKBOX_CACHE_SECONDS", "60"}});
  runtime.add_reply("GET", kPayloadUrl, payload("v1"));
  const yt::Outcome first = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(first.json().value() == json{{"version", "v1"}, {"bytes", kSecretValue.size()}});
  CHECK(first.requests.size() == 1);

  runtime.advance(59000);
  const yt::Outcome second = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(second.json().value() == json{{"version", "v1"}, {"bytes", kSecretValue.size()}});
  CHECK(second.requests.empty());
  CHECK(second.logged("INFO", "the password is [secret]"));
  CHECK_FALSE(leaks(first));
  CHECK_FALSE(leaks(second));
}

TEST_CASE("lockbox cache: an expired payload is read again", "[clients][lockbox][cache]") {
  auto runtime = instance({{"YCFN_LOCKBOX_CACHE_SECONDS", "60"}});
  runtime.add_reply("GET", kPayloadUrl, payload("v1"));
  runtime.add_reply("GET", kPayloadUrl, payload("v2"));
  CHECK(runtime.invoke(kEvent, yt::context_with_token(kToken)).requests.size() == 1);
  runtime.advance(60000);
  const yt::Outcome later = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(later.requests.size() == 1);
  CHECK(later.json().value()["version"] == "v2");
  CHECK(runtime.replies_left() == 0);
}

TEST_CASE("lockbox cache: keyed by secret and version asked for; errors are not kept",
          "[clients][lockbox][cache]") {
  auto runtime = instance({{"YCFN_LOCKBOX_CACHE_SECONDS", "600"}});
  runtime.add_reply("GET", kPayloadUrl, yt::Reply::json(404, {{"code", 5}, {"message", "no"}}));
  runtime.add_reply("GET", kPayloadUrl + "?versionId=v1", payload("v1"));
  runtime.add_reply("GET", kPayloadUrl, payload("v2"));
  CHECK(runtime.invoke(kEvent, yt::context_with_token(kToken)).json().value()["code"] == "lockbox.not_found");
  json at_v1 = kEvent;
  at_v1["queryStringParameters"] = {{"version", "v1"}};
  CHECK(runtime.invoke(at_v1, yt::context_with_token(kToken)).json().value()["version"] == "v1");
  const yt::Outcome current = runtime.invoke(kEvent, yt::context_with_token(kToken));
  CHECK(current.json().value()["version"] == "v2");
  CHECK(current.requests.size() == 1);
  CHECK(runtime.invoke(at_v1, yt::context_with_token(kToken)).requests.empty());
  CHECK(runtime.invoke(kEvent, yt::context_with_token(kToken)).requests.empty());
}

TEST_CASE("lockbox cache: a malformed YCFN_LOCKBOX_CACHE_SECONDS leaves it off",
          "[clients][lockbox][cache]") {
  for (const char* bad : {"ten", "-5", "1e3", "999999"}) {
    CAPTURE(bad);
    auto runtime = instance({{"YCFN_LOCKBOX_CACHE_SECONDS", bad}});
    runtime.add_reply("GET", kPayloadUrl, payload("v1"));
    runtime.add_reply("GET", kPayloadUrl, payload("v1"));
    runtime.invoke(kEvent, yt::context_with_token(kToken));
    CHECK(runtime.invoke(kEvent, yt::context_with_token(kToken)).requests.size() == 1);
  }
}
