#include <catch2/catch.hpp>

#include <string>

#include "client_support.hpp"
#include "ycfn/clients/functions.hpp"

using ycfn_test::ClientContext;
using ycfn_test::reply;
namespace functions = ycfn::functions;

TEST_CASE("functions: invoke_call posts to the function's URL with the token", "[clients][functions]") {
  ClientContext c;
  auto call = functions::invoke_call(c.context, "d4e1fn0000000000001", R"({"a":1})");
  REQUIRE(call.ok());
  CHECK(call->method() == "POST");
  CHECK(call->url() == "https://functions.yandexcloud.net/d4e1fn0000000000001");
  CHECK(call->body() == R"({"a":1})");
  CHECK(call->headers().get("Content-Type") == std::optional<std::string_view>("application/json"));
  CHECK(call->uses_token());

  functions::InvokeOptions options;
  options.raw = true;
  options.tag = "$latest";
  options.content_type = "text/plain";
  c.env("YC_FUNCTIONS_ENDPOINT", "http://127.0.0.1:8123");
  auto raw = functions::invoke_call(c.context, "fn1", "hello", options);
  REQUIRE(raw.ok());
  CHECK(raw->url() == "http://127.0.0.1:8123/fn1?integration=raw&tag=%24latest");
  CHECK(raw->headers().get("Content-Type") == std::optional<std::string_view>("text/plain"));
  options.raw = false;
  CHECK(functions::invoke_call(c.context, "fn1", "", options)->url() ==
        "http://127.0.0.1:8123/fn1?tag=%24latest");

  for (const char* bad : {"", "a/b", "fn?x", "fn 1"}) {
    CAPTURE(bad);
    auto refused = functions::invoke_call(c.context, bad, "");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "functions.invalid_argument");
    CHECK(refused.error().message == "functions.invoke: the function id must be 1..64 letters and digits");
  }
}

TEST_CASE("functions: parse_invoke gives the callee's answer, and errors with the platform's",
          "[clients][functions]") {
  auto ok = functions::parse_invoke(reply(200, "hi", {{"Content-Type", "text/plain"}}));
  REQUIRE(ok.ok());
  CHECK(ok->status == 200);
  CHECK(ok->body == "hi");
  CHECK(ok->headers.get("content-type") == std::optional<std::string_view>("text/plain"));
  CHECK(functions::parse_invoke(reply(202)).value().status == 202);

  auto denied =
      functions::parse_invoke(reply(403, R"({"errorMessage":"Permission denied","errorType":"Forbidden"})"));
  CHECK(denied.error().code == "functions.denied");
  CHECK(denied.error().message == "functions.invoke: HTTP 403 Forbidden: Permission denied");
  auto failed = functions::parse_invoke(reply(502, R"({"errorMessage":"boom","errorType":"UserCodeError"})"));
  CHECK(failed.error().code == "functions.unavailable");
  CHECK(failed.error().message == "functions.invoke: HTTP 502 UserCodeError: boom");
  CHECK(failed.error().retryable);
  CHECK(functions::parse_invoke(reply(404, "not json")).error().message == "functions.invoke: HTTP 404");
  auto timeout = functions::parse_invoke(ycfn_test::transport_failure("fetch.timeout", "no reply", true));
  CHECK(timeout.error().code == "fetch.timeout");
  CHECK(timeout.error().message == "functions.invoke: no reply");
}
