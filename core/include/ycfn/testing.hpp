// The native test kit: runs a handler in-process, from a unit test, the way a
// host would (event in, token obtained, response rendered), in microseconds:
// no wasm, no Node, no network. Link ycfn::testing (native builds only).
//
//   #include <ycfn/testing.hpp>
//
//   ycfn::testing::TestRuntime runtime;                   // the module's YCFN_HANDLER
//   runtime.add_metadata_reply(ycfn::testing::MetadataReply::token("t1.test-token"));
//   auto event = ycfn::testing::load_event("tests/fixtures/get.json");
//   REQUIRE(event.ok());
//   ycfn::testing::Outcome out = runtime.invoke(*event);
//   CHECK(out.status == 200);
//   CHECK(out.requests.size() == 1);                      // one metadata request
//
// The runtime is the real one (token rules, cache, retries, response rules,
// the outbound-request policy); the kit plays the host: it answers the
// metadata requests and the handler's own requests with the replies scripted
// here, in order, on a simulated clock:
//
//   runtime.add_reply("GET", "https://compute.api.cloud.yandex.net/compute/v1/instances",
//                     ycfn::testing::Reply::json(200, {{"instances", nlohmann::json::array()}}));
//   auto out = runtime.invoke(event);
//   CHECK(out.requests.back().headers.at("Authorization") == "Bearer t1.test-token");
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/handler.hpp"
#include "ycfn/headers.hpp"
#include "ycfn/result.hpp"

namespace ycfn::testing {

// 2026-01-01T00:00:00Z: the simulated clock's start (Unix ms).
constexpr std::int64_t kDefaultNowMs = 1767225600000;

// One scripted answer of the metadata service: an HTTP reply, or (when
// `failure` is set) a transport failure instead.
struct MetadataReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers{{"Metadata-Flavor", "Google"}};
  std::string body;
  std::string failure;  // "timeout", "network" or "too_large"; empty: a reply

  // 200 with {"access_token": ..., "expires_in": ..., "token_type": "Bearer"}.
  static MetadataReply token(std::string access_token, std::int64_t expires_in_s = 3600);
  // `status` with `body` and the Metadata-Flavor: Google header.
  static MetadataReply http(int status, std::string body = "");
  // No reply: "timeout", "network" or "too_large".
  static MetadataReply transport_failure(std::string kind);
};

// One scripted answer to a handler's own request (Context::fetch): an HTTP
// reply, or (when `failure` is set) a transport failure instead.
struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string failure;  // "timeout", "network" or "too_large"; empty: a reply

  // `status` with `body` serialised, Content-Type: application/json.
  static Reply json(int status, const nlohmann::json& body);
  // `status` with `body` as it is and `headers`.
  static Reply http(int status, std::string body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {});
  // No reply: "timeout", "network" or "too_large".
  static Reply transport_failure(std::string kind);
};

// A request the invocation caused (the metadata service's token request, or
// one of the handler's own), as the runtime asked the host to make it: after
// the policy (the token attached, credentials dropped across origins).
struct RequestRecord {
  std::string method;
  std::string url;
  std::map<std::string, std::string> headers;  // the last value of each name, as sent
  std::string body;
  bool metadata = false;   // the metadata service's token request
  std::int64_t at_ms = 0;  // simulated clock when it was made (after its delay)
  int step = 0;  // the fetch step that asked for it (1, 2, ...): one step's requests are in flight together
  bool scripted = true;  // false: no scripted reply matched; it got a "network" failure
};

// What the host got back.
struct Outcome {
  int status = 0;                       // statusCode; 0 when the runtime answered no response (see error)
  Headers headers;                      // headers and multiValueHeaders, case-insensitive
  std::string body;                     // the body bytes (base64-decoded when isBase64Encoded)
  bool base64 = false;                  // isBase64Encoded
  std::string error_type;               // errorType of an error body ({"errorMessage","errorType"}), else ""
  std::string error;                    // the kit's own complaint (a step it did not understand), else ""
  nlohmann::json result;                // the platform's HTTP result object as rendered
  std::vector<nlohmann::json> logs;     // the log records, each one parsed line
  std::vector<RequestRecord> requests;  // in order

  std::optional<std::string_view> header(std::string_view name) const { return headers.get(name); }
  // The body parsed as JSON (Error `json.invalid` when it is not).
  Result<nlohmann::json> json() const;
  // Whether some record has this level ("INFO", "WARN", ...) and a msg containing `text`.
  bool logged(std::string_view level, std::string_view text) const;
};

// The platform's context fields the kit sends unless told otherwise.
nlohmann::json default_context();

// default_context() with the service account's token the platform puts in the
// context (`context.token`): `access_token`, valid for an hour, type Bearer.
nlohmann::json context_with_token(std::string_view access_token);

// One runtime instance (one token cache), as a function instance would have:
// successive invoke() calls share the cache. Not thread-safe.
class TestRuntime {
 public:
  // The handler registered with YCFN_HANDLER / YCFN_HANDLER_WITH_TOKEN in the
  // test binary (link the handler's sources into it).
  TestRuntime() : TestRuntime(registered_handler()) {}
  // `env`: the function's environment variables, handed to the runtime whole
  // (today it reads YC_METADATA_ADDR and GCE_METADATA_HOST).
  // `network` false plays a host that cannot fetch (the WASI command module).
  explicit TestRuntime(const HandlerSpec& handler, std::map<std::string, std::string> env = {},
                       bool network = true);
  ~TestRuntime();
  TestRuntime(const TestRuntime&) = delete;
  TestRuntime& operator=(const TestRuntime&) = delete;

  // Replies for the next metadata requests, in order.
  void add_metadata_reply(MetadataReply reply);
  std::size_t metadata_replies_left() const;
  // A reply for the next request of the handler whose method is `method` and
  // whose URL starts with `url_prefix`; each reply answers one request, in the
  // order added. A request no reply matches gets a "network" failure (and is
  // recorded as unscripted).
  void add_reply(std::string method, std::string url_prefix, Reply reply);
  std::size_t replies_left() const;

  // Invokes the handler with `event` and `context` (default_context(), with
  // the invocation's deadline `timeout_ms` after the simulated now).
  Outcome invoke(const nlohmann::json& event, const nlohmann::json& context = default_context(),
                 std::int64_t timeout_ms = 3000);
  // The same with the event as text, as the platform would send it (may be invalid).
  Outcome invoke_text(std::string event_text, const nlohmann::json& context = default_context(),
                      std::int64_t timeout_ms = 3000);

  // The simulated clock (Unix ms). It moves only by the delays the runtime
  // asks for, and by advance().
  std::int64_t now_ms() const;
  void advance(std::int64_t ms);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A fixture event from a file (JSON). Errors: `testing.io` (cannot read it,
// the message names the path), `json.invalid` (not JSON).
Result<nlohmann::json> load_event(const std::string& path);

// An HTTP event as the platform sends for a direct call, for tests that do not
// need a fixture file: {"httpMethod", "path", "headers", "queryStringParameters",
// "body", "isBase64Encoded": false, "requestContext": {...}}.
nlohmann::json http_event(std::string method, std::string path, std::string body = "",
                          std::map<std::string, std::string> headers = {},
                          std::map<std::string, std::string> query = {});

}  // namespace ycfn::testing
