// Outbound requests of handlers (fetch.hpp) through the runtime, as a host
// drives them: fetch steps with several requests, replies fed back, failures
// as values, redirects, the token, logs, the deadline.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "steps.hpp"

#include "ycfn/base64.hpp"
#include "ycfn/detail/host_contract.hpp"
#include "ycfn/detail/runtime.hpp"

namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1764331200000;
const std::string kToken = "t1.9euelZqUjM2Wk5DKkJ-fetch-test-token";

using ycfn_test::body_of;
using ycfn_test::parse;

std::string invocation(std::int64_t budget_ms = 10'000, bool with_token = true) {
  json context = {{"requestId", "r-1"}};
  if (with_token)
    context["token"] = {{"access_token", kToken}, {"expires_in", 43200}, {"token_type", "Bearer"}};
  return json{{"context", context}, {"now_ms", kNow}, {"deadline_ms", kNow + budget_ms}}.dump();
}

json reply(const json& fetch, int status, const std::string& body, const json& headers = json::array()) {
  return {{"id", fetch["id"]},
          {"status", status},
          {"headers", headers},
          {"body_base64", ycfn::base64_encode(body)}};
}

std::string resume(const json& step, const std::vector<json>& results, std::int64_t now = kNow + 20) {
  return json{{"invocation", step["invocation"]}, {"now_ms", now}, {"fetch_results", json(results)}}.dump();
}

std::string header_of(const json& fetch, const std::string& name) {
  for (const auto& pair : fetch["headers"]) {
    if (pair[0] == name) return pair[1];
  }
  return "<none>";
}

// Two requests in a row: the second uses the first's reply.
ycfn::Task two_in_a_row(const ycfn::Request& /*request*/, ycfn::Context& context) {
  return context.fetch(ycfn::HttpCall::get("https://api.example/v1/first?secret=q").with_token())
      .then([](ycfn::HttpReply first, ycfn::Context& ctx) -> ycfn::Task {
        if (!first.success()) return ycfn::Response::failure("first.failed", first.error().code, 502);
        auto parsed = first.json();
        if (!parsed) return ycfn::Response::failure("first.bad", parsed.error().code, 502);
        const std::string next = parsed->value("next", "");
        return ctx.fetch(ycfn::HttpCall::post("https://api.example/v1/" + next, R"({"go":1})").with_token())
            .then([](ycfn::HttpReply second, ycfn::Context&) -> ycfn::Task {
              return ycfn::Response::json(
                  {{"second_status", second.status()}, {"second_body", second.body()}});
            });
      });
}

// Every call of the event's "urls" at once; answers each reply's outcome.
ycfn::Task all_at_once(const ycfn::Request& request, ycfn::Context& context) {
  std::vector<ycfn::HttpCall> calls;
  for (const auto& url : request.raw().value("urls", json::array())) {
    ycfn::HttpCall call = ycfn::HttpCall::get(url.get<std::string>()).with_token().max_reply_bytes(100);
    if (request.raw().value("follow", false)) call.follow_redirects();
    if (request.raw().contains("header")) call.header("X-Test", request.raw()["header"].get<std::string>());
    calls.push_back(std::move(call));
  }
  return context.fetch_all(std::move(calls))
      .then([](std::vector<ycfn::HttpReply> replies, ycfn::Context& ctx) -> ycfn::Task {
        json out = json::array();
        for (const auto& r : replies) {
          out.push_back(r.ok() ? json{{"status", r.status()}, {"url", r.url()}}
                               : json{{"error", r.error().code}, {"message", r.error().message}});
        }
        return ycfn::Response::json({{"replies", out}, {"remaining", ctx.remaining_ms()}});
      });
}

// Fetches again after every reply, forever, unless the event says "stop": a
// runaway handler.
ycfn::Task fetch_again(ycfn::HttpReply /*reply*/, ycfn::Context& context) {
  return context.fetch(ycfn::HttpCall::get("http://loop.test/again")).then(fetch_again);
}

ycfn::Task loops(const ycfn::Request& request, ycfn::Context& context) {
  if (request.raw().value("stop", false)) return ycfn::Response::json({{"served", true}});
  return context.fetch(ycfn::HttpCall::get("http://loop.test/again")).then(fetch_again);
}

