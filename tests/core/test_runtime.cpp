// The invocation state machine: event errors, token paths (context, metadata,
// single-flight, errors), handler failures, logs. Driven through
// Runtime::invoke/resume exactly as a host drives the C ABI.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "steps.hpp"

#include "fixtures.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/detail/runtime.hpp"

namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1764331200000;  // 2025-11-28T12:00:00Z
const std::string kToken = "t1.9euelZqUjM2Wk5DKkJ-test-token-value";

ycfn::Response echo(const ycfn::Request& request, ycfn::Context& context) {
  context.log().info("echo called; token is " +
                     (context.token() ? context.token()->access_token : std::string("none")));
  json body = {
      {"kind", request.kind() == ycfn::Request::Kind::http      ? "http"
               : request.kind() == ycfn::Request::Kind::trigger ? "trigger"
                                                                : "other"},
      {"requestId", context.request_id()},
      {"functionName", context.function_name()},
      {"memoryLimitInMB", context.memory_limit_mb()},
      {"remaining", context.remaining_ms_at_start()},
      {"context_has_token", context.raw().contains("token")},
  };
  if (context.token() != nullptr) {
    body["token_source"] = ycfn::token_source_name(*context.token_source());
    body["token_length"] = context.token()->access_token.size();
  }
  return ycfn::Response::json(body);
}

ycfn::Response failing(const ycfn::Request& /*request*/, ycfn::Context& /*context*/) {
  return ycfn::Response::failure("app.bad_thing", "the thing went wrong", 503);
}

ycfn::Response huge(const ycfn::Request& /*request*/, ycfn::Context& /*context*/) {
  return ycfn::Response::text(std::string(3'600'000, 'x'));
}

const ycfn::HandlerSpec kEcho{&ycfn::adapt_handler<echo>, ycfn::TokenRequirement::none, "echo"};
const ycfn::HandlerSpec kEchoWithToken{&ycfn::adapt_handler<echo>, ycfn::TokenRequirement::required, "echo"};
const ycfn::HandlerSpec kFailing{&ycfn::adapt_handler<failing>, ycfn::TokenRequirement::none, "failing"};
const ycfn::HandlerSpec kHuge{&ycfn::adapt_handler<huge>, ycfn::TokenRequirement::none, "huge"};

ycfn::RuntimeConfig config_with_network(bool network) {
  ycfn::RuntimeConfig config;
  config.host.network = network;
  return config;
}

std::string invocation(const json& context, std::int64_t now = kNow, std::int64_t budget_ms = 10'000) {
  return json{{"context", context}, {"now_ms", now}, {"deadline_ms", now + budget_ms}}.dump();
}

json token_json(const std::string& token = kToken, int expires_in = 43200) {
  return {{"access_token", token}, {"expires_in", expires_in}, {"token_type", "Bearer"}};
}

using ycfn_test::body_of;
using ycfn_test::parse;

std::string resume_with_reply(const json& fetch_step, int status, const std::string& body,
                              std::int64_t now = kNow, const json& headers = json::object()) {
  return json{
      {"invocation", fetch_step["invocation"]},
      {"now_ms", now},
      {"fetch_results",
       {{{"id", fetch_step["fetches"][0]["id"]}, {"status", status}, {"headers", headers}, {"body", body}}}}}
      .dump();
}

}  // namespace

TEST_CASE("runtime: an HTTP event reaches the handler with the context fields", "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const json context = {{"requestId", "req-1"}, {"functionName", "fn"}, {"memoryLimitInMB", "128"}};
  const json step =
      parse(runtime.invoke(ycfn_test::fixture("docs/http-post-curl-docs.json"), invocation(context)));
  CHECK(step["step"] == "respond");
  CHECK(step["response"]["statusCode"] == 200);
  const json body = body_of(step);
  CHECK(body["kind"] == "http");
  CHECK(body["requestId"] == "req-1");
  CHECK(body["memoryLimitInMB"] == "128");
  CHECK(body["remaining"] == 10'000);
  CHECK(runtime.invocations_in_progress() == 0);
}

TEST_CASE("runtime: trigger fixtures are recognised", "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  for (const char* name :
       {"docs/timer-docs.json", "docs/message-queue-docs.json", "docs/object-storage-delete-docs.json"}) {
    CAPTURE(name);
    const json step = parse(runtime.invoke(ycfn_test::fixture(name), invocation(json::object())));
    CHECK(body_of(step)["kind"] == "trigger");
  }
}

