#include <catch2/catch.hpp>
#include <ycfn/testing.hpp>

#include <string>

namespace yt = ycfn::testing;

namespace {

const std::string kToken = "t1.not-a-real-token-0123456789";

}  // namespace

TEST_CASE("GET ?who=ada: a greeting and facts about the token, one metadata request") {
  yt::TestRuntime runtime;  // runs the handler of src/@NAME@.cpp
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken, 3600));
  auto event = yt::load_event(FIXTURES "/get.json");
  REQUIRE(event.ok());

  const yt::Outcome out = runtime.invoke(*event);
  CHECK(out.status == 200);
  auto body = out.json();
  REQUIRE(body.ok());
  CHECK((*body)["hello"] == "ada");
  CHECK((*body)["token_source"] == "metadata");
  CHECK((*body)["token_length"] == kToken.size());
  CHECK(out.body.find(kToken) == std::string::npos);  // never the token
  CHECK(out.requests.size() == 1);
  CHECK(out.logged("INFO", "greeting ada"));
}

TEST_CASE("the token is cached: a second call makes no request") {
  yt::TestRuntime runtime;
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken, 3600));
  CHECK(runtime.invoke(yt::http_event("GET", "/")).requests.size() == 1);
  const yt::Outcome second = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(second.requests.empty());
  CHECK(second.json().value()["token_source"] == "cache");
}

TEST_CASE("a JSON body with who of the wrong type: 400 naming the field") {
  yt::TestRuntime runtime;
  runtime.add_metadata_reply(yt::MetadataReply::token(kToken));
  const yt::Outcome out = runtime.invoke(yt::http_event("POST", "/", R"({"who": 42})"));
  CHECK(out.status == 400);
  CHECK(out.error_type == "json.bad_field");
}

TEST_CASE("no service account (the metadata service answers 404): 502") {
  yt::TestRuntime runtime;
  runtime.add_metadata_reply(yt::MetadataReply::http(404));
  const yt::Outcome out = runtime.invoke(yt::http_event("GET", "/"));
  CHECK(out.status == 502);
  CHECK(out.error_type == "metadata.not_found");
}
