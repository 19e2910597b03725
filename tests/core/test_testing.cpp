// Tests of the native test kit (ycfn/testing.hpp) with the real runtime.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/clients/lockbox.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/json.hpp"
#include "ycfn/testing.hpp"
#include "ycfn/websocket_connections.hpp"

namespace yt = ycfn::testing;
using nlohmann::json;

namespace {

// Echoes what it was given; logs one INFO record.
ycfn::Response echo(const ycfn::Request& request, ycfn::Context& context) {
  context.log().info("echo called");
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) return ycfn::Response::failure("echo.not_http", "call me over HTTP", 400);
  auto who = http->query().get("who");
  return ycfn::Response::json({{"method", http->method()},
                               {"body", http->body()},
                               {"who", who ? std::string(*who) : ""},
                               {"request_id", context.request_id()},
                               {"has_token", context.token() != nullptr}})
      .header("X-Handler", "echo")
      .add_header("Set-Cookie", "a=1")
      .add_header("Set-Cookie", "b=2");
}

// Needs a token; answers where it came from and how long it is (never the token).
ycfn::Response token_facts(const ycfn::Request& /*request*/, ycfn::Context& context) {
  context.log().info("token is " + context.token()->access_token);  // redacted by the runtime
  return ycfn::Response::json({{"source", ycfn::token_source_name(*context.token_source())},
                               {"length", context.token()->access_token.size()}});
}

// Bytes that are not UTF-8.
ycfn::Response binary(const ycfn::Request& /*request*/, ycfn::Context& /*context*/) {
  return ycfn::Response::binary(std::string("\x00\xFF\x01", 3), "application/octet-stream");
}

// Calls an API twice in a row with the token: a listing, then a stop of its first item.
ycfn::Task list_then_stop(const ycfn::Request& /*request*/, ycfn::Context& context) {
  return context.fetch(ycfn::HttpCall::get("https://api.example/v1/items").with_token())
      .then([](ycfn::HttpReply list, ycfn::Context& ctx) -> ycfn::Task {
        if (!list.success()) {
          return ycfn::Response::failure("list.failed", list.ok() ? "status" : list.error().code, 502);
        }
        auto items = list.json();
        if (!items || !items->is_array() || items->empty())
          return ycfn::Response::json({{"stopped", nullptr}});
        const std::string id = items->front().get<std::string>();
        return ctx
            .fetch(ycfn::HttpCall::post("https://api.example/v1/items/" + id + ":stop", "{}").with_token())
            .then([id](ycfn::HttpReply stop, ycfn::Context&) -> ycfn::Task {
              return ycfn::Response::json({{"stopped", id}, {"status", stop.status()}});
            });
      });
}

// Protects a secret it read (as the Lockbox client does), then logs it, puts
// it in an error's message and answers its length.
const std::string kLockboxValue = "p@ssw0rd-from-lockbox-42";
ycfn::Response protect_then_log(const ycfn::Request& /*request*/, ycfn::Context& context) {
  context.log().info("before protecting: nothing to hide");
  context.protect_secret(kLockboxValue);
  context.protect_secret(kLockboxValue);  // twice: still one entry
  context.log().info("the password is " + kLockboxValue);
  context.log().add(ycfn::LogLevel::warn, "field", {{"detail", "value=" + kLockboxValue + ";"}});
  return ycfn::Response::json({{"length", kLockboxValue.size()}, {"secrets", context.secrets().size()}});
}

// Reads a Lockbox payload with the client's builder and parser, then logs a
// value by mistake: the runtime shows the redaction mark instead.
ycfn::Task read_lockbox(const ycfn::Request& /*request*/, ycfn::Context& context) {
  auto call = ycfn::lockbox::get_payload_call(context, std::string(context.env("SECRET_ID").value_or("")));
  if (!call) return ycfn::Response::from_error(call.error(), 500);
  return context.fetch(std::move(call).value())
      .then([](ycfn::HttpReply reply, ycfn::Context& ctx) -> ycfn::Task {
        auto payload = ycfn::lockbox::parse_payload(reply, ctx);
        if (!payload) return ycfn::Response::from_error(payload.error(), 502);
        auto password = payload->text("password");
        if (!password) return ycfn::Response::from_error(password.error(), 404);
        ctx.log().info("connecting with " + std::string(*password));  // the mistake
        return ycfn::Response::json({{"version", payload->version_id}, {"bytes", password->size()}});
      });
}