TEST_CASE("runtime: a malformed event is a 400 with errorMessage and errorType", "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  for (const char* event :
       {"", "not json", "[1,2]", "\"text\"", "42", "null", "{\"httpMethod\":\"GET\",\"headers\":\"x\"}"}) {
    CAPTURE(event);
    const json step = parse(runtime.invoke(event, invocation(json::object())));
    REQUIRE(step["step"] == "respond");
    CHECK(step["response"]["statusCode"] == 400);
    const json body = parse(step["response"]["body"].get<std::string>());
    CHECK(body["errorType"].get<std::string>().rfind("event.", 0) == 0);
    CHECK_FALSE(body["errorMessage"].get<std::string>().empty());
  }
}

TEST_CASE("runtime: malformed host input is a 500 abi.bad_input, and the runtime keeps working",
          "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  for (const char* input : {"", "{}", "[]", R"({"now_ms":"x","deadline_ms":1})",
                            R"({"now_ms":1,"deadline_ms":2,"context":[]})"}) {
    CAPTURE(input);
    const json step = parse(runtime.invoke("{}", input));
    CHECK(step["response"]["statusCode"] == 500);
    CHECK(body_of(step)["errorType"] == "abi.bad_input");
  }
  const json ok = parse(runtime.invoke("{}", invocation(json::object())));
  CHECK(ok["response"]["statusCode"] == 200);
}

TEST_CASE("runtime: a failing handler answers its status with the platform's error shape", "[runtime]") {
  ycfn::Runtime runtime(kFailing, config_with_network(true));
  const json step = parse(runtime.invoke("{}", invocation({{"requestId", "r"}})));
  CHECK(step["response"]["statusCode"] == 503);
  const json body = body_of(step);
  CHECK(body["errorType"] == "app.bad_thing");
  CHECK(body["errorMessage"] == "the thing went wrong");
  bool logged_error = false;
  for (const auto& line : step["logs"]) logged_error |= parse(line.get<std::string>())["level"] == "ERROR";
  CHECK(logged_error);
}

TEST_CASE("runtime: a response over 3.5 MB becomes a clear error response", "[runtime]") {
  ycfn::Runtime runtime(kHuge, config_with_network(true));
  const json step = parse(runtime.invoke("{}", invocation(json::object())));
  CHECK(step["response"]["statusCode"] == 500);
  CHECK(body_of(step)["errorType"] == "response.too_large");
}

TEST_CASE("runtime: the context token wins and needs no I/O", "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const json step = parse(runtime.invoke("{}", invocation({{"requestId", "r"}, {"token", token_json()}})));
  REQUIRE(step["step"] == "respond");
  const json body = body_of(step);
  CHECK(body["token_source"] == "context");
  CHECK(body["token_length"] == kToken.size());
  CHECK(body["context_has_token"] == false);  // the raw context handed to handlers has no token
  CHECK(runtime.token_cache().fetches_started() == 0);
  // The handler logged the token; the line carries only its redacted form.
  for (const auto& line : step["logs"]) CHECK(line.get<std::string>().find(kToken) == std::string::npos);
}

TEST_CASE("runtime: a broken context token is a 502 token.bad_context for a handler that needs one",
          "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const std::string bad = "t1.secret-with\r\nnewline-inside";
  const std::string text = runtime.invoke("{}", invocation({{"token", token_json(bad)}}));
  const json step = parse(text);
  CHECK(step["response"]["statusCode"] == 502);
  CHECK(body_of(step)["errorType"] == "token.bad_context");
  CHECK(text.find("secret-with") == std::string::npos);
}

