#include <catch2/catch.hpp>

#include <string>

#include "client_support.hpp"
#include "ycfn/clients/compute.hpp"

using ycfn_test::ClientContext;
using ycfn_test::reply;
namespace compute = ycfn::compute;

TEST_CASE("compute: list, start and stop calls", "[clients][compute]") {
  ClientContext c;
  auto list = compute::list_instances_call(c.context, "b1gfolder");
  REQUIRE(list.ok());
  CHECK(list->method() == "GET");
  CHECK(list->url() == "https://compute.api.cloud.yandex.net/compute/v1/instances?folderId=b1gfolder");
  CHECK(list->uses_token());

  compute::ListOptions options;
  options.page_size = 2;
  options.page_token = "cGFnZS0y+/=";
  options.filter = "name=\"vm-1\"";
  c.env("YC_COMPUTE_ENDPOINT", "http://127.0.0.1:7000/");
  CHECK(compute::list_instances_call(c.context, "b1gfolder", options)->url() ==
        "http://127.0.0.1:7000/compute/v1/instances?folderId=b1gfolder&pageSize=2&pageToken=cGFnZS0y%2B%2F%3D"
        "&filter=name%3D%22vm-1%22");
  options.page_size = 1001;
  CHECK(compute::list_instances_call(c.context, "b1gfolder", options).error().code ==
        "compute.invalid_argument");
  CHECK(compute::list_instances_call(c.context, "b1g/folder").error().message ==
        "compute.list_instances: the folder id must be 1..64 letters, digits, - _");

  auto start = compute::start_instance_call(c.context, "fhm123");
  REQUIRE(start.ok());
  CHECK(start->method() == "POST");
  CHECK(start->url() == "http://127.0.0.1:7000/compute/v1/instances/fhm123:start");
  CHECK(start->body() == "{}");
  CHECK(start->uses_token());
  CHECK(compute::stop_instance_call(c.context, "fhm123")->url() ==
        "http://127.0.0.1:7000/compute/v1/instances/fhm123:stop");
  CHECK(compute::stop_instance_call(c.context, "fhm:1").error().code == "compute.invalid_argument");
}

TEST_CASE("compute: a listing page, the last page and an empty folder", "[clients][compute]") {
  auto page = compute::parse_list_instances(reply(200, R"j({"instances": [
      {"id": "fhm1", "folderId": "b1g", "name": "vm-1", "zoneId": "ru-central1-a", "status": "RUNNING",
       "labels": {"env": "dev"}, "platformId": "standard-v3"},
      {"id": "fhm2", "status": "STOPPED"}], "nextPageToken": "cGFnZS0y"})j"));
  REQUIRE(page.ok());
  REQUIRE(page->instances.size() == 2);
  CHECK(page->instances[0].name == "vm-1");
  CHECK(page->instances[0].zone_id == "ru-central1-a");
  CHECK(page->instances[0].labels.at("env") == "dev");
  CHECK(page->instances[0].raw["platformId"] == "standard-v3");
  CHECK(page->instances[1].status == "STOPPED");
  CHECK(page->next_page_token == "cGFnZS0y");
  auto empty = compute::parse_list_instances(reply(200, "{}"));
  REQUIRE(empty.ok());
  CHECK(empty->instances.empty());
  CHECK(empty->next_page_token.empty());

  const std::pair<const char*, const char*> bad[] = {
      {"[]", "compute.list_instances: the reply is not a JSON object"},
      {R"j({"instances": {}})j", "compute.list_instances: instances is not an array"},
      {R"j({"instances": [5]})j", "compute.list_instances: instances[0] is not an object"},
      {R"j({"instances": [{"name": "x"}]})j", "compute.list_instances: instances[0] has no string id"},
      {R"j({"instances": [{"id": "a", "labels": []}]})j",
       "compute.list_instances: instances[0].labels is not an object"},
      {R"j({"instances": [{"id": "a", "labels": {"k": 1}}]})j",
       "compute.list_instances: instances[0].labels has a value that is not a string"},
      {R"j({"nextPageToken": 5})j", "compute.list_instances: nextPageToken is not a string"},
  };
  for (const auto& [body, message] : bad) {
    CAPTURE(body);
    auto parsed = compute::parse_list_instances(reply(200, body));
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "compute.bad_reply");
    CHECK(parsed.error().message == message);
  }
}

TEST_CASE("compute: operations and errors", "[clients][compute]") {
  auto op = compute::parse_stop_instance(reply(200, R"j({"id": "fhmop1", "description": "Stop instance",
      "done": false, "metadata": {"instanceId": "fhm1"}})j"));
  REQUIRE(op.ok());
  CHECK(op->id == "fhmop1");
  CHECK(op->description == "Stop instance");
  CHECK_FALSE(op->done);
  CHECK(op->raw["metadata"]["instanceId"] == "fhm1");
  CHECK(compute::parse_start_instance(reply(200, R"j({"id": "op", "done": true})j"))->done);
  CHECK(compute::parse_start_instance(reply(200, R"j({"done": true})j")).error().message ==
        "compute.start_instance: the Operation has no string id");
  CHECK(compute::parse_start_instance(reply(200, R"j({"id": "op", "done": "yes"})j")).error().code ==
        "compute.bad_reply");

  auto conflict =
      compute::parse_stop_instance(reply(409, R"j({"code": 9, "message": "Instance fhm1 is STOPPED"})j"));
  CHECK(conflict.error().code == "compute.conflict");
  CHECK(conflict.error().message == "compute.stop_instance: HTTP 409 gRPC 9: Instance fhm1 is STOPPED");
  auto missing = compute::parse_start_instance(reply(404, R"j({"code": 5, "message": "not found"})j"));
  CHECK(missing.error().code == "compute.not_found");
  auto unauthenticated =
      compute::parse_list_instances(reply(401, R"j({"code": 16, "message": "The token is invalid"})j"));
  CHECK(unauthenticated.error().code == "compute.denied");
  CHECK(unauthenticated.error().message == "compute.list_instances: HTTP 401 gRPC 16: The token is invalid");
  CHECK(compute::parse_list_instances(reply(429)).error().retryable);
}
