// The handler of src/@NAME@.cpp run by the real ycfn runtime (ycfn/testing.hpp):
// the metadata service and the Resource Manager API are scripted replies, the
// requests the handler caused are recorded as they were sent.
#include "catch.hpp"

#include <ycfn/handler.hpp>
#include <ycfn/testing.hpp>

#include <string>

namespace yt = ycfn::testing;

namespace {

const std::string kToken = "t1.not-a-real-token-0123456789";
const std::string kFolders = "https://resource-manager.api.cloud.yandex.net/resource-manager/v1/folders/";

// A header of a recorded request, "" when it was not sent (std::map::at would
// abort: the tests are compiled without exceptions, like the handler).
std::string header(const yt::RequestRecord& request, const std::string& name) {
  const auto found = request.headers.find(name);
  return found == request.headers.end() ? "" : found->second;
}

}  // namespace

TEST_CASE("GET ?who=ada: the folder's name, read with the token") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken, 3600));
  runtime.add_reply("GET", kFolders, yt::Reply::json(200, {{"id", "b1gexample"}, {"name", "prod"}}));
  auto event = yt::load_event(FIXTURES "/get.json");
  REQUIRE(event.ok());

  const yt::Outcome out = runtime.invoke(*event);
  CHECK(out.status == 200);
  auto body = out.json();
  REQUIRE(body.ok());
  CHECK(*body == nlohmann::json{{"hello", "ada"}, {"folder", "prod"}});
  CHECK(out.body.find(kToken) == std::string::npos);  // never the token
  REQUIRE(out.requests.size() == 2);                  // the token, then the folder
  CHECK(out.requests[0].metadata);
  CHECK(out.requests[1].method == "GET");
  CHECK(out.requests[1].url == kFolders + "b1gexample");
  CHECK(header(out.requests[1], "Authorization") == "Bearer " + kToken);
  CHECK(out.logged("INFO", "read the folder b1gexample"));
  for (const auto& record : out.logs) CHECK(record.dump().find(kToken) == std::string::npos);
}

TEST_CASE("no ?who: hello world; the endpoint and the folder id come from the environment, encoded") {
  yt::TestRuntime runtime(
      ycfn::registered_handler(),
      {{"FOLDER_ID", "b1g/../x y"}, {"YC_RESOURCE_MANAGER_ENDPOINT", "http://127.0.0.1:8080/"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  runtime.add_reply("GET", "http://127.0.0.1:8080/", yt::Reply::json(200, {{"name", "dev"}}));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 200);
  CHECK(out.json().value() == nlohmann::json{{"hello", "world"}, {"folder", "dev"}});
  REQUIRE(out.requests.size() == 2);
  CHECK(out.requests[1].url == "http://127.0.0.1:8080/resource-manager/v1/folders/b1g%2F..%2Fx%20y");
}

TEST_CASE("the API answers 403: 502 naming the status, not the body") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  runtime.add_reply("GET", kFolders, yt::Reply::json(403, {{"message", "secret detail"}}));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 502);
  CHECK(out.error_type == "@NAME@.folder_failed");
  CHECK(out.body.find("403") != std::string::npos);
  CHECK(out.body.find("secret detail") == std::string::npos);
}

TEST_CASE("the API does not answer in time: 504") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  runtime.add_reply("GET", kFolders, yt::Reply::transport_failure("timeout"));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 504);
  CHECK(out.error_type == "@NAME@.folder_failed");
  CHECK(out.body.find("fetch.timeout") != std::string::npos);
}

TEST_CASE("a reply of the wrong shape: 502 saying what is wrong, never an abort") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  SECTION("name is not a string") {
    runtime.add_reply("GET", kFolders, yt::Reply::json(200, {{"name", 42}}));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.status == 502);
    CHECK(out.error_type == "@NAME@.folder_failed");
    CHECK(out.body.find("json.bad_field") != std::string::npos);
    CHECK(out.body.find("`name`") != std::string::npos);
  }
  SECTION("an array") {
    runtime.add_reply("GET", kFolders, yt::Reply::json(200, nlohmann::json::array({1, 2})));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.status == 502);
    CHECK(out.error_type == "@NAME@.folder_failed");
  }
  SECTION("not JSON") {
    runtime.add_reply("GET", kFolders, yt::Reply::http(200, "<html>"));
    const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
    CHECK(out.status == 502);
    CHECK(out.body.find("fetch.bad_json") != std::string::npos);
  }
}

TEST_CASE("FOLDER_ID unset: 500 config.missing, the API is not called") {
  yt::TestRuntime runtime;  // no environment
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 500);
  CHECK(out.error_type == "config.missing");
  // The runtime gets the token before it calls the handler; the handler makes no request.
  REQUIRE(out.requests.size() == 1);
  CHECK(out.requests[0].metadata);
}

TEST_CASE("not an HTTP call (a timer trigger): 400, the API is not called") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  const yt::Outcome out = runtime.invoke(nlohmann::json{{"messages", nlohmann::json::array()}});
  CHECK(out.status == 400);
  CHECK(out.error_type == "@NAME@.not_http");
  CHECK(runtime.replies_left() == 0);
  for (const auto& request : out.requests) CHECK(request.metadata);
}

TEST_CASE("the token is cached: a second call asks the metadata service nothing") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken, 3600));
  runtime.add_reply("GET", kFolders, yt::Reply::json(200, {{"name", "prod"}}));
  runtime.add_reply("GET", kFolders, yt::Reply::json(200, {{"name", "prod"}}));
  CHECK(runtime.invoke(yt::http_event("GET", "/")).status == 200);
  const yt::Outcome second = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(second.status == 200);
  REQUIRE(second.requests.size() == 1);
  CHECK_FALSE(second.requests[0].metadata);
  CHECK(header(second.requests[0], "Authorization") == "Bearer " + kToken);
}

TEST_CASE("no service account (the metadata service answers 404): 502, the API is not called") {
  yt::TestRuntime runtime(ycfn::registered_handler(), {{"FOLDER_ID", "b1gexample"}});
  runtime.add_metadata_reply(yt::MetadataReply::http(404));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 502);
  CHECK(out.error_type == "metadata.not_found");
  for (const auto& request : out.requests) CHECK(request.metadata);
}
