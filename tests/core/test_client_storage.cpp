#include <catch2/catch.hpp>

#include <string>

#include "client_support.hpp"
#include "fixtures.hpp"
#include "ycfn/clients/storage.hpp"

using ycfn_test::ClientContext;
using ycfn_test::reply;
namespace storage = ycfn::storage;

TEST_CASE("storage: encode_key percent-encodes each segment and keeps '/'", "[clients][storage]") {
  CHECK(storage::encode_key("photos/2026/a.jpg") == "photos/2026/a.jpg");
  CHECK(storage::encode_key("a b+c&d=e?f#g%h") == "a%20b%2Bc%26d%3De%3Ff%23g%25h");
  CHECK(storage::encode_key("dir/with space/") == "dir/with%20space/");
  CHECK(storage::encode_key("//x") == "//x");
  CHECK(storage::encode_key("-._~AZaz09") == "-._~AZaz09");
  CHECK(storage::encode_key("\xC3\xA9t\xC3\xA9/\xF0\x9F\x98\x80") == "%C3%A9t%C3%A9/%F0%9F%98%80");
  CHECK(storage::encode_key(std::string("a\0b", 3)) == "a%00b");
}

TEST_CASE("storage: object calls are path style, with the key encoded and the token", "[clients][storage]") {
  ClientContext c;
  auto get = storage::get_object_call(c.context, "my-bucket", "photos/a b.jpg");
  REQUIRE(get.ok());
  CHECK(get->method() == "GET");
  CHECK(get->url() == "https://storage.yandexcloud.net/my-bucket/photos/a%20b.jpg");
  CHECK(get->uses_token());

  auto put = storage::put_object_call(c.context, "my-bucket", "x/y.json", "{\"a\":1}", "application/json");
  REQUIRE(put.ok());
  CHECK(put->method() == "PUT");
  CHECK(put->url() == "https://storage.yandexcloud.net/my-bucket/x/y.json");
  CHECK(put->body() == "{\"a\":1}");
  CHECK(put->headers().get("content-type") == std::optional<std::string_view>("application/json"));
  CHECK(put->uses_token());
  auto put_default = storage::put_object_call(c.context, "my-bucket", "k", std::string("\0\1", 2));
  CHECK(put_default->headers().get("Content-Type") ==
        std::optional<std::string_view>("application/octet-stream"));
  CHECK(put_default->body().size() == 2);

  auto head = storage::head_object_call(c.context, "my-bucket", "k");
  CHECK(head->method() == "HEAD");
  CHECK(head->url() == "https://storage.yandexcloud.net/my-bucket/k");
  auto del = storage::delete_object_call(c.context, "my-bucket", "k");
  CHECK(del->method() == "DELETE");
  CHECK(del->uses_token());

  c.env("YC_STORAGE_ENDPOINT", "http://127.0.0.1:9000/");
  CHECK(storage::get_object_call(c.context, "b12", "k")->url() == "http://127.0.0.1:9000/b12/k");
}

TEST_CASE("storage: bad bucket names and keys are refused before any request", "[clients][storage]") {
  ClientContext c;
  for (const char* bucket : {"", "ab", "My-Bucket", "-bucket", "bucket-", "a_b", "a/b", "a b c"}) {
    CAPTURE(bucket);
    auto call = storage::get_object_call(c.context, bucket, "k");
    REQUIRE_FALSE(call.ok());
    CHECK(call.error().code == "storage.invalid_argument");
    CHECK(call.error().message.rfind("storage.get_object: the bucket name", 0) == 0);
  }
  CHECK(storage::get_object_call(c.context, std::string(64, 'a'), "k").error().code ==
        "storage.invalid_argument");
  CHECK(storage::get_object_call(c.context, std::string(63, 'a'), "k").ok());
  CHECK(storage::get_object_call(c.context, "my.bucket-1", "k").ok());

  const std::pair<std::string, const char*> keys[] = {
      {"", "storage.put_object: the key must be 1..1024 bytes"},
      {std::string(1025, 'k'), "storage.put_object: the key must be 1..1024 bytes"},
      {"bad\xC3\x28utf8", "storage.put_object: the key is not valid UTF-8"},
      {"a/../b", "storage.put_object: a key with a \".\" or \"..\" segment cannot be addressed in a URL"},
      {"./a", "storage.put_object: a key with a \".\" or \"..\" segment cannot be addressed in a URL"},
      {"a/.", "storage.put_object: a key with a \".\" or \"..\" segment cannot be addressed in a URL"},
  };
  for (const auto& [key, message] : keys) {
    CAPTURE(key);
    auto call = storage::put_object_call(c.context, "bucket", key, "x");
    REQUIRE_FALSE(call.ok());
    CHECK(call.error().code == "storage.invalid_argument");
    CHECK(call.error().message == message);
  }
  CHECK(storage::put_object_call(c.context, "bucket", std::string(1024, 'k'), "x").ok());
  CHECK(storage::put_object_call(c.context, "bucket", "a/.../b/.hidden", "x").ok());
}

