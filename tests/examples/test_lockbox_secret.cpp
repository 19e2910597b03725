// examples/lockbox-secret through the native test kit: the Lockbox payload API
// scripted, every request checked as sent, no value in any reply or log line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kPayload = "https://lockbox.test/lockbox/v1/secrets/e6qsecret01/payload";
const std::string kToken = "t1.lockbox-secret-test-token";
const std::string kPassword = "hunter2-correct-horse-battery";
const std::string kCert = "AAECA/8+Pz8/";  // base64 of 9 bytes

yt::TestRuntime runtime_with(std::map<std::string, std::string> env) {
  env.emplace("YC_LOCKBOX_PAYLOAD_ENDPOINT", "https://lockbox.test/");
  return yt::TestRuntime(ycfn::registered_handler(), std::move(env));
}

const json kPayloadReply = {
    {"versionId", "e6qv2"},
    {"entries",
     {{{"key", "db-password"}, {"textValue", kPassword}}, {{"key", "cert"}, {"binaryValue", kCert}}}}};

void check_no_secret(const yt::Outcome& out) {
  for (const std::string& secret : {kPassword, kCert, kToken, std::string("hunt"), std::string("AAEC")}) {
    CHECK(out.body.find(secret) == std::string::npos);
    for (const auto& record : out.logs) CHECK(record.dump().find(secret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("lockbox-secret: the keys and the entry's length, never the value") {
  auto runtime = runtime_with({{"SECRET_ID", "e6qsecret01"}, {"SECRET_KEY", "db-password"}});
  runtime.add_reply("GET", kPayload, yt::Reply::json(200, kPayloadReply));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"secret_id", "e6qsecret01"},
                                   {"version_id", "e6qv2"},
                                   {"keys", {"db-password", "cert"}},
                                   {"key", "db-password"},
                                   {"bytes", kPassword.size()}});
  REQUIRE(out.requests.size() == 1);
  CHECK(out.requests[0].url == kPayload);
  CHECK(out.requests[0].method == "GET");
  CHECK(out.requests[0].headers.at("Authorization") == "Bearer " + kToken);
  CHECK(out.logged("INFO", "read db-password of e6qsecret01 version e6qv2 (29 bytes)"));
  check_no_secret(out);
}

TEST_CASE("lockbox-secret: a binary entry answers its decoded length") {
  auto runtime = runtime_with({{"SECRET_ID", "e6qsecret01"}, {"SECRET_KEY", "cert"}});
  runtime.add_reply("GET", kPayload, yt::Reply::json(200, kPayloadReply));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value()["bytes"] == 9);
  check_no_secret(out);
}

TEST_CASE("lockbox-secret: an absent key answers 404 lockbox.key_not_found") {
  auto runtime = runtime_with({{"SECRET_ID", "e6qsecret01"}, {"SECRET_KEY", "api-key"}});
  runtime.add_reply("GET", kPayload, yt::Reply::json(200, kPayloadReply));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
  CHECK(out.status == 404);
  CHECK(out.error_type == "lockbox.key_not_found");
  CHECK(out.requests.size() == 1);
  check_no_secret(out);
}

TEST_CASE("lockbox-secret: a Lockbox error answers 502 naming its status") {
  const std::vector<std::tuple<yt::Reply, int, std::string, std::string>> failures = {
      {yt::Reply::json(404, {{"code", 5}, {"message", "Secret not found"}}), 502, "lockbox.not_found",
       "HTTP 404"},
      {yt::Reply::json(403, {{"code", 7}, {"message", "Permission denied"}}), 502, "lockbox.denied",
       "HTTP 403"},
      {yt::Reply::json(500, {{"code", 13}, {"message", "internal"}}), 502, "lockbox.unavailable", "HTTP 500"},
      {yt::Reply::http(200, "not json"), 502, "lockbox.bad_reply", "lockbox.get_payload"},
      {yt::Reply::transport_failure("timeout"), 504, "fetch.timeout", "lockbox.get_payload"},
  };
  for (const auto& [reply, status, type, text] : failures) {
    auto runtime = runtime_with({{"SECRET_ID", "e6qsecret01"}, {"SECRET_KEY", "db-password"}});
    // The runtime retries an idempotent GET on 5xx and timeouts: one reply each time.
    for (int i = 0; i < 4; ++i) runtime.add_reply("GET", kPayload, reply);
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
    INFO(type << " " << out.body);
    CHECK(out.status == status);
    CHECK(out.error_type == type);
    CHECK(out.json().value()["errorMessage"].get<std::string>().find(text) != std::string::npos);
  }
}

TEST_CASE("lockbox-secret: missing configuration answers 500 config.missing with no request") {
  for (const auto& env : std::vector<std::map<std::string, std::string>>{
           {}, {{"SECRET_ID", "e6qsecret01"}}, {{"SECRET_KEY", "db-password"}}}) {
    auto runtime = runtime_with(env);
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::context_with_token(kToken));
    CHECK(out.status == 500);
    CHECK(out.error_type == "config.missing");
    CHECK(out.requests.empty());
  }
}