TEST_CASE("runtime: without network and without a context token, 502 token.missing says how to provide one",
          "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(false));
  const json step = parse(runtime.invoke("{}", invocation(json::object())));
  CHECK(step["response"]["statusCode"] == 502);
  const json body = body_of(step);
  CHECK(body["errorType"] == "token.missing");
  CHECK(body["errorMessage"].get<std::string>().find("invocation context") != std::string::npos);
}

TEST_CASE("runtime: metadata path fetches once, then serves from the cache", "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const json fetch = parse(runtime.invoke("{}", invocation({{"requestId", "a"}})));
  REQUIRE(fetch["step"] == "fetch");
  CHECK(fetch["fetches"][0]["method"] == "GET");
  CHECK(fetch["fetches"][0]["url"] ==
        "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token");
  CHECK(fetch["fetches"][0]["headers"] == json::array({json::array({"Metadata-Flavor", "Google"})}));
  CHECK(fetch["fetches"][0]["max_body_bytes"] == 65536);
  CHECK(fetch["fetches"][0]["timeout_ms"].get<std::int64_t>() <= 10'000);

  const json first = parse(runtime.resume(resume_with_reply(fetch, 200, token_json().dump())));
  CHECK(body_of(first)["token_source"] == "metadata");
  for (int i = 0; i < 200; ++i) {
    const json again = parse(runtime.invoke("{}", invocation({{"requestId", "b"}}, kNow + 1000 + i)));
    REQUIRE(again["step"] == "respond");
    CHECK(body_of(again)["token_source"] == "cache");
  }
  CHECK(runtime.token_cache().fetches_started() == 1);
}

TEST_CASE("runtime: concurrent invocations share one fetch", "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const json owner = parse(runtime.invoke("{}", invocation({{"requestId", "owner"}})));
  REQUIRE(owner["step"] == "fetch");
  std::vector<json> waiting;
  for (int i = 0; i < 49; ++i) {
    waiting.push_back(parse(runtime.invoke("{}", invocation({{"requestId", "w" + std::to_string(i)}}))));
    REQUIRE(waiting.back()["step"] == "wait");
    CHECK(waiting.back()["wait"]["fetch_id"] == owner["fetches"][0]["id"]);
    // The host gives up at the deadline less the core's reserve, told as a time.
    CHECK(waiting.back()["give_up_ms"] == kNow + 10'000 - ycfn::kHostGiveUpReserveMs);
    CHECK_FALSE(waiting.back().contains("deadline_ms"));
    // Every integer host_contract.def says a wait step carries is there.
    CHECK(ycfn::host_contract::missing_step_integer(waiting.back()).empty());
  }
  CHECK(runtime.invocations_in_progress() == 50);
  CHECK(body_of(parse(runtime.resume(resume_with_reply(owner, 200, token_json().dump()))))["token_source"] ==
        "metadata");
  for (const auto& step : waiting) {
    const json done =
        parse(runtime.resume(json{{"invocation", step["invocation"]}, {"now_ms", kNow + 5}}.dump()));
    CHECK(done["response"]["statusCode"] == 200);
  }
  CHECK(runtime.token_cache().fetches_started() == 1);
  CHECK(runtime.invocations_in_progress() == 0);
}

TEST_CASE("runtime: metadata errors become 502/504 error responses without the token", "[runtime][token]") {
  struct Case {
    int status;
    std::string body;
    json headers;
    const char* error_type;
  };
  const std::string secret = "t1.SECRET-token-never-to-be-seen";
  const Case cases[] = {
      {404, "", json::object(), "metadata.not_found"},
      {403, "", json::object(), "metadata.forbidden"},
      {302, "", {{"location", "http://evil/"}}, "metadata.redirect"},
      {200, token_json(secret).dump(), {{"metadata-flavor", "Amazon"}}, "metadata.not_metadata_server"},
      {200, "{\"access_token\":\"" + secret + "\",\"expires_in\":\"3600\",\"token_type\":\"Bearer\"}",
       json::object(), "metadata.bad_reply"},
      {200, "not json " + secret, json::object(), "metadata.bad_reply"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status, c.error_type);
    ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
    const json fetch = parse(runtime.invoke("{}", invocation({{"requestId", "r"}})));
    REQUIRE(fetch["step"] == "fetch");
    const std::string text = runtime.resume(resume_with_reply(fetch, c.status, c.body, kNow, c.headers));
    const json step = parse(text);
    CHECK(step["response"]["statusCode"] == 502);
    CHECK(body_of(step)["errorType"] == c.error_type);
    CHECK(text.find(secret) == std::string::npos);
  }
}

TEST_CASE("runtime: a hanging metadata service ends in 504 before the deadline", "[runtime][token]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  json step = parse(runtime.invoke("{}", invocation({{"requestId", "r"}}, kNow, 1500)));
  std::int64_t now = kNow;
  int attempts = 0;
  while (step["step"] == "fetch") {
    ++attempts;
    now += step["fetches"][0]["delay_ms"].get<std::int64_t>() +
           step["fetches"][0]["timeout_ms"].get<std::int64_t>();
    CHECK(now <= kNow + 1500);
    step = parse(
        runtime.resume(json{{"invocation", step["invocation"]},
                            {"now_ms", now},
                            {"fetch_results", {{{"id", step["fetches"][0]["id"]}, {"error", "timeout"}}}}}
                           .dump()));
  }
  CHECK(attempts >= 1);
  CHECK(step["response"]["statusCode"] == 504);
  CHECK(body_of(step)["errorType"] == "metadata.timeout");
}

TEST_CASE("runtime: resume of an unknown invocation is an ABI error step", "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const json step = parse(runtime.resume(R"({"invocation": 99, "now_ms": 1})"));
  CHECK(step["step"] == "error");
  CHECK(step["error"]["code"] == "abi.unknown_invocation");
  CHECK(parse(runtime.resume("garbage"))["error"]["code"] == "abi.bad_input");
}

// Every host forwards the error step's response as it forwards a respond step's.
TEST_CASE("runtime: an ABI error step carries the 500 answer and an ERROR record", "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const std::string text = runtime.resume(R"({"invocation": 99, "now_ms": 1})");
  const json step = parse(text);
  REQUIRE(step["step"] == "error");
  CHECK(step["response"]["statusCode"] == 500);
  const json body = parse(step["response"]["body"].get<std::string>());
  CHECK(body["errorType"] == "abi.unknown_invocation");
  CHECK(body["errorMessage"] == step["error"]["message"]);
  CHECK(step["error"]["message"] == "invocation 99 is not in progress");
  REQUIRE(step["logs"].size() == 1);
  const json record = parse(step["logs"][0].get<std::string>());
  CHECK(record["level"] == "ERROR");
  CHECK(record["errorType"] == "abi.unknown_invocation");
  // The response is written last, as in a respond step, so a host may take its text as it is.
  const std::string key = R"(,"step":"error","response":)";
  REQUIRE(text.find(key) != std::string::npos);
  CHECK(parse(text.substr(text.find(key) + key.size(), text.size() - text.find(key) - key.size() - 1)) ==
        step["response"]);
}

TEST_CASE("runtime: a bad metadata address is a 502 metadata.bad_address", "[runtime][token]") {
  auto config = config_with_network(true);
  config.host.env["YC_METADATA_ADDR"] = "http://bad/";
  ycfn::Runtime runtime(kEchoWithToken, config);
  const json step = parse(runtime.invoke("{}", invocation(json::object())));
  CHECK(step["response"]["statusCode"] == 502);
  CHECK(body_of(step)["errorType"] == "metadata.bad_address");
}

TEST_CASE("runtime config parsing", "[runtime]") {
  auto config =
      ycfn::parse_runtime_config(R"({"env":{"YC_METADATA_ADDR":"127.0.0.1:8080"},"network":false,"x":1})");
  REQUIRE(config.ok());
  CHECK(config->host.env.at("YC_METADATA_ADDR") == "127.0.0.1:8080");
  CHECK_FALSE(config->host.network);
  CHECK(ycfn::parse_runtime_config("").ok());
  CHECK(ycfn::parse_runtime_config("[]").error().code == "abi.bad_config");
  CHECK(ycfn::parse_runtime_config(R"({"network":"yes"})").error().code == "abi.bad_config");
  CHECK(ycfn::parse_runtime_config(R"({"env":{"GCE_METADATA_HOST":5}})").error().code == "abi.bad_config");
}

// Found by fuzz/fuzz_abi (UBSan: signed overflow in the token cache's
// deadline arithmetic): host times must be Unix epoch milliseconds a host
// clock can produce, 0 .. 2^53-1 (JavaScript's safe integers); anything else
// is abi.bad_input, before any arithmetic.
TEST_CASE("runtime: host times outside 0..2^53-1 are abi.bad_input, never overflow", "[runtime][fuzz]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const char* invocations[] = {
      R"({"now_ms":-9223372036854775808,"deadline_ms":9223372036854775807})",  // the fuzzer's input
      R"({"now_ms":1764331200000,"deadline_ms":-9223372036854775808})",
      R"({"now_ms":9223372036854775807,"deadline_ms":9223372036854775807})",
      R"({"now_ms":18446744073709551615,"deadline_ms":1764331210000})",
      R"({"now_ms":9223372036854775808,"deadline_ms":1764331210000})",
      R"({"now_ms":-1,"deadline_ms":1764331210000})",
      R"({"now_ms":9007199254740992,"deadline_ms":9007199254740992})",
  };
  for (const char* input : invocations) {
    CAPTURE(input);
    const json step = parse(runtime.invoke("{}", input));
    REQUIRE(step["step"] == "respond");
    CHECK(step["response"]["statusCode"] == 500);
    CHECK(body_of(step)["errorType"] == "abi.bad_input");
  }
  CHECK(runtime.invocations_in_progress() == 0);

  // The bounds themselves are fine.
  ycfn::Runtime edge_runtime(kEchoWithToken, config_with_network(true));
  const json edge = parse(edge_runtime.invoke("{}", R"({"now_ms":0,"deadline_ms":9007199254740991})"));
  REQUIRE(edge["step"] == "fetch");
  CHECK(edge["fetches"][0]["timeout_ms"] == 3000);

  // A resume with an impossible time is refused, and the invocation it names
  // is answered 500 abi.bad_input rather than left in progress forever.
  for (const char* now : {"9223372036854775807", "-9223372036854775808", "18446744073709551615", "-5"}) {
    CAPTURE(now);
    const json waiting = parse(runtime.invoke("{}", invocation(json::object())));
    REQUIRE(waiting["step"] != "respond");
    // Written out as text: json would store some of these as other types.
    const std::string input =
        R"({"invocation":)" + waiting["invocation"].dump() + R"(,"now_ms":)" + now + "}";
    REQUIRE_FALSE(json::parse(input, nullptr, false).is_discarded());
    const json refused = parse(runtime.resume(input));
    REQUIRE(refused["step"] == "respond");
    CHECK(refused["response"]["statusCode"] == 500);
    CHECK(body_of(refused)["errorType"] == "abi.bad_input");
  }
  CHECK(runtime.invocations_in_progress() == 0);
}

// The invocation's context is copied into the handler's Context and handlers
// may dump it: both recurse once per nesting level. A context 100,000 levels
// deep (about 200 KB) was accepted, and a handler dumping it overflowed the
// stack even natively (far less does on wasm stacks). It is refused before
// parsing, like a deep event.
TEST_CASE("runtime: an invocation JSON nested deeper than 64 levels is abi.bad_input, not a stack overflow",
          "[runtime][fuzz]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const auto with_context_value = [](std::size_t levels) {
    return R"({"now_ms":1764331200000,"deadline_ms":1764331210000,"context":{"x":)" +
           std::string(levels, '[') + std::string(levels, ']') + "}}";
  };
  const json deep = parse(runtime.invoke("{}", with_context_value(100000)));
  REQUIRE(deep["step"] == "respond");
  CHECK(deep["response"]["statusCode"] == 500);
  CHECK(body_of(deep)["errorType"] == "abi.bad_input");
  CHECK(parse(runtime.invoke("{}", with_context_value(63)))["response"]["statusCode"] == 500);
  // 64 levels in all (the invocation, its context, 62 arrays) is fine.
  const json ok = parse(runtime.invoke("{}", with_context_value(62)));
  CHECK(ok["response"]["statusCode"] == 200);
}