ycfn::Response reads_env(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const auto folder = context.env("FOLDER_ID");
  return ycfn::Response::json(
      {{"folder", folder ? json(std::string(*folder)) : json(nullptr)},
       {"missing", !context.env("NOPE").has_value()},
       {"fallbacks",
        {context.env("FOLDER_ID", "dflt"), context.env("NOPE", "dflt"), context.env("EMPTY", "dflt")}}});
}

const ycfn::HandlerSpec kTwoInARow{&ycfn::adapt_handler<two_in_a_row>, ycfn::TokenRequirement::required,
                                   "two"};
const ycfn::HandlerSpec kAll{&ycfn::adapt_handler<all_at_once>, ycfn::TokenRequirement::none, "all"};
const ycfn::HandlerSpec kLoops{&ycfn::adapt_handler<loops>, ycfn::TokenRequirement::none, "loops"};
const ycfn::HandlerSpec kEnv{&ycfn::adapt_handler<reads_env>, ycfn::TokenRequirement::none, "env"};

ycfn::RuntimeConfig config(bool network = true) {
  ycfn::RuntimeConfig c;
  c.host.network = network;
  c.host.fetch_hint = "run it under the Node host or the Python host";
  return c;
}

}  // namespace

TEST_CASE("fetch: two requests in a row, each a fetch step, with the token attached", "[fetch]") {
  ycfn::Runtime runtime(kTwoInARow, config());
  const json first = parse(runtime.invoke("{}", invocation()));
  REQUIRE(first["step"] == "fetch");
  REQUIRE(first["fetches"].size() == 1);
  const json& f1 = first["fetches"][0];
  CHECK(f1["method"] == "GET");
  CHECK(f1["url"] == "https://api.example/v1/first?secret=q");
  CHECK(header_of(f1, "Authorization") == "Bearer " + kToken);
  CHECK(f1["timeout_ms"] == 10'000 - 200);
  CHECK(f1["max_body_bytes"] == ycfn::kDefaultMaxReplyBytes);
  CHECK(f1["delay_ms"] == 0);
  // The host gives up at the deadline less the core's reserve, told as a time.
  CHECK(first["give_up_ms"] == kNow + 10'000 - ycfn::kHostGiveUpReserveMs);
  CHECK_FALSE(first.contains("deadline_ms"));
  CHECK_FALSE(f1.contains("body_base64"));
  // Every integer host_contract.def says a fetch step carries is there.
  CHECK(ycfn::host_contract::missing_step_integer(first).empty());

  const json second = parse(runtime.resume(resume(first, {reply(f1, 200, R"({"next":"second"})")})));
  REQUIRE(second["step"] == "fetch");
  const json& f2 = second["fetches"][0];
  CHECK(f2["method"] == "POST");
  CHECK(f2["url"] == "https://api.example/v1/second");
  CHECK(header_of(f2, "Content-Type") == "application/json");
  CHECK(ycfn::base64_decode(f2["body_base64"].get<std::string>()).value() == R"({"go":1})");
  CHECK(f2["id"] != f1["id"]);
  // The first request was logged: method, origin, path, status; no query, no token.
  REQUIRE(second["logs"].size() == 1);
  const json record = parse(second["logs"][0].get<std::string>());
  CHECK(record["level"] == "INFO");
  CHECK(record["method"] == "GET");
  CHECK(record["origin"] == "https://api.example");
  CHECK(record["path"] == "/v1/first");
  CHECK(record["status"] == "200");
  CHECK(record["duration_ms"] == "20");
  CHECK(second["logs"][0].get<std::string>().find("secret=q") == std::string::npos);

  const std::string done_text = runtime.resume(resume(second, {reply(f2, 202, "queued")}, kNow + 50));
  const json done = parse(done_text);
  CHECK(body_of(done) == json{{"second_status", 202}, {"second_body", "queued"}});
  CHECK(runtime.invocations_in_progress() == 0);
  CHECK(done_text.find(kToken) == std::string::npos);
}

TEST_CASE("fetch: several requests in flight in one step; failures are values", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  json event = {{"urls", {"http://a/1", "http://b/2", "http://c/3", "http://d/4"}}};
  const json step = parse(runtime.invoke(event.dump(), invocation()));
  REQUIRE(step["step"] == "fetch");
  REQUIRE(step["fetches"].size() == 4);
  const json& f = step["fetches"];
  const std::vector<json> results = {
      reply(f[0], 204, ""),
      {{"id", f[1]["id"]}, {"error", "timeout"}, {"message", "no reply in 9800 ms"}},
      {{"id", f[2]["id"]}, {"error", "network"}, {"message", "ECONNREFUSED"}},
      reply(f[3], 200, std::string(101, 'x')),  // over max_reply_bytes: a host that kept reading
  };
  const json done = body_of(parse(runtime.resume(resume(step, results))));
  CHECK(done["replies"][0] == json{{"status", 204}, {"url", "http://a/1"}});
  CHECK(done["replies"][1]["error"] == "fetch.timeout");
  CHECK(done["replies"][2]["error"] == "fetch.network");
  CHECK(done["replies"][2]["message"].get<std::string>().find("ECONNREFUSED") != std::string::npos);
  CHECK(done["replies"][3]["error"] == "fetch.too_large");
  CHECK(done["remaining"] == 10'000 - 20);  // time left when the replies came
}

TEST_CASE("fetch: a request refused by the policy never leaves; the others still do", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  json event = {{"urls", {"ftp://a/1", "http://b/2"}}};
  const json step = parse(runtime.invoke(event.dump(), invocation()));
  REQUIRE(step["step"] == "fetch");
  REQUIRE(step["fetches"].size() == 1);
  CHECK(step["fetches"][0]["url"] == "http://b/2");
  const json done = body_of(parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, "")}))));
  CHECK(done["replies"][0]["error"] == "fetch.refused");
  CHECK(done["replies"][1]["status"] == 200);

  // A header injection: nothing leaves, the continuation runs at once.
  event = {{"urls", {"http://b/2"}}, {"header", "x\r\nAuthorization: Bearer stolen"}};
  const json injected = parse(runtime.invoke(event.dump(), invocation()));
  REQUIRE(injected["step"] == "respond");
  CHECK(body_of(injected)["replies"][0]["error"] == "fetch.refused");
}