// Sends every WebSocket message back to its connection (the ws-echo example's job).
ycfn::Task ws_echo(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::WebSocketEvent* ws = request.websocket();
  if (ws == nullptr || ws->type() != ycfn::WebSocketEvent::Type::message) return ycfn::Response::empty(200);
  const auto type = ws->is_binary() ? ycfn::FrameType::binary : ycfn::FrameType::text;
  return context.fetch(ycfn::send_to_connection(context, ws->connection_id(), ws->data(), type))
      .then([](ycfn::HttpReply reply, ycfn::Context&) -> ycfn::Task {
        if (auto error = ycfn::connection_reply_error(reply)) return ycfn::Response::from_error(*error, 502);
        return ycfn::Response::empty(200);
      });
}

// Authorizes the caller whose X-Key is "open".
ycfn::Response authorize(const ycfn::Request& request, ycfn::Context& /*context*/) {
  const bool ok = request.http() != nullptr && request.http()->headers().get("X-Key") == "open";
  return ycfn::Response::authorizer(ok, ok ? json{{"who", "key"}} : json::object());
}

const ycfn::HandlerSpec kEcho{&ycfn::adapt_handler<echo>, ycfn::TokenRequirement::none, "echo"};
const ycfn::HandlerSpec kTokenFacts{&ycfn::adapt_handler<token_facts>, ycfn::TokenRequirement::required,
                                    "token_facts"};
const ycfn::HandlerSpec kBinary{&ycfn::adapt_handler<binary>, ycfn::TokenRequirement::none, "binary"};
const ycfn::HandlerSpec kListThenStop{&ycfn::adapt_handler<list_then_stop>, ycfn::TokenRequirement::required,
                                      "list_then_stop"};

const ycfn::HandlerSpec kReadLockbox{&ycfn::adapt_handler<read_lockbox>, ycfn::TokenRequirement::required,
                                     "read_lockbox"};
const ycfn::HandlerSpec kProtectThenLog{&ycfn::adapt_handler<protect_then_log>, ycfn::TokenRequirement::none,
                                        "protect_then_log"};
const ycfn::HandlerSpec kWsEcho{&ycfn::adapt_handler<ws_echo>, ycfn::TokenRequirement::required, "ws_echo"};
const ycfn::HandlerSpec kAuthorize{&ycfn::adapt_handler<authorize>, ycfn::TokenRequirement::none,
                                   "authorize"};

const std::string kToken = "t1.test-token-0123456789";

}  // namespace

// The registered handler of this test binary: TestRuntime's default constructor uses it.
YCFN_HANDLER(echo)

TEST_CASE("a built event gets the handler's HTTP result with its headers and logs") {
  yt::TestRuntime runtime;
  const yt::Outcome out = runtime.invoke(yt::http_event("POST", "/echo", "hello", {}, {{"who", "ada"}}));
  CHECK(out.error.empty());
  CHECK(out.status == 200);
  CHECK(out.header("content-type") == std::optional<std::string_view>("application/json"));
  CHECK(out.header("x-handler") == std::optional<std::string_view>("echo"));
  CHECK(out.headers.get_all("Set-Cookie") == std::vector<std::string>{"a=1", "b=2"});
  const json body = out.json().value();
  CHECK(body["method"] == "POST");
  CHECK(body["body"] == "hello");
  CHECK(body["who"] == "ada");
  CHECK(body["request_id"] == "test-request");
  CHECK(body["has_token"] == false);
  CHECK(out.error_type.empty());
  CHECK(out.logged("INFO", "echo called"));
  CHECK(out.logs.at(0)["requestId"] == "test-request");
  CHECK(out.requests.empty());
  CHECK(out.result["statusCode"] == 200);
}