// The resume input and the runtime config are host JSON like the invocation:
// the same depth limit applies, before parsing.
TEST_CASE("runtime: a resume input or config nested deeper than 64 levels is refused before parsing",
          "[runtime]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const auto deep_value = [](std::size_t levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  const json refused = parse(runtime.resume(R"({"invocation":1,"now_ms":1764331200000,"fetch_results":)" +
                                            deep_value(100000) + "}"));
  REQUIRE(refused["step"] == "error");
  CHECK(refused["error"]["code"] == "abi.bad_input");
  CHECK(refused["error"]["message"] == "resume input is nested deeper than 64 levels");

  const auto config = ycfn::parse_runtime_config(R"({"x":)" + deep_value(64) + "}");
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().code == "abi.bad_config");
  CHECK(config.error().message == "runtime config: nested too deeply");
  CHECK(ycfn::parse_runtime_config(R"({"x":)" + deep_value(63) + "}").ok());
}

// nlohmann's lexer takes a NUL byte for the end of its input: host JSON
// followed by a NUL and anything at all used to be taken for the JSON alone.
TEST_CASE("runtime: host JSON (invocation/resume/config) followed by a NUL byte is refused",
          "[runtime][fuzz]") {
  const std::string junk("\0junk", 5);
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const std::string good_invocation = invocation(json::object());
  REQUIRE(parse(runtime.invoke("{}", good_invocation))["response"]["statusCode"] == 200);
  const json refused = parse(runtime.invoke("{}", good_invocation + junk));
  CHECK(refused["response"]["statusCode"] == 500);
  CHECK(body_of(refused)["errorType"] == "abi.bad_input");
  CHECK(body_of(refused)["errorMessage"] == "invocation input is not a JSON object");

  const json resumed = parse(runtime.resume(R"({"invocation":1,"now_ms":1764331200000})" + junk));
  REQUIRE(resumed["step"] == "error");
  CHECK(resumed["error"]["message"] == "resume input is not a JSON object");

  REQUIRE(ycfn::parse_runtime_config(R"({"network":false})").ok());
  CHECK(ycfn::parse_runtime_config(R"({"network":false})" + junk).error().code == "abi.bad_config");
}