TEST_CASE("fetch: without a token, with_token() is fetch.no_token", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  const json step = parse(runtime.invoke(json{{"urls", {"http://a/"}}}.dump(), invocation(10'000, false)));
  REQUIRE(step["step"] == "respond");
  CHECK(body_of(step)["replies"][0]["error"] == "fetch.no_token");
}

TEST_CASE("fetch: a host without network answers fetch.unsupported with its hint, and no step", "[fetch]") {
  ycfn::Runtime runtime(kAll, config(false));
  const json step = parse(runtime.invoke(json{{"urls", {"http://a/"}}}.dump(), invocation()));
  REQUIRE(step["step"] == "respond");
  const json r = body_of(step)["replies"][0];
  CHECK(r["error"] == "fetch.unsupported");
  CHECK(r["message"].get<std::string>().find("Node host or the Python host") != std::string::npos);
}

TEST_CASE("fetch: redirects are followed on request, without credentials across origins", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  const json step =
      parse(runtime.invoke(json{{"urls", {"https://api.example/a"}}, {"follow", true}}.dump(), invocation()));
  const json& f1 = step["fetches"][0];
  CHECK(header_of(f1, "Authorization") == "Bearer " + kToken);
  const json hop = parse(runtime.resume(resume(
      step, {reply(f1, 302, "", json::array({json::array({"Location", "https://evil.example/b"})}))})));
  REQUIRE(hop["step"] == "fetch");
  const json& f2 = hop["fetches"][0];
  CHECK(f2["url"] == "https://evil.example/b");
  CHECK(header_of(f2, "Authorization") == "<none>");
  const json done = body_of(parse(runtime.resume(resume(hop, {reply(f2, 200, "ok")}))));
  CHECK(done["replies"][0] == json{{"status", 200}, {"url", "https://evil.example/b"}});

  // Not asked to follow: the 3xx is the reply.
  const json plain = parse(runtime.invoke(json{{"urls", {"https://api.example/a"}}}.dump(), invocation()));
  const json not_followed = body_of(
      parse(runtime.resume(resume(plain, {reply(plain["fetches"][0], 301, "",
                                                json::array({json::array({"Location", "/elsewhere"})}))}))));
  CHECK(not_followed["replies"][0]["status"] == 301);
}

TEST_CASE("fetch: a resume that does not answer the step's fetches ends the invocation", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  const json step = parse(runtime.invoke(json{{"urls", {"http://a/", "http://b/"}}}.dump(), invocation()));
  REQUIRE(step["fetches"].size() == 2);
  const json partial = parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, "")})));
  REQUIRE(partial["step"] == "respond");
  CHECK(partial["response"]["statusCode"] == 500);
  CHECK(body_of(partial)["errorType"] == "abi.bad_input");
  CHECK(runtime.invocations_in_progress() == 0);

  const json again = parse(runtime.invoke(json{{"urls", {"http://a/"}}}.dump(), invocation()));
  const json wrong = parse(runtime.resume(resume(again, {{{"id", 999}, {"status", 200}}})));
  CHECK(body_of(wrong)["errorType"] == "abi.bad_input");
  CHECK(runtime.invocations_in_progress() == 0);
}