TEST_CASE("storage: get, put, head and delete replies", "[clients][storage]") {
  auto object = storage::parse_get_object(
      reply(200, "bytes", {{"Content-Type", "image/jpeg"}, {"ETag", "\"abc\""}, {"Content-Length", "5"}}));
  REQUIRE(object.ok());
  CHECK(object->body == "bytes");
  CHECK(object->content_type == "image/jpeg");
  CHECK(object->etag == "\"abc\"");
  CHECK(storage::parse_get_object(reply(200, ""))->content_type.empty());

  auto stored = storage::parse_put_object(reply(200, "", {{"etag", "\"d41d8\""}}));
  REQUIRE(stored.ok());
  CHECK(stored->etag == "\"d41d8\"");

  auto info = storage::parse_head_object(reply(200, "",
                                               {{"Content-Length", "142863"},
                                                {"Content-Type", "text/plain"},
                                                {"ETag", "\"e\""},
                                                {"Last-Modified", "Fri, 02 Jan 2026 03:04:05 GMT"}}));
  REQUIRE(info.ok());
  CHECK(info->size == 142863);
  CHECK(info->content_type == "text/plain");
  CHECK(info->etag == "\"e\"");
  CHECK(info->last_modified == "Fri, 02 Jan 2026 03:04:05 GMT");
  for (const char* length : {"", "-1", "1e3", "12a", "99999999999999999999"}) {
    CAPTURE(length);
    auto bad = storage::parse_head_object(reply(200, "", {{"Content-Length", length}}));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "storage.bad_reply");
    CHECK(bad.error().message == "storage.head_object: the reply has no valid Content-Length");
  }
  CHECK(storage::parse_head_object(reply(200, "")).error().code == "storage.bad_reply");

  CHECK(storage::parse_delete_object(reply(204)).ok());
}

TEST_CASE("storage: S3 XML errors give the status's code and S3's own code and message",
          "[clients][storage]") {
  auto missing = storage::parse_get_object(reply(404, ycfn_test::fixture("clients/s3-error-no-such-key.xml"),
                                                 {{"Content-Type", "application/xml"}}));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "storage.not_found");
  CHECK(missing.error().message ==
        "storage.get_object: HTTP 404 NoSuchKey: The specified key does not exist.");
  CHECK_FALSE(missing.error().retryable);

  auto bucket =
      storage::parse_list_objects(reply(404, ycfn_test::fixture("clients/s3-error-no-such-bucket.xml")));
  REQUIRE_FALSE(bucket.ok());
  CHECK(bucket.error().code == "storage.not_found");
  CHECK(bucket.error().message ==
        "storage.list_objects: HTTP 404 NoSuchBucket: The specified bucket does not exist.");

  auto denied = storage::parse_put_object(
      reply(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));
  CHECK(denied.error().code == "storage.denied");
  CHECK(denied.error().message == "storage.put_object: HTTP 403 AccessDenied: Access Denied");

  auto slow = storage::parse_delete_object(reply(503, "<Error><Code>SlowDown</Code></Error>"));
  CHECK(slow.error().code == "storage.unavailable");
  CHECK(slow.error().message == "storage.delete_object: HTTP 503 SlowDown");
  CHECK(slow.error().retryable);

  // A body that is not S3's error XML: the status alone.
  CHECK(storage::parse_get_object(reply(500, "<html>oops</html>")).error().message ==
        "storage.get_object: HTTP 500");
  CHECK(storage::parse_get_object(reply(500, "<!DOCTYPE x><Error/>")).error().message ==
        "storage.get_object: HTTP 500");
  // HEAD has no body to read.
  CHECK(storage::parse_head_object(reply(404)).error().message == "storage.head_object: HTTP 404");
  CHECK(storage::parse_head_object(reply(404)).error().code == "storage.not_found");

  auto failed =
      storage::parse_get_object(ycfn_test::transport_failure("fetch.too_large", "over 4194304 bytes", false));
  CHECK(failed.error().code == "fetch.too_large");
  CHECK(failed.error().message == "storage.get_object: over 4194304 bytes");
}

