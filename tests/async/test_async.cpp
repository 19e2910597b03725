// Coroutine handlers (ycfn/async.hpp, ycfn/paging.hpp) through the runtime, as
// a host drives them: each co_await of a fetch is one fetch step, nested
// coroutines, bounded fetch_all, paging, and what happens to an abandoned
// coroutine. C++20; built and run on every target (GCC or clang natively,
// clang 14 with the Coroutines TS header under Emscripten, clang 19 on WASI).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "steps.hpp"

#include "ycfn/async.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/runtime.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/paging.hpp"

namespace {

using nlohmann::json;
using ycfn_test::body_of;
using ycfn_test::parse;

constexpr std::int64_t kNow = 1764331200000;
const std::string kToken = "t1.9euelZqUjM2Wk5DKkJ-async-test-token";

std::string invocation(std::int64_t now = kNow, std::int64_t budget_ms = 10'000) {
  json context = {{"requestId", "r-async"},
                  {"token", {{"access_token", kToken}, {"expires_in", 43200}, {"token_type", "Bearer"}}}};
  return json{{"context", context}, {"now_ms", now}, {"deadline_ms", now + budget_ms}}.dump();
}

json reply(const json& fetch, int status, const std::string& body) {
  return {{"id", fetch["id"]},
          {"status", status},
          {"headers", json::array()},
          {"body_base64", ycfn::base64_encode(body)}};
}

std::string resume(const json& step, const std::vector<json>& results, std::int64_t now = kNow + 20) {
  return json{{"invocation", step["invocation"]}, {"now_ms", now}, {"fetch_results", json(results)}}.dump();
}

// Answers every fetch of `step` with `status` and a body that names its URL.
std::string answer_all(const json& step, int status = 200) {
  std::vector<json> results;
  for (const auto& fetch : step["fetches"])
    results.push_back(reply(fetch, status, fetch["url"].get<std::string>()));
  return resume(step, results);
}

ycfn::RuntimeConfig config() {
  ycfn::RuntimeConfig c;
  c.host.network = true;
  return c;
}

template <auto Handler>
ycfn::HandlerSpec spec(ycfn::TokenRequirement token = ycfn::TokenRequirement::required) {
  return ycfn::HandlerSpec{&ycfn::adapt_handler<Handler>, token, "async"};
}

// --- handlers ---------------------------------------------------------------

ycfn::Async<ycfn::Response> two_in_a_row(const ycfn::Request&, ycfn::Context& context) {
  const ycfn::HttpReply first =
      co_await context.fetch(ycfn::HttpCall::get("https://api.example/first").with_token());
  if (!first.success()) co_return first.failure("app.first", "the first request");
  const ycfn::HttpReply second =
      co_await context.fetch(ycfn::HttpCall::post("https://api.example/second", first.body()).with_token());
  co_return ycfn::Response::json(
      {{"first", first.body()}, {"second", second.body()}, {"status", second.status()}});
}

ycfn::Async<ycfn::Response> answers_at_once(const ycfn::Request&, ycfn::Context& context) {
  co_return ycfn::Response::text("no requests: " + context.request_id());
}

ycfn::Async<ycfn::Response> all_bounded(const ycfn::Request& request, ycfn::Context& context) {
  const int count = static_cast<int>(*ycfn::json::get_int(request.raw(), "count"));
  const auto max = static_cast<std::size_t>(*ycfn::json::get_int(request.raw(), "max"));
  std::vector<ycfn::HttpCall> calls;
  for (int i = 0; i < count; ++i)
    calls.push_back(ycfn::HttpCall::get("https://api.example/n/" + std::to_string(i)));
  const std::vector<ycfn::HttpReply> replies = co_await context.fetch_all(std::move(calls), max);
  json bodies = json::array();
  for (const auto& r : replies) bodies.push_back(r.ok() ? r.body() : r.error().code);
  co_return ycfn::Response::json({{"bodies", bodies}});
}

// A helper coroutine with a request inside, and one that answers at once.
ycfn::Async<std::string> fetch_text(ycfn::Context& context, std::string url) {
  const ycfn::HttpReply r = co_await context.fetch(ycfn::HttpCall::get(std::move(url)));
  co_return r.ok() ? r.body() : r.error().code;
}
ycfn::Async<int> plus_one(int n) { co_return n + 1; }

ycfn::Async<ycfn::Response> nested(const ycfn::Request&, ycfn::Context& context) {
  int total = 0;
  for (int i = 0; i < 10'000; ++i) total = co_await plus_one(total);  // no stack growth
  const std::string a = co_await fetch_text(context, "https://api.example/a");
  const std::string b = co_await fetch_text(context, "https://api.example/b");
  co_return ycfn::Response::json({{"total", total}, {"a", a}, {"b", b}});
}

ycfn::Async<ycfn::Response> lists(const ycfn::Request&, ycfn::Context& context) {
  auto items = co_await ycfn::list_all(
      context, ycfn::HttpCall::get("https://api.example/items?folderId=f").with_token(), "items", 5);
  if (!items) co_return ycfn::call_failure("app.list", "listing", items.error());
  co_return ycfn::Response::json({{"items", *items}});
}

ycfn::Async<ycfn::Response> no_calls(const ycfn::Request&, ycfn::Context& context) {
  const auto replies = co_await context.fetch_all({});
  const ycfn::HttpReply refused = co_await context.fetch(ycfn::HttpCall::get("ftp://nowhere/"));
  co_return ycfn::Response::json({{"replies", replies.size()}, {"refused", refused.error().code}});
}

// Counts the destructions of a coroutine's local, to see an abandoned
// invocation's coroutine destroyed.
int g_destroyed = 0;
struct Witness {
  Witness() = default;
  Witness(const Witness&) = delete;
  Witness& operator=(const Witness&) = delete;
  ~Witness() { ++g_destroyed; }
};

ycfn::Async<ycfn::Response> waits(const ycfn::Request&, ycfn::Context& context) {
  const Witness witness;
  const ycfn::HttpReply r = co_await context.fetch(ycfn::HttpCall::get("https://api.example/slow"));
  co_return ycfn::Response::text(r.body());
}

}  // namespace

TEST_CASE("async: each co_await of a fetch is one fetch step; the token is attached", "[async]") {
  const auto handler = spec<two_in_a_row>();
  ycfn::Runtime runtime(handler, config());
  const json first = parse(runtime.invoke("{}", invocation()));
  REQUIRE(first["step"] == "fetch");
  REQUIRE(first["fetches"].size() == 1);
  CHECK(first["fetches"][0]["url"] == "https://api.example/first");
  const json second = parse(runtime.resume(resume(first, {reply(first["fetches"][0], 200, "one")})));
  REQUIRE(second["step"] == "fetch");
  CHECK(second["fetches"][0]["method"] == "POST");
  CHECK(ycfn::base64_decode(second["fetches"][0]["body_base64"].get<std::string>()).value() == "one");
  bool token_sent = false;
  for (const auto& pair : second["fetches"][0]["headers"]) token_sent |= pair[1] == "Bearer " + kToken;
  CHECK(token_sent);
  const json done = parse(runtime.resume(resume(second, {reply(second["fetches"][0], 201, "two")})));
  CHECK(body_of(done) == json{{"first", "one"}, {"second", "two"}, {"status", 201}});
}

TEST_CASE("async: a failed reply becomes the handler's error response (502, 504 for a timeout)", "[async]") {
  const auto handler = spec<two_in_a_row>();
  ycfn::Runtime runtime(handler, config());
  const json first = parse(runtime.invoke("{}", invocation()));
  const json done = parse(runtime.resume(resume(first, {reply(first["fetches"][0], 403, "denied")})));
  REQUIRE(done["step"] == "respond");
  CHECK(done["response"]["statusCode"] == 502);
  CHECK(body_of(done)["errorType"] == "app.first");
  CHECK(body_of(done)["errorMessage"] == "the first request failed: http.status: the server answered 403");

  const json again = parse(runtime.invoke("{}", invocation()));
  json timeout = {{"id", again["fetches"][0]["id"]}, {"error", "timeout"}, {"message", "no answer"}};
  const json late = parse(runtime.resume(resume(again, {timeout})));
  CHECK(late["response"]["statusCode"] == 504);
  CHECK(body_of(late)["errorType"] == "app.first");
}

TEST_CASE("async: a coroutine that makes no request answers in the first step", "[async]") {
  const auto handler = spec<answers_at_once>(ycfn::TokenRequirement::none);
  ycfn::Runtime runtime(handler, config());
  const json step = parse(runtime.invoke("{}", invocation()));
  REQUIRE(step["step"] == "respond");
  CHECK(step["response"]["body"] == "no requests: r-async");
}

TEST_CASE("async: fetch_all with max_in_flight hands the host at most that many per step", "[async]") {
  const auto handler = spec<all_bounded>(ycfn::TokenRequirement::none);
  ycfn::Runtime runtime(handler, config());
  json step = parse(runtime.invoke(json{{"count", 5}, {"max", 2}}.dump(), invocation()));
  std::vector<std::size_t> sizes;
  while (step["step"] == "fetch") {
    sizes.push_back(step["fetches"].size());
    step = parse(runtime.resume(answer_all(step)));
  }
  CHECK(sizes == std::vector<std::size_t>{2, 2, 1});
  json expected = json::array();
  for (int i = 0; i < 5; ++i) expected.push_back("https://api.example/n/" + std::to_string(i));
  CHECK(body_of(step)["bodies"] == expected);

  // 0: every call in one step.
  json all = parse(runtime.invoke(json{{"count", 5}, {"max", 0}}.dump(), invocation()));
  CHECK(all["fetches"].size() == 5);
  CHECK(body_of(parse(runtime.resume(answer_all(all))))["bodies"] == expected);
}

TEST_CASE("async: nested coroutines, with and without requests, in order", "[async]") {
  const auto handler = spec<nested>(ycfn::TokenRequirement::none);
  ycfn::Runtime runtime(handler, config());
  const json a = parse(runtime.invoke("{}", invocation()));
  REQUIRE(a["step"] == "fetch");
  CHECK(a["fetches"][0]["url"] == "https://api.example/a");
  const json b = parse(runtime.resume(answer_all(a)));
  CHECK(b["fetches"][0]["url"] == "https://api.example/b");
  const json done = parse(runtime.resume(answer_all(b, 500)));
  CHECK(body_of(done) ==
        json{{"total", 10'000}, {"a", "https://api.example/a"}, {"b", "https://api.example/b"}});
}

TEST_CASE("async: list_all follows nextPageToken and returns every item", "[async][paging]") {
  const auto handler = spec<lists>();
  ycfn::Runtime runtime(handler, config());
  const json p1 = parse(runtime.invoke("{}", invocation()));
  CHECK(p1["fetches"][0]["url"] == "https://api.example/items?folderId=f");
  const json p2 = parse(runtime.resume(resume(
      p1, {reply(p1["fetches"][0], 200, R"({"items":[{"id":1},{"id":2}],"nextPageToken":"a b&c"})")})));
  CHECK(p2["fetches"][0]["url"] == "https://api.example/items?folderId=f&pageToken=a%20b%26c");
  const json p3 =
      parse(runtime.resume(resume(p2, {reply(p2["fetches"][0], 200, R"({"nextPageToken":"t3"})")})));
  const json done = parse(runtime.resume(
      resume(p3, {reply(p3["fetches"][0], 200, R"({"items":[{"id":3}],"nextPageToken":""})")})));
  CHECK(body_of(done)["items"] == json::parse(R"([{"id":1},{"id":2},{"id":3}])"));
}

TEST_CASE("async: list_all's failures are errors naming what went wrong", "[async][paging]") {
  const auto handler = spec<lists>();
  ycfn::Runtime runtime(handler, config());
  const auto first_page_answer = [&](int status, const std::string& body) {
    const json step = parse(runtime.invoke("{}", invocation()));
    return parse(runtime.resume(resume(step, {reply(step["fetches"][0], status, body)})));
  };
  json done = first_page_answer(403, "{}");
  CHECK(done["response"]["statusCode"] == 502);
  CHECK(body_of(done)["errorMessage"] == "listing failed: http.status: the server answered 403");
  CHECK(body_of(first_page_answer(200, "[1]"))["errorMessage"] ==
        "listing failed: list.bad_page: page 1 is not a JSON object");
  CHECK(body_of(first_page_answer(200, R"({"items":{}})"))["errorMessage"] ==
        "listing failed: list.bad_page: `items` of page 1 is not an array");
  CHECK(body_of(first_page_answer(200, R"({"nextPageToken":5})"))["errorMessage"] ==
        "listing failed: list.bad_page: `nextPageToken` of page 1 is not a string");

  // The same token twice, and more pages than the limit (5).
  json step = parse(runtime.invoke("{}", invocation()));
  step = parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, R"({"nextPageToken":"same"})")})));
  done = parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, R"({"nextPageToken":"same"})")})));
  CHECK(body_of(done)["errorMessage"].get<std::string>().rfind("listing failed: list.endless:", 0) == 0);
  step = parse(runtime.invoke("{}", invocation()));
  int pages = 0;
  while (step["step"] == "fetch") {
    ++pages;
    const std::string body = json{{"nextPageToken", std::to_string(1000 + pages)}}.dump();
    step = parse(runtime.resume(resume(step, {reply(step["fetches"][0], 200, body)})));
  }
  CHECK(pages == 5);
  CHECK(body_of(step)["errorMessage"].get<std::string>().rfind("listing failed: list.endless:", 0) == 0);
}