// The host contract (docs/design.md): the deadline, malformed context and
// configuration, context forwarding, host hints and forgotten invocations
// are decided here once, for every host.
TEST_CASE("runtime: without a deadline the invocation gets 3000 ms, or YCFN_TIMEOUT_MS",
          "[runtime][contract]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  const std::string no_deadline = json{{"context", json::object()}, {"now_ms", kNow}}.dump();
  CHECK(body_of(parse(runtime.invoke("{}", no_deadline)))["remaining"] == 3000);

  auto config = ycfn::parse_runtime_config(R"({"env":{"YCFN_TIMEOUT_MS":"1500"}})");
  REQUIRE(config.ok());
  ycfn::Runtime configured(kEcho, config);
  CHECK(body_of(parse(configured.invoke("{}", no_deadline)))["remaining"] == 1500);
  // context.deadlineMs wins over the default.
  const std::string with_context_deadline =
      json{{"context", {{"deadlineMs", kNow + 700}}}, {"now_ms", kNow}}.dump();
  CHECK(body_of(parse(configured.invoke("{}", with_context_deadline)))["remaining"] == 700);
  // The host's deadline_ms wins over both.
  const std::string with_both =
      json{{"context", {{"deadlineMs", kNow + 700}}}, {"now_ms", kNow}, {"deadline_ms", kNow + 900}}.dump();
  CHECK(body_of(parse(configured.invoke("{}", with_both)))["remaining"] == 900);
}

