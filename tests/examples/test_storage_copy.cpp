// examples/storage-copy through the native test kit: Object Storage scripted,
// every request checked as sent.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "ycfn/testing.hpp"

namespace {

namespace yt = ycfn::testing;
using nlohmann::json;

const std::string kS3 = "https://storage.test";
const std::string kToken = "t1.storage-copy-test-token";

yt::TestRuntime runtime_with(std::map<std::string, std::string> env) {
  env.emplace("YC_STORAGE_ENDPOINT", kS3 + "/");
  return yt::TestRuntime(ycfn::registered_handler(), std::move(env));
}

json message(const std::string& type, const std::string& bucket, const std::string& key) {
  return {{"event_metadata",
           {{"event_id", "e-" + key},
            {"event_type", "yandex.cloud.events.storage." + type},
            {"created_at", "2026-12-06T10:00:00Z"}}},
          {"details", {{"bucket_id", bucket}, {"object_id", key}}}};
}

json event(const json& messages) { return {{"messages", messages}}; }

}  // namespace

TEST_CASE("storage-copy: created and updated objects copied with their type; deletes and copies skipped") {
  auto runtime = runtime_with({{"DEST_BUCKET", "backup"}});
  runtime.add_reply("GET", kS3 + "/photos/a%20b.jpg",
                    yt::Reply::http(200, "jpeg-bytes", {{"Content-Type", "image/jpeg"}, {"ETag", "\"1\""}}));
  runtime.add_reply("GET", kS3 + "/photos/notes.txt",
                    yt::Reply::http(200, "text", {{"Content-Type", "text/plain"}}));
  runtime.add_reply("PUT", kS3 + "/backup/copy/a%20b.jpg", yt::Reply::http(200, "", {{"ETag", "\"2\""}}));
  runtime.add_reply("PUT", kS3 + "/backup/copy/notes.txt", yt::Reply::http(200, "", {{"ETag", "\"3\""}}));
  const yt::Outcome out = runtime.invoke(
      event({message("ObjectCreate", "photos", "a b.jpg"), message("ObjectDelete", "photos", "gone.jpg"),
             message("ObjectUpdate", "photos", "notes.txt"),
             message("ObjectCreate", "backup", "copy/old.jpg")}),
      yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() == json{{"copied", {"a b.jpg", "notes.txt"}},
                                   {"skipped", {"gone.jpg", "copy/old.jpg"}},
                                   {"failed", json::array()}});
  REQUIRE(out.requests.size() == 4);
  CHECK(out.requests[2].body == "jpeg-bytes");
  CHECK(out.requests[2].headers.at("Content-Type") == "image/jpeg");
  CHECK(out.requests[3].headers.at("Content-Type") == "text/plain");
  for (const auto& request : out.requests) CHECK(request.headers.at("Authorization") == "Bearer " + kToken);
  // Every GET in one step, every PUT in the next.
  CHECK(out.requests[0].step == out.requests[1].step);
  CHECK(out.requests[2].step == out.requests[3].step);
  CHECK(out.requests[2].step == out.requests[0].step + 1);
  CHECK(runtime.replies_left() == 0);
}

TEST_CASE("storage-copy: DEST_PREFIX, and a failed GET or PUT is listed while the others are copied") {
  auto runtime = runtime_with({{"DEST_BUCKET", "backup"}, {"DEST_PREFIX", "mirror/"}});
  runtime.add_reply("GET", kS3 + "/src/a",
                    yt::Reply::http(404, "<Error><Code>NoSuchKey</Code><Message>no</Message></Error>"));
  runtime.add_reply("GET", kS3 + "/src/b", yt::Reply::http(200, "b"));
  runtime.add_reply("GET", kS3 + "/src/c", yt::Reply::http(200, "c"));
  runtime.add_reply("PUT", kS3 + "/backup/mirror/b", yt::Reply::http(200));
  runtime.add_reply("PUT", kS3 + "/backup/mirror/c",
                    yt::Reply::http(403, "<Error><Code>AccessDenied</Code></Error>"));
  const yt::Outcome out =
      runtime.invoke(event({message("ObjectCreate", "src", "a"), message("ObjectCreate", "src", "b"),
                            message("ObjectCreate", "src", "c")}),
                     yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value() ==
        json{{"copied", {"b"}},
             {"skipped", json::array()},
             {"failed", {{{"key", "a"}, {"status", 404}}, {{"key", "c"}, {"status", 403}}}}});
  CHECK(out.requests[3].headers.at("Content-Type") == "application/octet-stream");
}

TEST_CASE("storage-copy: copies leave 8 at a time") {
  auto runtime = runtime_with({{"DEST_BUCKET", "backup"}});
  json messages = json::array();
  for (int i = 0; i < 20; ++i) {
    std::string key(1, 'k');  // not "k" + ...: GCC 12's -Wrestrict false positive
    key += std::to_string(i);
    messages.push_back(message("ObjectCreate", "src", key));
  }
  for (int i = 0; i < 20; ++i) runtime.add_reply("GET", kS3 + "/src/", yt::Reply::http(200, "x"));
  for (int i = 0; i < 20; ++i) runtime.add_reply("PUT", kS3 + "/backup/", yt::Reply::http(200));
  const yt::Outcome out = runtime.invoke(event(messages), yt::context_with_token(kToken));
  REQUIRE(out.status == 200);
  CHECK(out.json().value()["copied"].size() == 20);
  std::map<int, int> per_step;
  for (const auto& request : out.requests) ++per_step[request.step];
  for (const auto& [step, n] : per_step) CHECK(n <= 8);
  CHECK(per_step.size() == 6);  // 8+8+4 GETs, then 8+8+4 PUTs
}

TEST_CASE("storage-copy: no DEST_BUCKET: 500 config.missing, no request") {
  auto runtime = runtime_with({});
  const yt::Outcome out = runtime.invoke(event(json::array({message("ObjectCreate", "src", "a")})),
                                         yt::context_with_token(kToken));
  CHECK(out.status == 500);
  CHECK(out.error_type == "config.missing");
  CHECK(out.requests.empty());
}
