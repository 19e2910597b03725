#include <utility>

#include "storage_detail.hpp"
#include "ycfn/clients/storage.hpp"
#include "ycfn/retry.hpp"
#include "ycfn/xml.hpp"

namespace ycfn::storage {

namespace {

constexpr client::Operation kList{"storage", "list_objects"};
constexpr int kMaxKeys = 1000;

void add_parameter(std::string& url, std::string_view name, std::string_view value) {
  url += '&';
  url += name;
  url += '=';
  url += client::percent_encode(value);
}

// The text of child `name`, or nullptr when there is none.
const std::string* child_text(const xml::Element& parent, std::string_view name) {
  const xml::Element* child = parent.child(name);
  return child != nullptr ? &child->text() : nullptr;
}

Result<ObjectSummary> summary(const xml::Element& contents, std::size_t index) {
  const std::string where = "Contents[" + std::to_string(index) + "]";
  ObjectSummary out;
  const std::string* key = child_text(contents, "Key");
  if (key == nullptr || key->empty()) return client::bad_reply(kList, where + " has no Key");
  out.key = *key;
  const std::string* size = child_text(contents, "Size");
  auto parsed = size != nullptr ? parse_size(*size) : std::nullopt;
  if (!parsed) return client::bad_reply(kList, where + " has no valid Size");
  out.size = *parsed;
  if (const std::string* etag = child_text(contents, "ETag")) out.etag = *etag;
  if (const std::string* modified = child_text(contents, "LastModified")) out.last_modified = *modified;
  return out;
}

}  // namespace

Result<HttpCall> list_objects_call(const Context& context, std::string_view bucket,
                                   const ListOptions& options) {
  auto url = bucket_url(context, bucket, kList);
  if (!url) return url.error();
  if (options.max_keys < 0 || options.max_keys > kMaxKeys) {
    return client::invalid_argument(kList, "max_keys must be 0..1000 (0: the service's default)");
  }
  std::string text = std::move(url).value() + "?list-type=2";
  if (!options.prefix.empty()) add_parameter(text, "prefix", options.prefix);
  if (!options.continuation_token.empty()) {
    add_parameter(text, "continuation-token", options.continuation_token);
  }
  if (!options.delimiter.empty()) add_parameter(text, "delimiter", options.delimiter);
  if (options.max_keys > 0) add_parameter(text, "max-keys", std::to_string(options.max_keys));
  return HttpCall::get(std::move(text)).with_token().retry(retry_transient);
}

Result<ListPage> parse_list_objects(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kList, read_s3_error);
  auto doc = xml::parse(reply.body());
  if (!doc) return client::bad_reply(kList, "the reply is not XML we read (" + doc.error().message + ")");
  if (doc->local_name() != "ListBucketResult")
    return client::bad_reply(kList, "the reply is not a ListBucketResult");
  ListPage page;
  const std::string* truncated = child_text(*doc, "IsTruncated");
  if (truncated == nullptr || (*truncated != "true" && *truncated != "false")) {
    return client::bad_reply(kList, "IsTruncated is missing or not true/false");
  }
  page.truncated = *truncated == "true";
  if (const std::string* next = child_text(*doc, "NextContinuationToken"))
    page.next_continuation_token = *next;
  if (page.truncated && page.next_continuation_token.empty()) {
    return client::bad_reply(kList, "a truncated page without NextContinuationToken");
  }
  const auto contents = doc->children("Contents");
  for (std::size_t i = 0; i < contents.size(); ++i) {
    auto item = summary(*contents[i], i);
    if (!item) return item.error();
    page.objects.push_back(std::move(item).value());
  }
  for (const xml::Element* common : doc->children("CommonPrefixes")) {
    if (const std::string* prefix = child_text(*common, "Prefix")) page.common_prefixes.push_back(*prefix);
  }
  return page;
}

}  // namespace ycfn::storage