TEST_CASE("runtime: a malformed deadline, timeout or context is a 500 with its code; the next call works",
          "[runtime][contract]") {
  ycfn::Runtime runtime(kEcho, config_with_network(true));
  for (const json& deadline : {json("soon"), json(-1), json(1.5), json(nullptr), json::array()}) {
    CAPTURE(deadline);
    const json step =
        parse(runtime.invoke("{}", json{{"context", {{"deadlineMs", deadline}}}, {"now_ms", kNow}}.dump()));
    CHECK(step["response"]["statusCode"] == 500);
    CHECK(body_of(step)["errorType"] == "context.bad_deadline");
  }
  for (const char* text : {"not json", "[1]", "\"r1\"", "{\"a\":"}) {
    CAPTURE(text);
    const json step = parse(runtime.invoke("{}", json{{"context_json", text}, {"now_ms", kNow}}.dump()));
    CHECK(step["response"]["statusCode"] == 500);
    CHECK(body_of(step)["errorType"] == "context.malformed");
  }
  const json from_text =
      parse(runtime.invoke("{}", json{{"context_json", R"({"requestId":"t1"})"}, {"now_ms", kNow}}.dump()));
  CHECK(body_of(from_text)["requestId"] == "t1");

  for (const char* timeout : {"0", "600001", "3s", "-5", "1e3", "99999999999"}) {
    CAPTURE(timeout);
    auto config = ycfn::parse_runtime_config(json{{"env", {{"YCFN_TIMEOUT_MS", timeout}}}}.dump());
    REQUIRE(config.ok());
    ycfn::Runtime bad(kEcho, config);
    const std::string no_deadline = json{{"context", json::object()}, {"now_ms", kNow}}.dump();
    const json step = parse(bad.invoke("{}", no_deadline));
    CHECK(step["response"]["statusCode"] == 500);
    CHECK(body_of(step)["errorType"] == "config.bad_timeout");
    // A deadline of its own does not need the default.
    CHECK(parse(bad.invoke("{}", invocation(json::object())))["response"]["statusCode"] == 200);
  }
  CHECK(parse(runtime.invoke("{}", invocation(json::object())))["response"]["statusCode"] == 200);
}

