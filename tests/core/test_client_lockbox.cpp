#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "client_support.hpp"
#include "fixtures.hpp"
#include "ycfn/clients/lockbox.hpp"
#include "ycfn/log.hpp"

using ycfn_test::ClientContext;
using ycfn_test::reply;

namespace {

bool protects(const ycfn::Context& context, const std::string& value) {
  const auto& secrets = context.secrets();
  return std::find(secrets.begin(), secrets.end(), value) != secrets.end();
}

}  // namespace

TEST_CASE("lockbox: get_payload_call builds the documented GET with the token", "[clients][lockbox]") {
  ClientContext c;
  auto call = ycfn::lockbox::get_payload_call(c.context, "e6qsecret0000000001");
  REQUIRE(call.ok());
  CHECK(call->method() == "GET");
  CHECK(call->url() ==
        "https://payload.lockbox.api.cloud.yandex.net/lockbox/v1/secrets/e6qsecret0000000001/payload");
  CHECK(call->uses_token());
  CHECK(call->body().empty());
  CHECK(call->max_reply_bytes() == ycfn::lockbox::kMaxPayloadReplyBytes);

  auto version = ycfn::lockbox::get_payload_call(c.context, "e6qsecret0000000001", "e6qversion01");
  REQUIRE(version.ok());
  CHECK(version->url() ==
        "https://payload.lockbox.api.cloud.yandex.net/lockbox/v1/secrets/e6qsecret0000000001/payload"
        "?versionId=e6qversion01");
}

TEST_CASE("lockbox: YC_LOCKBOX_PAYLOAD_ENDPOINT overrides the endpoint (a trailing / is dropped)",
          "[clients][lockbox]") {
  ClientContext c;
  c.env("YC_LOCKBOX_PAYLOAD_ENDPOINT", "http://127.0.0.1:4010/");
  auto call = ycfn::lockbox::get_payload_call(c.context, "s1");
  REQUIRE(call.ok());
  CHECK(call->url() == "http://127.0.0.1:4010/lockbox/v1/secrets/s1/payload");
  c.env("YC_LOCKBOX_PAYLOAD_ENDPOINT", "");  // empty: the default
  CHECK(ycfn::lockbox::get_payload_call(c.context, "s1")->url().rfind("https://payload.lockbox", 0) == 0);
}

TEST_CASE("lockbox: ids that do not belong in a path are refused before any request", "[clients][lockbox]") {
  ClientContext c;
  for (const char* bad : {"", "a/b", "../x", "a?b", "a b", "é"}) {
    CAPTURE(bad);
    auto call = ycfn::lockbox::get_payload_call(c.context, bad);
    REQUIRE_FALSE(call.ok());
    CHECK(call.error().code == "lockbox.invalid_argument");
    CHECK(call.error().message.rfind("lockbox.get_payload: the secret id", 0) == 0);
  }
  CHECK(ycfn::lockbox::get_payload_call(c.context, std::string(65, 'a')).error().code ==
        "lockbox.invalid_argument");
  CHECK(ycfn::lockbox::get_payload_call(c.context, "s1", "v&x=1").error().message ==
        "lockbox.get_payload: the version id must be 1..64 letters, digits, - _ .");
}

TEST_CASE("lockbox: parse_payload reads text and binary entries and protects every value",
          "[clients][lockbox]") {
  ClientContext c;
  auto payload =
      ycfn::lockbox::parse_payload(reply(200, ycfn_test::fixture("clients/lockbox-payload.json")), c.context);
  REQUIRE(payload.ok());
  CHECK(payload->version_id == "e6qversion0000000001");
  REQUIRE(payload->entries.size() == 3);
  CHECK(payload->entries[0].key == "db-password");
  CHECK(payload->entries[0].value == "p@ss\"word\nwith-escapes");
  CHECK_FALSE(payload->entries[0].binary);
  CHECK(payload->entries[1].binary);
  CHECK(payload->entries[1].value == std::string("\x00\x01\x02\x03\xFF>???", 9));

  CHECK(payload->text("api-token").value() == "ya29.api-token-0123456789");
  CHECK(payload->bytes("tls-key").value().size() == 9);
  CHECK(payload->bytes("db-password").value() == "p@ss\"word\nwith-escapes");
  CHECK(payload->text("tls-key").error().code == "lockbox.not_text");
  CHECK(payload->text("nope").error().code == "lockbox.key_not_found");
  CHECK(payload->bytes("nope").error().code == "lockbox.key_not_found");
  CHECK(payload->find("nope") == nullptr);

  // Every value, and the form it has in the reply body, is a secret now.
  CHECK(protects(c.context, "p@ss\"word\nwith-escapes"));
  CHECK(protects(c.context, "p@ss\\\"word\\nwith-escapes"));  // as the JSON body spells it
  CHECK(protects(c.context, "AAECA/8+Pz8/"));
  CHECK(protects(c.context, std::string("\x00\x01\x02\x03\xFF>???", 9)));
  CHECK(protects(c.context, "ya29.api-token-0123456789"));

  // So a log line that quotes one, or the whole reply, shows none of them.
  const std::string line = ycfn::format_log_line(
      ycfn::LogRecord{ycfn::LogLevel::info, "got " + ycfn_test::fixture("clients/lockbox-payload.json"), {}},
      "r", c.context.secrets());
  CHECK(line.find("with-escapes") == std::string::npos);
  CHECK(line.find("api-token-0123456789") == std::string::npos);
  CHECK(line.find("AAECA/8+Pz8/") == std::string::npos);
  CHECK(line.find("db-password") != std::string::npos);  // keys are not secret

  // Reading the same payload again adds nothing.
  const std::size_t before = c.context.secrets().size();
  REQUIRE(
      ycfn::lockbox::parse_payload(reply(200, ycfn_test::fixture("clients/lockbox-payload.json")), c.context)
          .ok());
  CHECK(c.context.secrets().size() == before);
}

