#include "ycfn/clients/storage.hpp"

#include <utility>

#include "storage_detail.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/retry.hpp"
#include "ycfn/xml.hpp"

namespace ycfn::storage {

namespace {

constexpr client::Operation kGet{"storage", "get_object"};
constexpr client::Operation kPut{"storage", "put_object"};
constexpr client::Operation kHead{"storage", "head_object"};
constexpr client::Operation kDelete{"storage", "delete_object"};

constexpr std::size_t kMaxKeyBytes = 1024;

bool is_bucket_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}
bool is_bucket_end(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// {endpoint}/{bucket}/{encoded key}. A key S3 takes but a URL cannot carry is
// refused: a "." or ".." segment would be resolved away by the HTTP client
// (WHATWG URLs treat %2E like '.'), addressing another object.
Result<std::string> object_url(const Context& context, std::string_view bucket, std::string_view key,
                               client::Operation op) {
  auto url = bucket_url(context, bucket, op);
  if (!url) return url;
  if (key.empty() || key.size() > kMaxKeyBytes) {
    return client::invalid_argument(op, "the key must be 1..1024 bytes");
  }
  if (!is_valid_utf8(key)) return client::invalid_argument(op, "the key is not valid UTF-8");
  std::size_t start = 0;
  for (;;) {
    const auto slash = key.find('/', start);
    const std::string_view segment =
        key.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment == "." || segment == "..") {
      return client::invalid_argument(op,
                                      "a key with a \".\" or \"..\" segment cannot be addressed in a URL");
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::move(url).value() + "/" + encode_key(key);
}

std::string header_or_empty(const HttpReply& reply, std::string_view name) {
  auto value = reply.headers().get(name);
  return value ? std::string(*value) : std::string();
}

}  // namespace

Result<std::string> bucket_url(const Context& context, std::string_view bucket, client::Operation op) {
  bool ok = bucket.size() >= 3 && bucket.size() <= 63 && is_bucket_end(bucket.front()) &&
            is_bucket_end(bucket.back());
  for (const char c : bucket) ok = ok && is_bucket_char(c);
  if (!ok) {
    return client::invalid_argument(op,
                                    "the bucket name must be 3..63 of a-z 0-9 . - with a letter or digit "
                                    "at each end");
  }
  return client::endpoint(context, kEndpointVariable, kDefaultEndpoint) + "/" + std::string(bucket);
}

client::ServiceError read_s3_error(const HttpReply& reply) {
  auto doc = xml::parse(reply.body());
  if (!doc || doc->local_name() != "Error") return {};
  client::ServiceError out;
  if (const auto* code = doc->child("Code")) out.code = code->text();
  if (const auto* message = doc->child("Message")) out.message = message->text();
  return out;
}

std::optional<std::int64_t> parse_size(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;  // 18 digits always fit in int64
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string encode_key(std::string_view key) { return client::percent_encode(key, true); }

Result<HttpCall> get_object_call(const Context& context, std::string_view bucket, std::string_view key) {
  auto url = object_url(context, bucket, key, kGet);
  if (!url) return url.error();
  return HttpCall::get(std::move(url).value()).with_token().retry(retry_transient);
}

Result<Object> parse_get_object(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kGet, read_s3_error);
  return Object{reply.body(), header_or_empty(reply, "content-type"), header_or_empty(reply, "etag")};
}

Result<HttpCall> put_object_call(const Context& context, std::string_view bucket, std::string_view key,
                                 std::string body, std::string content_type) {
  auto url = object_url(context, bucket, key, kPut);
  if (!url) return url.error();
  return HttpCall("PUT", std::move(url).value())
      .header("Content-Type", std::move(content_type))
      .body(std::move(body))
      .with_token()
      .retry(retry_transient);
}

Result<Stored> parse_put_object(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kPut, read_s3_error);
  return Stored{header_or_empty(reply, "etag")};
}

Result<HttpCall> head_object_call(const Context& context, std::string_view bucket, std::string_view key) {
  auto url = object_url(context, bucket, key, kHead);
  if (!url) return url.error();
  return HttpCall("HEAD", std::move(url).value()).with_token().retry(retry_transient);
}

Result<ObjectInfo> parse_head_object(const HttpReply& reply) {
  // A HEAD reply has no body: a failure is its status alone.
  if (!reply.success()) return client::reply_error(reply, kHead, nullptr);
  ObjectInfo info;
  auto length = reply.headers().get("content-length");
  auto size = length ? parse_size(*length) : std::nullopt;
  if (!size) return client::bad_reply(kHead, "the reply has no valid Content-Length");
  info.size = *size;
  info.content_type = header_or_empty(reply, "content-type");
  info.etag = header_or_empty(reply, "etag");
  info.last_modified = header_or_empty(reply, "last-modified");
  return info;
}

Result<HttpCall> delete_object_call(const Context& context, std::string_view bucket, std::string_view key) {
  auto url = object_url(context, bucket, key, kDelete);
  if (!url) return url.error();
  return HttpCall("DELETE", std::move(url).value()).with_token().retry(retry_transient);
}

Result<Deleted> parse_delete_object(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kDelete, read_s3_error);
  return Deleted{};
}

}  // namespace ycfn::storage