TEST_CASE("runtime: the handler sees every context field but the token", "[runtime][contract]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const json context = {{"requestId", "r"},
                        {"awsRequestId", "aws"},
                        {"logGroupName", "g"},
                        {"deadlineMs", kNow + 5000},
                        {"token", token_json()}};
  const json step = parse(runtime.invoke("{}", json{{"context", context}, {"now_ms", kNow}}.dump()));
  const json body = body_of(step);
  CHECK(body["context_has_token"] == false);
  CHECK(body["remaining"] == 5000);
}

TEST_CASE("runtime: token.missing ends with the host's hint", "[runtime][contract]") {
  auto config = ycfn::parse_runtime_config(
      R"({"network":false,"token_hint":"pass it with wasmtime run --env YCFN_CONTEXT=..."})");
  REQUIRE(config.ok());
  ycfn::Runtime runtime(kEchoWithToken, config);
  const json body = body_of(parse(runtime.invoke("{}", invocation(json::object()))));
  CHECK(body["errorType"] == "token.missing");
  CHECK(body["errorMessage"].get<std::string>().find("wasmtime run --env YCFN_CONTEXT") != std::string::npos);
}

TEST_CASE("runtime: invocations a host never finished are forgotten after their deadline",
          "[runtime][contract]") {
  ycfn::Runtime runtime(kEchoWithToken, config_with_network(true));
  const json fetch = parse(runtime.invoke("{}", invocation({{"requestId", "lost"}}, kNow, 1000)));
  REQUIRE(fetch["step"] == "fetch");
  CHECK(runtime.invocations_in_progress() == 1);
  // Before its deadline (plus a second) it is kept.
  parse(runtime.invoke("{}", invocation({{"requestId", "early"}}, kNow + 1500, 100)));
  CHECK(runtime.invocations_in_progress() >= 1);
  const json later =
      parse(runtime.invoke("{}", invocation({{"requestId", "late"}, {"token", token_json()}}, kNow + 2500)));
  bool reported = false;
  for (const auto& line : later["logs"])
    reported |= line.get<std::string>().find("forgot invocation") != std::string::npos;
  CHECK(reported);
  CHECK(runtime.invocations_in_progress() == 0);
}