TEST_CASE("fetch: a host that gives up at the deadline cancels: 504 invocation.timeout", "[fetch]") {
  ycfn::Runtime runtime(kAll, config());
  const json step = parse(runtime.invoke(json{{"urls", {"http://a/"}}}.dump(), invocation()));
  const json cancelled = parse(runtime.resume(
      json{{"invocation", step["invocation"]}, {"now_ms", kNow + 9900}, {"cancel", true}}.dump()));
  CHECK(cancelled["response"]["statusCode"] == 504);
  CHECK(body_of(cancelled)["errorType"] == "invocation.timeout");
  CHECK(runtime.invocations_in_progress() == 0);
  // A late reply for it is an unknown invocation, not a crash.
  CHECK(parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, "")})))["step"] == "error");
}

TEST_CASE("fetch: the core ends an invocation that keeps asking for I/O: its last step is a 500",
          "[fetch][steps]") {
  ycfn::Runtime runtime(kLoops, config());
  // A deadline far away: only the step limit can end it.
  const std::string start =
      json{{"context", {{"requestId", "r-loop"}}}, {"now_ms", kNow}, {"deadline_ms", kNow + 3'600'000}}
          .dump();
  json step = parse(runtime.invoke("{}", start));
  int steps = 1;
  std::int64_t now = kNow;
  while (step["step"] == "fetch") {
    REQUIRE(steps < ycfn::kMaxStepsPerInvocation);
    now += 1;
    step = parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, "")}, now)));
    ++steps;
  }
  CHECK(steps == ycfn::kMaxStepsPerInvocation);
  REQUIRE(step["step"] == "respond");
  CHECK(step["response"]["statusCode"] == 500);
  CHECK(body_of(step)["errorType"] == "invocation.too_many_steps");
  CHECK(runtime.invocations_in_progress() == 0);
  // The runtime keeps serving.
  const json next = parse(runtime.invoke(json{{"stop", true}}.dump(), invocation()));
  REQUIRE(next["step"] == "respond");
  CHECK(body_of(next) == json{{"served", true}});
}

TEST_CASE("fetch: the function's environment reaches the handler", "[fetch]") {
  auto parsed = ycfn::parse_runtime_config(R"({"env":{"FOLDER_ID":"b1g-folder","OTHER":"x","EMPTY":""}})");
  REQUIRE(parsed.ok());
  ycfn::Runtime runtime(kEnv, parsed);
  const json body = body_of(parse(runtime.invoke("{}", invocation())));
  CHECK(body["folder"] == "b1g-folder");
  CHECK(body["missing"] == true);
  // env(name, fallback): the fallback when unset or empty.
  CHECK(body["fallbacks"] == json::array({"b1g-folder", "dflt", "dflt"}));
}

