// The WebSocket connections API calls (websocket_connections.hpp): the
// requests as the API documents them, the endpoint override, and what a reply
// means.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/base64.hpp"
#include "ycfn/detail/runtime.hpp"
#include "ycfn/websocket_connections.hpp"

using nlohmann::json;
using ycfn::FrameType;
using ycfn::HttpCall;
using ycfn::HttpReply;

namespace {

constexpr const char* kDefaultBase =
    "https://apigateway-connections.api.cloud.yandex.net/apigateways/websocket/v1/connections/";

using Env = std::map<std::string, std::string, std::less<>>;

// A Context whose environment holds `env` (as the runtime gives it).
struct ContextWithEnv {
  explicit ContextWithEnv(Env env) { host.env = std::move(env); }
  ycfn::HostEnvironment host;
  ycfn::LogBuffer log;
  ycfn::Context context{ycfn::ContextInfo{}, log, &host};
};

HttpReply reply(int status, const std::string& body = "{}") {
  return HttpReply::received(status, ycfn::Headers(), body, "https://x/", 1);
}

}  // namespace

TEST_CASE("connections: send is a POST of {data: base64, type} to :send, with the token", "[connections]") {
  ContextWithEnv c(Env{});
  const std::string bytes("\x00\xff text", 7);
  const HttpCall call =
      ycfn::send_to_connection(c.context, "d20438soh73hn36u5srtfji21qg7eb04b", bytes, FrameType::binary);
  CHECK(call.method() == "POST");
  CHECK(call.url() == std::string(kDefaultBase) + "d20438soh73hn36u5srtfji21qg7eb04b:send");
  CHECK(call.uses_token());
  CHECK(call.headers().get("Content-Type") == "application/json");
  const json body = json::parse(call.body(), nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body.size() == 2);
  CHECK(body["type"] == "BINARY");
  CHECK(ycfn::base64_decode(body["data"].get<std::string>()).value() == bytes);

  const HttpCall text = ycfn::send_to_connection(c.context, "c1", "hello", FrameType::text);
  CHECK(text.body() == R"({"data":"aGVsbG8=","type":"TEXT"})");
}

TEST_CASE("connections: close is a DELETE of the connection, with the token", "[connections]") {
  ContextWithEnv c(Env{});
  const HttpCall call = ycfn::close_connection(c.context, "c1");
  CHECK(call.method() == "DELETE");
  CHECK(call.url() == std::string(kDefaultBase) + "c1");
  CHECK(call.uses_token());
  CHECK(call.body().empty());
}

TEST_CASE("connections: YC_APIGW_CONNECTIONS_ENDPOINT overrides the endpoint; ids are path-encoded",
          "[connections]") {
  ContextWithEnv c(Env{{"YC_APIGW_CONNECTIONS_ENDPOINT", "http://127.0.0.1:8123//"}});
  CHECK(ycfn::connections_endpoint(c.context) == "http://127.0.0.1:8123");
  CHECK(ycfn::close_connection(c.context, "a/b c").url() ==
        "http://127.0.0.1:8123/apigateways/websocket/v1/connections/a%2Fb%20c");
  CHECK(ycfn::send_to_connection("http://h:1", "id", "", FrameType::text).url() ==
        "http://h:1/apigateways/websocket/v1/connections/id:send");
  ContextWithEnv empty(Env{{"YC_APIGW_CONNECTIONS_ENDPOINT", ""}});
  CHECK(ycfn::connections_endpoint(empty.context) == "https://apigateway-connections.api.cloud.yandex.net");
}

TEST_CASE("connections: what a reply means", "[connections]") {
  CHECK_FALSE(ycfn::connection_reply_error(reply(200)).has_value());
  CHECK_FALSE(ycfn::connection_reply_error(reply(204, "")).has_value());

  const auto gone = ycfn::connection_reply_error(reply(404, R"({"code":5,"message":"secret-ish text"})"));
  REQUIRE(gone.has_value());
  CHECK(gone->code == "connections.gone");
  CHECK_THAT(gone->message, Catch::Contains("404 (code 5)"));
  CHECK_THAT(gone->message, !Catch::Contains("secret-ish"));  // never the reply's text
  CHECK_FALSE(gone->retryable);

  for (const int status : {401, 403}) {
    const auto denied = ycfn::connection_reply_error(reply(status, "not json"));
    REQUIRE(denied.has_value());
    CHECK(denied->code == "connections.denied");
  }
  const auto bad = ycfn::connection_reply_error(reply(400));
  REQUIRE(bad.has_value());
  CHECK(bad->code == "connections.failed");
  CHECK_FALSE(bad->retryable);
  for (const int status : {429, 500, 503}) {
    const auto later = ycfn::connection_reply_error(reply(status));
    REQUIRE(later.has_value());
    CHECK(later->code == "connections.failed");
    CHECK(later->retryable);
  }
  const auto failed = ycfn::connection_reply_error(
      HttpReply::failed(ycfn::make_error("fetch.timeout", "no reply", true), "https://x/", 5));
  REQUIRE(failed.has_value());
  CHECK(failed->code == "fetch.timeout");
}