TEST_CASE("async: fetch_all of nothing and a refused request need no step", "[async]") {
  const auto handler = spec<no_calls>(ycfn::TokenRequirement::none);
  ycfn::Runtime runtime(handler, config());
  const json step = parse(runtime.invoke("{}", invocation()));
  REQUIRE(step["step"] == "respond");
  CHECK(body_of(step) == json{{"replies", 0}, {"refused", "fetch.refused"}});
}

TEST_CASE("async: an abandoned invocation's coroutine is destroyed, its locals with it", "[async]") {
  const auto handler = spec<waits>(ycfn::TokenRequirement::none);
  ycfn::Runtime runtime(handler, config());
  g_destroyed = 0;
  const json step = parse(runtime.invoke("{}", invocation(kNow, 1000)));
  REQUIRE(step["step"] == "fetch");
  CHECK(g_destroyed == 0);
  // The host never resumes it; a later invocation, past its deadline, forgets it.
  const json later = parse(runtime.invoke("{}", invocation(kNow + 60'000)));
  CHECK(g_destroyed == 1);
  CHECK(later["step"] == "fetch");
  const json done = parse(runtime.resume(answer_all(later)));
  CHECK(done["response"]["body"] == "https://api.example/slow");
  CHECK(g_destroyed == 2);
}