TEST_CASE("lockbox: an empty payload is {} (the protobuf JSON mapping omits empty lists)",
          "[clients][lockbox]") {
  ClientContext c;
  auto payload = ycfn::lockbox::parse_payload(reply(200, "{}"), c.context);
  REQUIRE(payload.ok());
  CHECK(payload->entries.empty());
  CHECK(payload->version_id.empty());
}

TEST_CASE("lockbox: replies of the wrong shape are lockbox.bad_reply, naming what is wrong",
          "[clients][lockbox]") {
  const std::pair<const char*, const char*> cases[] = {
      {"not json", "lockbox.get_payload: the reply is not JSON"},
      {"[]", "lockbox.get_payload: the reply is not a JSON object"},
      {R"({"entries": {}})", "lockbox.get_payload: entries is not an array"},
      {R"({"versionId": 5})", "lockbox.get_payload: versionId is not a string"},
      {R"({"entries": [{"textValue": "x"}]})", "lockbox.get_payload: entries[0] has no string key"},
      {R"({"entries": [{"key": "k"}]})",
       "lockbox.get_payload: entries[0] must have exactly one of textValue and binaryValue"},
      {R"({"entries": [{"key": "k", "textValue": "a-secret-value", "binaryValue": "AA=="}]})",
       "lockbox.get_payload: entries[0] must have exactly one of textValue and binaryValue"},
      {R"({"entries": [{"key": "k", "textValue": 5}]})",
       "lockbox.get_payload: entries[0] must have exactly one of textValue and binaryValue"},
      {R"({"entries": [{"key": "a", "textValue": "x"}, {"key": "k", "binaryValue": "!!"}]})",
       "lockbox.get_payload: entries[1].binaryValue is not base64"},
  };
  for (const auto& [body, message] : cases) {
    CAPTURE(body);
    ClientContext c;
    auto payload = ycfn::lockbox::parse_payload(reply(200, body), c.context);
    REQUIRE_FALSE(payload.ok());
    CHECK(payload.error().code == "lockbox.bad_reply");
    CHECK(payload.error().message.rfind(message, 0) == 0);
    CHECK_FALSE(payload.error().retryable);
  }
  // A refused entry's value is protected all the same.
  ClientContext c;
  CHECK_FALSE(
      ycfn::lockbox::parse_payload(
          reply(200, R"({"entries": [{"key": "k", "textValue": "a-secret-value", "binaryValue": "AA=="}]})"),
          c.context)
          .ok());
  CHECK(protects(c.context, "a-secret-value"));
}

TEST_CASE("lockbox: error statuses name the service, the operation, the status and the gRPC code",
          "[clients][lockbox]") {
  struct Case {
    int status;
    const char* body;
    const char* code;
    const char* message;
    bool retryable;
  };
  const Case cases[] = {
      {404, R"({"code": 5, "message": "Secret e6q not found"})", "lockbox.not_found",
       "lockbox.get_payload: HTTP 404 gRPC 5: Secret e6q not found", false},
      {403, R"({"code": 7, "message": "Permission denied"})", "lockbox.denied",
       "lockbox.get_payload: HTTP 403 gRPC 7: Permission denied", false},
      {401, R"({"code": 16, "message": "The token is invalid"})", "lockbox.denied",
       "lockbox.get_payload: HTTP 401 gRPC 16: The token is invalid", false},
      {429, "", "lockbox.throttled", "lockbox.get_payload: HTTP 429", true},
      {503, "<html>busy</html>", "lockbox.unavailable", "lockbox.get_payload: HTTP 503", true},
      {501, "", "lockbox.unavailable", "lockbox.get_payload: HTTP 501", false},
      {400, R"({"code": 3, "message": "bad\nversion\u0001id"})", "lockbox.rejected",
       "lockbox.get_payload: HTTP 400 gRPC 3: bad version id", false},
      {302, "", "lockbox.rejected", "lockbox.get_payload: HTTP 302", false},
  };
  for (const auto& item : cases) {
    CAPTURE(item.status, item.body);
    ClientContext c;
    auto payload = ycfn::lockbox::parse_payload(reply(item.status, item.body), c.context);
    REQUIRE_FALSE(payload.ok());
    CHECK(payload.error().code == item.code);
    CHECK(payload.error().message == item.message);
    CHECK(payload.error().retryable == item.retryable);
  }
}

TEST_CASE("lockbox: a transport failure keeps its fetch code, named with the operation",
          "[clients][lockbox]") {
  ClientContext c;
  auto payload = ycfn::lockbox::parse_payload(
      ycfn_test::transport_failure("fetch.timeout", "no reply within 2000 ms", true), c.context);
  REQUIRE_FALSE(payload.ok());
  CHECK(payload.error().code == "fetch.timeout");
  CHECK(payload.error().message == "lockbox.get_payload: no reply within 2000 ms");
  CHECK(payload.error().retryable);
}

TEST_CASE("lockbox: a long or invalid service message is cut and cleaned", "[clients][lockbox]") {
  ClientContext c;
  const std::string body = "{\"code\": 13, \"message\": \"" + std::string(500, 'x') + "\"}";
  auto payload = ycfn::lockbox::parse_payload(reply(500, body), c.context);
  REQUIRE_FALSE(payload.ok());
  CHECK(payload.error().message.size() < 260);
  CHECK(payload.error().message.substr(payload.error().message.size() - 3) == "...");
}