TEST_CASE("storage: list_objects_call asks for ListObjectsV2 with its options encoded",
          "[clients][storage]") {
  ClientContext c;
  auto first = storage::list_objects_call(c.context, "my-bucket");
  REQUIRE(first.ok());
  CHECK(first->method() == "GET");
  CHECK(first->url() == "https://storage.yandexcloud.net/my-bucket?list-type=2");
  CHECK(first->uses_token());

  storage::ListOptions options;
  options.prefix = "photos/2026 jan/";
  options.continuation_token = "cGhvdG9z+/=";
  options.delimiter = "/";
  options.max_keys = 2;
  auto next = storage::list_objects_call(c.context, "my-bucket", options);
  REQUIRE(next.ok());
  CHECK(next->url() ==
        "https://storage.yandexcloud.net/my-bucket?list-type=2&prefix=photos%2F2026%20jan%2F"
        "&continuation-token=cGhvdG9z%2B%2F%3D&delimiter=%2F&max-keys=2");

  options.max_keys = 1001;
  CHECK(storage::list_objects_call(c.context, "my-bucket", options).error().code ==
        "storage.invalid_argument");
  CHECK(storage::list_objects_call(c.context, "B", {}).error().code == "storage.invalid_argument");
}

TEST_CASE("storage: parse_list_objects reads a ListBucketResult page", "[clients][storage]") {
  auto page = storage::parse_list_objects(reply(200, ycfn_test::fixture("clients/s3-list-page.xml")));
  REQUIRE(page.ok());
  CHECK(page->truncated);
  CHECK(page->next_continuation_token == "cGhvdG9zLzIwMjYvYyBkLmpwZw==");
  REQUIRE(page->objects.size() == 2);
  CHECK(page->objects[0].key == "photos/2026/b&c.jpg");
  CHECK(page->objects[0].size == 142863);
  CHECK(page->objects[0].etag == "\"bf1d737a4d46a19f3bced6905cc8b902\"");
  CHECK(page->objects[0].last_modified == "2026-01-02T03:04:05.000Z");
  CHECK(page->objects[1].key == "photos/2026/c d.jpg");
  CHECK(page->objects[1].size == 0);

  auto last = storage::parse_list_objects(reply(200, ycfn_test::fixture("clients/s3-list-last.xml")));
  REQUIRE(last.ok());
  CHECK_FALSE(last->truncated);
  CHECK(last->next_continuation_token.empty());
  REQUIRE(last->objects.size() == 1);
  CHECK(last->objects[0].key == "readme.txt");

  auto empty = storage::parse_list_objects(reply(200, ycfn_test::fixture("clients/s3-list-empty.xml")));
  REQUIRE(empty.ok());
  CHECK(empty->objects.empty());

  auto folders = storage::parse_list_objects(reply(
      200,
      "<ListBucketResult><IsTruncated>false</IsTruncated><CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"
      "<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes></ListBucketResult>"));
  REQUIRE(folders.ok());
  CHECK(folders->common_prefixes == std::vector<std::string>{"a/", "b/"});
}

TEST_CASE("storage: a listing of the wrong shape is storage.bad_reply", "[clients][storage]") {
  const std::pair<std::string, std::string> cases[] = {
      {"not xml",
       "storage.list_objects: the reply is not XML we read (XML: text outside the root element at byte 0)"},
      {"<Other/>", "storage.list_objects: the reply is not a ListBucketResult"},
      {"<ListBucketResult/>", "storage.list_objects: IsTruncated is missing or not true/false"},
      {"<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>",
       "storage.list_objects: IsTruncated is missing or not true/false"},
      {"<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
       "storage.list_objects: a truncated page without NextContinuationToken"},
      {"<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Size>1</Size></Contents></"
       "ListBucketResult>",
       "storage.list_objects: Contents[0] has no Key"},
      {"<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key></Contents>"
       "<Contents><Key>b</Key><Size>-1</Size></Contents></ListBucketResult>",
       "storage.list_objects: Contents[0] has no valid Size"},
      {"<!DOCTYPE x [<!ENTITY a \"b\">]><ListBucketResult/>",
       "storage.list_objects: the reply is not XML we read (XML: DOCTYPE refused (no DTDs, no entity "
       "declarations) "
       "at byte 0)"},
  };
  for (const auto& [body, message] : cases) {
    CAPTURE(body);
    auto page = storage::parse_list_objects(reply(200, body));
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().code == "storage.bad_reply");
    CHECK(page.error().message == message);
  }
}
