// Object Storage through its S3 API, path style, with the invocation's IAM
// token (`Authorization: Bearer`, no request signing):
//
//   GET/PUT/HEAD/DELETE {YC_STORAGE_ENDPOINT}/{bucket}/{key}
//   GET {YC_STORAGE_ENDPOINT}/{bucket}?list-type=2&prefix=&continuation-token=
//       -> ListBucketResult XML; errors are XML <Error><Code>...</Code>
//
// Each operation is a request builder and a reply parser (see lockbox.hpp for
// the pattern):
//
//   auto call = ycfn::storage::get_object_call(context, "my-bucket", "photos/a b.jpg");
//   ... context.fetch(*call) ... ycfn::storage::parse_get_object(reply)
//
// Keys are encoded as S3 expects: each '/'-separated segment percent-encoded
// (encode_key). Errors: storage.invalid_argument, fetch.*, storage.not_found
// (NoSuchKey, NoSuchBucket: the message names which), storage.denied,
// storage.conflict, storage.throttled, storage.unavailable, storage.rejected,
// storage.bad_reply (docs/clients.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/result.hpp"

namespace ycfn::storage {

inline constexpr std::string_view kEndpointVariable = "YC_STORAGE_ENDPOINT";
inline constexpr std::string_view kDefaultEndpoint = "https://storage.yandexcloud.net";

// `key` with each '/'-separated segment percent-encoded (RFC 3986 unreserved
// bytes kept) and the '/' kept: "photos/a b+c.jpg" -> "photos/a%20b%2Bc.jpg".
std::string encode_key(std::string_view key);

struct Object {
  std::string body;
  std::string content_type;  // "" when the reply has none
  std::string etag;          // as sent, quotes included
};

struct ObjectInfo {
  std::int64_t size = 0;  // Content-Length
  std::string content_type;
  std::string etag;
  std::string last_modified;  // the Last-Modified header as sent
};

struct Stored {
  std::string etag;  // of the object written
};

struct Deleted {};

// GET: the object's bytes, its content type and ETag. The reply may be up to
// HttpCall::max_reply_bytes (4 MiB unless the call is given more).
Result<HttpCall> get_object_call(const Context& context, std::string_view bucket, std::string_view key);
Result<Object> parse_get_object(const HttpReply& reply);

// PUT of `body` with `content_type`.
Result<HttpCall> put_object_call(const Context& context, std::string_view bucket, std::string_view key,
                                 std::string body, std::string content_type = "application/octet-stream");
Result<Stored> parse_put_object(const HttpReply& reply);

// HEAD: size, type, ETag, Last-Modified without the body.
Result<HttpCall> head_object_call(const Context& context, std::string_view bucket, std::string_view key);
Result<ObjectInfo> parse_head_object(const HttpReply& reply);

// DELETE (S3 answers 204 whether or not the key existed).
Result<HttpCall> delete_object_call(const Context& context, std::string_view bucket, std::string_view key);
Result<Deleted> parse_delete_object(const HttpReply& reply);

struct ListOptions {
  std::string prefix;              // only keys that begin with it
  std::string continuation_token;  // the previous page's next_continuation_token
  std::string delimiter;           // e.g. "/": keys past it are rolled into common_prefixes
  int max_keys = 0;                // 1..1000; 0: the service's default (1000)
};

struct ObjectSummary {
  std::string key;
  std::int64_t size = 0;
  std::string etag;
  std::string last_modified;  // ISO 8601, as sent
};

struct ListPage {
  std::vector<ObjectSummary> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;               // more pages follow
  std::string next_continuation_token;  // for the next page when truncated
};

// One page of ListObjectsV2. For every page: call again with
// next_continuation_token until truncated is false.
Result<HttpCall> list_objects_call(const Context& context, std::string_view bucket,
                                   const ListOptions& options = {});
Result<ListPage> parse_list_objects(const HttpReply& reply);

}  // namespace ycfn::storage