TEST_CASE("a fixture file is an event; a missing or malformed file is a clear error") {
  auto event = yt::load_event(YCFN_TEST_FIXTURES "/docs/http-post-curl-docs.json");
  REQUIRE(event.ok());
  yt::TestRuntime runtime(kEcho);
  CHECK(runtime.invoke(*event).status == 200);

  auto missing = yt::load_event(YCFN_TEST_FIXTURES "/no-such-file.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "testing.io");
  CHECK(missing.error().message.find("no-such-file.json") != std::string::npos);

  auto not_json = yt::load_event(YCFN_TEST_FIXTURES "/docs/README.md");
  REQUIRE_FALSE(not_json.ok());
  CHECK(not_json.error().code == "json.invalid");
  CHECK(not_json.error().message.find("README.md") != std::string::npos);
}

TEST_CASE("the context given reaches the handler") {
  yt::TestRuntime runtime(kEcho);
  json context = yt::default_context();
  context["requestId"] = "r-42";
  CHECK(runtime.invoke(yt::http_event("GET", "/"), context).json().value()["request_id"] == "r-42");
}

TEST_CASE("errors of the runtime come back as results: a bad event or a non-HTTP event") {
  yt::TestRuntime runtime(kEcho);
  const yt::Outcome bad = runtime.invoke_text("[1,2");
  CHECK(bad.status == 400);
  CHECK(bad.error_type == "event.malformed");
  const yt::Outcome timer = runtime.invoke(json{{"messages", json::array()}});
  CHECK(timer.status == 400);
  CHECK(timer.error_type == "echo.not_http");
}

TEST_CASE("a token from the metadata service: one request and then the cache") {
  yt::TestRuntime runtime(kTokenFacts);
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken, 3600));
  const yt::Outcome first = runtime.invoke(yt::http_event("GET", "/"));
  REQUIRE(first.status == 200);
  CHECK(first.json().value()["source"] == "metadata");
  CHECK(first.json().value()["length"] == kToken.size());
  REQUIRE(first.requests.size() == 1);
  CHECK(first.requests[0].method == "GET");
  CHECK(first.requests[0].url ==
        "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token");
  CHECK(first.requests[0].headers.at("Metadata-Flavor") == "Google");
  CHECK(first.requests[0].scripted);
  // The token never reaches a log.
  for (const auto& record : first.logs) CHECK(ycfn::json::dump(record).find(kToken) == std::string::npos);

  runtime.advance(60'000);
  const yt::Outcome second = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(second.json().value()["source"] == "cache");
  CHECK(second.requests.empty());
  CHECK(runtime.metadata_replies_left() == 0);
}

TEST_CASE("the environment reaches the runtime: YC_METADATA_ADDR") {
  yt::TestRuntime runtime(kTokenFacts, {{"YC_METADATA_ADDR", "127.0.0.1:8123"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  REQUIRE(out.requests.size() == 1);
  CHECK(out.requests[0].url.rfind("http://127.0.0.1:8123/", 0) == 0);
}

TEST_CASE("scripted failures: retried on 5xx and refused on 404; a token in the context needs no request") {
  SECTION("503 then a token: two requests, the second after the backoff") {
    yt::TestRuntime runtime(kTokenFacts);
    runtime.add_metadata_reply(yt::MetadataReply::http(503));
    runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
    const std::int64_t start = runtime.now_ms();
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.status == 200);
    REQUIRE(out.requests.size() == 2);
    CHECK(out.requests[1].at_ms > out.requests[0].at_ms);
    CHECK(runtime.now_ms() > start);
  }
  SECTION("404: metadata.not_found") {
    yt::TestRuntime runtime(kTokenFacts);
    runtime.add_metadata_reply(yt::MetadataReply::http(404));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.status == 502);
    CHECK(out.error_type == "metadata.not_found");
  }
  SECTION("nothing scripted: network failures, each recorded as unscripted") {
    yt::TestRuntime runtime(kTokenFacts);
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.error_type == "metadata.network");
    REQUIRE_FALSE(out.requests.empty());
    CHECK_FALSE(out.requests[0].scripted);
  }
  SECTION("a timeout moves the clock by the request's timeout") {
    yt::TestRuntime runtime(kTokenFacts);
    for (int i = 0; i < 4; ++i) runtime.add_metadata_reply(yt::MetadataReply::transport_failure("timeout"));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), yt::default_context(), 2000);
    CHECK(out.status == 504);
    CHECK(out.error_type == "metadata.timeout");
  }
  SECTION("context.token: no request") {
    yt::TestRuntime runtime(kTokenFacts);
    const json context = yt::context_with_token(kToken);
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"), context);
    CHECK(out.json().value()["source"] == "context");
    CHECK(out.requests.empty());
  }
  SECTION("a host without network (the WASI command): token.missing") {
    yt::TestRuntime runtime(kTokenFacts, {}, false);
    CHECK(runtime.invoke(yt::http_event("GET", "/")).error_type == "token.missing");
  }
}