TEST_CASE("fetch: HttpReply::json is safe on any body", "[fetch]") {
  const auto ok = ycfn::HttpReply::received(200, {}, R"({"a":1})", "http://h/", 1);
  CHECK(ok.json().value()["a"] == 1);
  CHECK(ycfn::HttpReply::received(200, {}, "not json", "http://h/", 1).json().error().code ==
        "fetch.bad_json");
  CHECK(ycfn::HttpReply::received(200, {}, std::string(100, '['), "http://h/", 1).json().error().code ==
        "fetch.bad_json");
  const auto failed = ycfn::HttpReply::failed(ycfn::make_error("fetch.timeout", "late"), "http://h/", 1);
  CHECK_FALSE(failed.ok());
  CHECK_FALSE(failed.success());
  CHECK(failed.json().error().code == "fetch.timeout");
}

TEST_CASE("fetch: failure() and as_error() turn a reply into the handler's error answer", "[fetch]") {
  const auto forbidden = ycfn::HttpReply::received(403, {}, "secret body", "https://h/p?q=secret", 3);
  const ycfn::Response r = forbidden.failure("app.list_failed", "listing the things");
  CHECK(r.status() == 502);
  CHECK(r.error_type() == "app.list_failed");
  CHECK(json::parse(r.body())["errorMessage"] ==
        "listing the things failed: http.status: the server answered 403");
  CHECK(r.body().find("secret") == std::string::npos);
  CHECK_FALSE(forbidden.as_error().retryable);
  CHECK(ycfn::HttpReply::received(429, {}, "", "https://h/", 1).as_error().retryable);
  CHECK(ycfn::HttpReply::received(503, {}, "", "https://h/", 1).as_error().retryable);

  const auto timeout =
      ycfn::HttpReply::failed(ycfn::make_error("fetch.timeout", "no reply within 100 ms"), "https://h/", 100);
  CHECK(timeout.failure("app.x", "asking").status() == 504);
  CHECK(json::parse(timeout.failure("app.x", "asking").body())["errorMessage"] ==
        "asking failed: fetch.timeout: no reply within 100 ms");
  const auto network = ycfn::HttpReply::failed(ycfn::make_error("fetch.network", "refused"), "https://h/", 1);
  CHECK(network.failure("app.x", "asking").status() == 502);
  CHECK(ycfn::call_failure("app.y", "paging", ycfn::make_error("list.endless", "loops")).status() == 502);
}

namespace {

// C++17 style: fetch_all with a bound, waves chained by the core.
ycfn::Task bounded(const ycfn::Request& /*request*/, ycfn::Context& context) {
  std::vector<ycfn::HttpCall> calls;
  for (int i = 0; i < 7; ++i) calls.push_back(ycfn::HttpCall::get("https://h/" + std::to_string(i)));
  return context.fetch_all(std::move(calls), 3)
      .then([](std::vector<ycfn::HttpReply> replies, ycfn::Context&) {
        json urls = json::array();
        for (const auto& r : replies) urls.push_back(r.body());
        return ycfn::Task(ycfn::Response::json(urls));
      });
}
const ycfn::HandlerSpec kBounded{&ycfn::adapt_handler<bounded>, ycfn::TokenRequirement::none, "bounded"};

}  // namespace

TEST_CASE("fetch: fetch_all(calls, max_in_flight) sends waves of at most that many, replies in order",
          "[fetch]") {
  ycfn::Runtime runtime(kBounded, config());
  json step = parse(runtime.invoke("{}", invocation()));
  std::vector<std::size_t> waves;
  while (step["step"] == "fetch") {
    waves.push_back(step["fetches"].size());
    std::vector<json> results;
    for (const auto& f : step["fetches"]) results.push_back(reply(f, 200, f["url"].get<std::string>()));
    step = parse(runtime.resume(resume(step, results)));
  }
  CHECK(waves == std::vector<std::size_t>{3, 3, 1});
  json expected = json::array();
  for (int i = 0; i < 7; ++i) expected.push_back("https://h/" + std::to_string(i));
  CHECK(body_of(step) == expected);
}
