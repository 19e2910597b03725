// The C ABI round trip (invoke -> fetch -> fetch result -> respond) over golden
// vectors in tests/fixtures/abi/. The same vectors run on native, Node and
// WASI; each output must equal the vector's expected step byte for byte, so
// the three targets answer byte-identical JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <memory>

#include "fixtures.hpp"
#include "ycfn/handler.hpp"
#include "ycfn/redact.hpp"
#include "ycfn/ycfn.h"

namespace {

using nlohmann::json;

// The module's registered handler for this test binary: reports what it saw,
// with the token redacted.
ycfn::Response abi_probe(const ycfn::Request& request, ycfn::Context& context) {
  context.log().info("probe called with " + context.token()->access_token);
  json body = {
      {"requestId", context.request_id()},
      {"token", ycfn::redact_secret(context.token()->access_token)},
      {"token_source", ycfn::token_source_name(*context.token_source())},
  };
  if (const ycfn::HttpRequest* http = request.http()) {
    body["method"] = http->method();
    body["body"] = http->body();
  }
  return ycfn::Response::json(body);
}

struct CStringDeleter {
  void operator()(char* p) const { ycfn_free(p); }
};
using OwnedString = std::unique_ptr<char, CStringDeleter>;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

YCFN_HANDLER_WITH_TOKEN(abi_probe)

TEST_CASE("abi: version", "[abi]") { CHECK(ycfn_abi_version() == YCFN_ABI_VERSION); }

TEST_CASE("abi: golden round trips are byte-identical", "[abi]") {
  for (const auto& name : ycfn_test::fixture_names()) {
    if (name.rfind("abi/", 0) != 0) continue;
    CAPTURE(name);
    const json vector = json::parse(ycfn_test::fixture(name), nullptr, false);
    REQUIRE(vector.is_object());
    const std::string config = dump(vector["config"]);
    YcfnRuntime* runtime = ycfn_runtime_new(config.data(), config.size());
    REQUIRE(runtime != nullptr);
    int index = 0;
    for (const auto& call : vector["calls"]) {
      CAPTURE(index++);
      OwnedString out;
      if (call["call"] == "invoke") {
        const std::string event =
            call["event"].is_string() ? call["event"].get<std::string>() : dump(call["event"]);
        const std::string invocation = dump(call["invocation"]);
        out.reset(ycfn_invoke(runtime, event.data(), event.size(), invocation.data(), invocation.size()));
      } else {
        const std::string input = dump(call["input"]);
        out.reset(ycfn_resume(runtime, input.data(), input.size()));
      }
      REQUIRE(out != nullptr);
      if (call["expect"].is_null()) {
        // A new vector: print what the ABI answered, for the author to check
        // and paste in as the expectation.
        std::printf("%s call %d answered: %s\n", name.c_str(), index - 1, out.get());
        FAIL_CHECK("vector call without \"expect\"");
        continue;
      }
      // Byte-identical: keys sorted as nlohmann writes them, except that a
      // respond or error step has its response last (hosts may slice it out unparsed).
      const json& expect = call["expect"];
      std::string expected = dump(expect);
      if (expect.contains("response")) {
        json head = expect;
        head.erase("response");
        expected = dump(head);
        expected.pop_back();
        expected += ",\"response\":" + dump(expect["response"]) + "}";
      }
      CHECK(std::string(out.get()) == expected);
    }
    ycfn_runtime_delete(runtime);
  }
}

TEST_CASE("abi: null and empty inputs are answered, never crash", "[abi]") {
  YcfnRuntime* runtime = ycfn_runtime_new(nullptr, 0);
  REQUIRE(runtime != nullptr);
  OwnedString out(ycfn_invoke(runtime, nullptr, 0, nullptr, 0));
  REQUIRE(out != nullptr);
  CHECK(json::parse(out.get(), nullptr, false)["response"]["statusCode"] == 500);
  OwnedString resumed(ycfn_resume(runtime, nullptr, 0));
  REQUIRE(resumed != nullptr);
  CHECK(json::parse(resumed.get(), nullptr, false)["step"] == "error");
  CHECK(ycfn_invoke(nullptr, "{}", 2, "{}", 2) == nullptr);
  ycfn_runtime_delete(runtime);
  ycfn_runtime_delete(nullptr);
  ycfn_free(nullptr);
}

TEST_CASE("abi: ycfn_alloc gives writable memory that ycfn_free releases", "[abi]") {
  char* buffer = ycfn_alloc(16);
  REQUIRE(buffer != nullptr);
  std::memcpy(buffer, "0123456789abcdef", 16);
  ycfn_free(buffer);
  char* empty = ycfn_alloc(0);
  CHECK(empty != nullptr);
  ycfn_free(empty);
}