TEST_CASE("a base64 body comes back decoded") {
  yt::TestRuntime runtime(kBinary);
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.base64);
  CHECK(out.body == std::string("\x00\xFF\x01", 3));
  CHECK_FALSE(out.json().ok());
}

TEST_CASE("the handler's own requests get the scripted replies; the requests are recorded as sent") {
  yt::TestRuntime runtime(kListThenStop);
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  runtime.add_reply("GET", "https://api.example/v1/items", yt::Reply::json(200, {"a1", "a2"}));
  runtime.add_reply("POST", "https://api.example/v1/items/a1:stop", yt::Reply::json(200, {{"done", false}}));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.error.empty());
  CHECK(out.status == 200);
  CHECK(out.json().value() == nlohmann::json{{"stopped", "a1"}, {"status", 200}});
  REQUIRE(out.requests.size() == 3);
  CHECK(out.requests[0].metadata);
  CHECK(out.requests[1].method == "GET");
  CHECK(out.requests[1].url == "https://api.example/v1/items");
  CHECK(out.requests[1].headers.at("Authorization") == "Bearer " + kToken);
  CHECK_FALSE(out.requests[1].metadata);
  CHECK(out.requests[2].method == "POST");
  CHECK(out.requests[2].body == "{}");
  // Each request names the fetch step that asked for it.
  CHECK(out.requests[0].step == 1);
  CHECK(out.requests[1].step == 2);
  CHECK(out.requests[2].step == 3);
  CHECK(runtime.replies_left() == 0);
  // Every request is logged (method, origin, path, status), never the token.
  CHECK(out.logged("INFO", "GET https://api.example/v1/items: 200"));
  for (const auto& record : out.logs) CHECK(record.dump().find(kToken) == std::string::npos);
}

TEST_CASE("an unscripted request is a network failure the handler sees; scripted failures too") {
  yt::TestRuntime runtime(kListThenStop);
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 502);
  CHECK(out.json().value()["errorMessage"] == "fetch.network");
  REQUIRE(out.requests.size() == 2);
  CHECK_FALSE(out.requests[1].scripted);

  runtime.add_reply("GET", "https://api.example/", yt::Reply::transport_failure("timeout"));
  const std::int64_t before = runtime.now_ms();
  out = runtime.invoke(yt::http_event("GET", "/"), yt::default_context(), 2000);
  CHECK(out.json().value()["errorMessage"] == "fetch.timeout");
  CHECK(runtime.now_ms() - before ==
        2000 - 200);  // the request's whole timeout: the deadline less the reserve
}

TEST_CASE("a secret the handler protects is redacted in every log line, as the token is") {
  yt::TestRuntime runtime(kProtectThenLog);
  auto out = runtime.invoke(yt::http_event("GET", "/"));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json({{"length", kLockboxValue.size()}, {"secrets", 1}}));
  REQUIRE(out.logs.size() == 3);
  CHECK(out.logs[0]["msg"] == "before protecting: nothing to hide");
  // kProtectedMark: nothing of the value (a token's mark shows 4 characters).
  CHECK(out.logs[1]["msg"] == "the password is [secret]");
  CHECK(out.logs[2]["detail"] == "value=[secret];");
  for (const auto& record : out.logs) CHECK(record.dump().find(kLockboxValue) == std::string::npos);

  // The next invocation has its own set: nothing protected yet.
  auto again = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(again.json().value()["secrets"] == 1);
}

