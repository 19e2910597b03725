// examples/stop-instances through the native test kit: the Compute API
// scripted, every request checked as sent.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kApi = "https://compute.test/compute/v1/instances";
const std::string kToken = "t1.stop-instances-test-token";

json instance(const std::string& id, const std::string& status, const std::string& env = "dev") {
  return {{"id", id}, {"status", status}, {"labels", {{"env", env}}}};
}

yt::TestRuntime runtime_with(std::map<std::string, std::string> env) {
  env.emplace("YC_COMPUTE_ENDPOINT", "https://compute.test/");
  return yt::TestRuntime(ycfn::registered_handler(), std::move(env));
}

const json kTimer = json::parse(
    R"({"messages":[{"event_metadata":{"event_id":"e","event_type":"yandex.cloud.events.serverless.triggers.TimerMessage","created_at":"2026-11-29T10:00:00Z"},"details":{"trigger_id":"t"}}]})");

}  // namespace

TEST_CASE("stop-instances: every page, only RUNNING instances with the label, with the token") {
  auto runtime = runtime_with({{"FOLDER_ID", "b1g/fold er"}, {"STOP_LABEL", "env=dev"}});
  runtime.add_reply(
      "GET", kApi + "?folderId=b1g%2Ffold%20er",
      yt::Reply::json(200, {{"instances", {instance("a", "RUNNING"), instance("b", "RUNNING", "prod")}},
                            {"nextPageToken", "p 2"}}));
  runtime.add_reply(
      "GET", kApi,
      yt::Reply::json(200, {{"instances", {instance("c", "STOPPED"), instance("d/x", "RUNNING")}}}));
  runtime.add_reply("POST", kApi + "/a:stop", yt::Reply::json(200, {{"id", "op1"}}));
  runtime.add_reply("POST", kApi + "/d%2Fx:stop", yt::Reply::json(200, {{"id", "op2"}}));

  const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"stopped", {"a", "d/x"}}, {"failed", json::array()}});
  REQUIRE(out.requests.size() == 4);
  CHECK(out.requests[1].url == kApi + "?folderId=b1g%2Ffold%20er&pageToken=p%202");
  for (const auto& request : out.requests) {
    CHECK(request.scripted);
    CHECK(request.headers.at("Authorization") == "Bearer " + kToken);
  }
  CHECK(runtime.replies_left() == 0);
  CHECK(out.logged("INFO", "stopped 2, failed 0"));
}

TEST_CASE("stop-instances: a stop that fails is listed, the others still happen") {
  auto runtime = runtime_with({{"FOLDER_ID", "f"}});
  runtime.add_reply(
      "GET", kApi,
      yt::Reply::json(
          200,
          {{"instances", {instance("a", "RUNNING"), instance("b", "RUNNING"), instance("c", "RUNNING")}}}));
  runtime.add_reply("POST", kApi + "/a:stop", yt::Reply::json(200, json::object()));
  runtime.add_reply("POST", kApi + "/b:stop", yt::Reply::json(500, {{"code", 13}}));
  runtime.add_reply("POST", kApi + "/c:stop", yt::Reply::transport_failure("network"));
  const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() ==
        json{{"stopped", {"a"}},
             {"failed", {{{"id", "b"}, {"status", 500}}, {{"id", "c"}, {"status", "fetch.network"}}}}});
}

TEST_CASE("stop-instances: stops leave 16 at a time") {
  auto runtime = runtime_with({{"FOLDER_ID", "f"}});
  json instances = json::array();
  for (int i = 0; i < 40; ++i) instances.push_back(instance(std::to_string(1000 + i), "RUNNING"));
  runtime.add_reply("GET", kApi, yt::Reply::json(200, {{"instances", instances}}));
  for (int i = 0; i < 40; ++i) runtime.add_reply("POST", kApi + "/", yt::Reply::json(200, json::object()));
  const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value()["stopped"].size() == 40);
  std::map<int, int> per_step;  // the stops each step put in flight together
  for (const auto& request : out.requests) {
    if (request.method == "POST") ++per_step[request.step];
  }
  CHECK(per_step == std::map<int, int>{{2, 16}, {3, 16}, {4, 8}});
}

TEST_CASE("stop-instances: a listing that fails in any way stops nothing") {
  const std::vector<std::pair<yt::Reply, int>> failures = {
      {yt::Reply::json(403, {{"code", 7}, {"message", "denied"}}), 502},
      {yt::Reply::http(200, "not json"), 502},
      {yt::Reply::json(200, {{"instances", "not a list"}}), 502},
      {yt::Reply::json(200, {{"instances", {{{"id", 5}}}}}), 502},
      {yt::Reply::transport_failure("network"), 502},
      {yt::Reply::transport_failure("timeout"), 504},
  };
  for (const auto& [reply, status] : failures) {
    auto runtime = runtime_with({{"FOLDER_ID", "f"}});
    runtime.add_reply("GET", kApi, reply);
    const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken));
    CHECK(out.status == status);
    CHECK(out.error_type == "compute.list_failed");
    CHECK(out.requests.size() == 1);
  }
  // A listing whose pages never end.
  auto runtime = runtime_with({{"FOLDER_ID", "f"}});
  for (int i = 0; i < 3; ++i)
    runtime.add_reply("GET", kApi, yt::Reply::json(200, {{"nextPageToken", "same"}}));
  const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken));
  CHECK(out.status == 502);
  CHECK(out.requests.size() == 2);
}

TEST_CASE("stop-instances: the deadline bounds every request") {
  // 250 ms left: less than the reserve to answer plus a request's minimum, so
  // the listing is a timeout at once, and nothing leaves.
  auto runtime = runtime_with({{"FOLDER_ID", "f"}});
  runtime.add_reply("GET", kApi, yt::Reply::json(200, {{"instances", json::array()}}));
  const yt::Outcome out = runtime.invoke(kTimer, yt::context_with_token(kToken), 250);
  CHECK(out.status == 504);
  CHECK(out.requests.empty());
}

TEST_CASE("stop-instances: configuration errors answer 500 before any request") {
  auto no_folder = runtime_with({});
  const yt::Outcome missing = no_folder.invoke(kTimer, yt::context_with_token(kToken));
  CHECK(missing.status == 500);
  CHECK(missing.error_type == "config.missing");
  CHECK(missing.requests.empty());
  auto bad_label = runtime_with({{"FOLDER_ID", "f"}, {"STOP_LABEL", "=dev"}});
  const yt::Outcome bad = bad_label.invoke(kTimer, yt::context_with_token(kToken));
  CHECK(bad.status == 500);
  CHECK(bad.error_type == "config.bad_label");
}
