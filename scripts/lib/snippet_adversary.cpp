// Plays a documentation snippet's handler (linked in: its YCFN_HANDLER line)
// against input it did not expect, through the native test kit: events of
// every shape, bodies of every JSON type, replies that are not what an API
// sends, and environment values that would change a URL's structure if pasted
// in unencoded. A snippet passes when every invocation answers a status
// (nothing aborts: an abort ends this process with a signal) and no request's
// URL holds an environment value as it is.
//
//   snippet_adversary NAME...   the environment variables the snippet reads
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <ycfn/testing.hpp>

namespace {

using ycfn::testing::Reply;

// A value that, pasted into a URL, adds a path segment, a query parameter and
// a fragment.
const std::string kHostile = "x/../y?z=1&w #f";

std::vector<nlohmann::json> events() {
  using ycfn::testing::http_event;
  std::vector<nlohmann::json> out = {
      http_event("GET", "/", "", {}, {{"id", kHostile}, {"name", "n"}}),
      http_event("POST", "/", R"({"name":"bob","id":"a/b"})", {{"Content-Type", "application/json"}}),
      http_event("POST", "/", R"({"name":5})"),
      http_event("POST", "/", R"({"name":null})"),
      http_event("POST", "/", "[1,2]"),
      http_event("POST", "/", R"("text")"),
      http_event("POST", "/", "not json"),
      http_event("POST", "/", ""),
      nlohmann::json::parse(R"({"messages":[{"event_metadata":{"event_id":"e","event_type":"x"},"details":{}}]})"),
      nlohmann::json::object(),
      nlohmann::json::array(),
  };
  nlohmann::json multi = http_event("GET", "/");
  multi["multiValueQueryStringParameters"] = {{"id", {"a", kHostile, "c d"}}};
  multi["queryStringParameters"] = {{"id", "c d"}};
  out.push_back(multi);
  return out;
}

std::vector<std::vector<Reply>> reply_scripts() {
  const auto many = [](const Reply& reply) { return std::vector<Reply>(64, reply); };
  return {
      many(Reply::json(200, {{"status", "RUNNING"}, {"id", "i"}, {"items", nlohmann::json::array()}})),
      many(Reply::json(200, {{"status", 5}, {"id", nullptr}, {"instances", "not a list"}, {"nextPageToken", 7}})),
      many(Reply::json(200, nlohmann::json::array({1, "two"}))),
      many(Reply::http(200, "not json")),
      many(Reply::http(500, "")),
      many(Reply::json(404, {{"code", 5}, {"message", "not found"}})),
      many(Reply::transport_failure("timeout")),
      many(Reply::transport_failure("network")),
  };
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> env;
  for (int i = 1; i < argc; ++i) env[argv[i]] = kHostile;
  int failures = 0;
  int runs = 0;
  for (const auto& script : reply_scripts()) {
    for (const auto& event : events()) {
      ycfn::testing::TestRuntime runtime(ycfn::registered_handler(), env);
      runtime.add_metadata_reply(ycfn::testing::MetadataReply::token("t1.snippet-token"));
      for (const Reply& reply : script) {
        for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}) {
          runtime.add_reply(method, "", reply);
        }
      }
      const ycfn::testing::Outcome out = runtime.invoke(event);
      ++runs;
      if (out.status < 100 || out.status > 599) {
        std::printf("no answer (status %d, %s) to event %s\n", out.status, out.error.c_str(),
                    event.dump().c_str());
        ++failures;
      }
      for (const auto& request : out.requests) {
        if (request.url.find(kHostile) != std::string::npos || request.url.find(' ') != std::string::npos ||
            request.url.find("/../") != std::string::npos) {
          std::printf("a value went into a URL unencoded: %s\n", request.url.c_str());
          ++failures;
        }
      }
    }
  }
  std::printf("%d invocations, %d problems\n", runs, failures);
  return failures == 0 ? 0 : 1;
}