TEST_CASE("a Lockbox read through the client: the token is sent, the values never logged") {
  yt::TestRuntime runtime(
      kReadLockbox, {{"SECRET_ID", "e6qsecret01"}, {"YC_LOCKBOX_PAYLOAD_ENDPOINT", "http://lockbox.test"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  runtime.add_reply(
      "GET", "http://lockbox.test/lockbox/v1/secrets/e6qsecret01/payload",
      yt::Reply::json(200, {{"entries", {{{"key", "password"}, {"textValue", "hunter2-but-longer"}}}},
                            {"versionId", "e6qv1"}}));
  auto out = runtime.invoke(yt::http_event("GET", "/"));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json({{"version", "e6qv1"}, {"bytes", 18}}));
  REQUIRE(out.requests.size() == 2);
  CHECK(out.requests[1].headers.at("Authorization") == "Bearer " + kToken);
  CHECK(out.logged("INFO", "connecting with [secret]"));
  for (const auto& record : out.logs) CHECK(record.dump().find("hunt") == std::string::npos);
  for (const auto& record : out.logs) CHECK(record.dump().find("hunter2-but-longer") == std::string::npos);

  runtime.add_reply("GET", "http://lockbox.test/",
                    yt::Reply::json(403, {{"code", 7}, {"message", "Permission denied"}}));
  auto denied = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(denied.status == 502);
  CHECK(denied.error_type == "lockbox.denied");
  CHECK(denied.json().value()["errorMessage"] == "lockbox.get_payload: HTTP 403 gRPC 7: Permission denied");
}

TEST_CASE("a WebSocket message sent back through the connections API, with the token") {
  yt::TestRuntime runtime(kWsEcho, {{"YC_APIGW_CONNECTIONS_ENDPOINT", "http://connections.test"}});
  const std::string send_url = "http://connections.test/apigateways/websocket/v1/connections/c1:send";
  runtime.add_reply("POST", send_url, yt::Reply::json(200, json::object()));
  runtime.add_reply("POST", send_url, yt::Reply::json(404, {{"code", 5}, {"message", "gone"}}));
  const json message = {{"requestContext", {{"connectionId", "c1"}, {"eventType", "MESSAGE"}}},
                        {"body", "AP8="},
                        {"isBase64Encoded", true}};
  const json context = yt::context_with_token(kToken);

  const yt::Outcome sent = runtime.invoke(message, context);
  CHECK(sent.status == 200);
  REQUIRE(sent.requests.size() == 1);
  CHECK(sent.requests[0].method == "POST");
  CHECK(sent.requests[0].url == send_url);
  CHECK(sent.requests[0].headers.at("Authorization") == "Bearer " + kToken);
  CHECK(json::parse(sent.requests[0].body) == json{{"data", "AP8="}, {"type", "BINARY"}});

  const yt::Outcome gone = runtime.invoke(message, context);
  CHECK(gone.status == 502);
  CHECK(gone.error_type == "connections.gone");
}

TEST_CASE("an authorizer's answer comes back as {context, isAuthorized}, not an HTTP result") {
  yt::TestRuntime runtime(kAuthorize);
  const yt::Outcome yes = runtime.invoke(yt::http_event("GET", "/x", "", {{"X-Key", "open"}}));
  CHECK(yes.result == json{{"context", {{"who", "key"}}}, {"isAuthorized", true}});
  CHECK(yes.status == 0);  // no statusCode: it is not an HTTP result
  const yt::Outcome no = runtime.invoke(yt::http_event("GET", "/x"));
  CHECK(no.result == json{{"context", json::object()}, {"isAuthorized", false}});
}
