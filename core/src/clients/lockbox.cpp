#include "ycfn/clients/lockbox.hpp"

#include <utility>

#include "lockbox_detail.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/client.hpp"
#include "ycfn/detail/json_writer.hpp"
#include "ycfn/json.hpp"
#include "ycfn/retry.hpp"

namespace ycfn::lockbox {

namespace {

constexpr client::Operation kGetPayload{"lockbox", "get_payload"};

// Yandex Cloud resource ids are short runs of letters and digits; anything
// else in a path is a mistake worth catching before the request.
bool is_resource_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

// A text value and the form in which it appears in the reply body (JSON
// escapes) become secrets: a handler that logs the body shows neither.
void protect_text(Context& context, std::string_view text) {
  context.protect_secret(std::string(text));
  std::string escaped;
  append_json_string(escaped, text);
  escaped = escaped.substr(1, escaped.size() - 2);  // without the quotes
  if (escaped != text) context.protect_secret(std::move(escaped));
}

const Entry* Payload::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

Result<std::string_view> Payload::text(std::string_view key) const {
  const Entry* entry = find(key);
  if (entry == nullptr) return make_error("lockbox.key_not_found", "the payload has no entry with that key");
  if (entry->binary) return make_error("lockbox.not_text", "the entry holds bytes (binaryValue), not text");
  return std::string_view(entry->value);
}

Result<std::string_view> Payload::bytes(std::string_view key) const {
  const Entry* entry = find(key);
  if (entry == nullptr) return make_error("lockbox.key_not_found", "the payload has no entry with that key");
  return std::string_view(entry->value);
}

Result<HttpCall> get_payload_call(const Context& context, std::string_view secret_id,
                                  std::string_view version_id) {
  if (!is_resource_id(secret_id)) {
    return client::invalid_argument(kGetPayload, "the secret id must be 1..64 letters, digits, - _ .");
  }
  if (!version_id.empty() && !is_resource_id(version_id)) {
    return client::invalid_argument(kGetPayload, "the version id must be 1..64 letters, digits, - _ .");
  }
  std::string url = client::endpoint(context, kEndpointVariable, kDefaultEndpoint) + "/lockbox/v1/secrets/" +
                    std::string(secret_id) + "/payload";
  if (!version_id.empty()) url += "?versionId=" + std::string(version_id);
  return HttpCall::get(std::move(url))
      .with_token()
      .max_reply_bytes(kMaxPayloadReplyBytes)
      .retry(retry_transient);
}

Result<Payload> parse_payload(const HttpReply& reply, Context& context) {
  if (!reply.success()) return client::reply_error(reply, kGetPayload, client::read_grpc_error);
  auto body = client::json_body(reply, kGetPayload);
  if (!body) return body.error();
  Payload payload;
  if (const auto* version = json::find(*body, "versionId")) {
    auto text = json::as_string(*version);
    if (!text) return client::bad_reply(kGetPayload, "versionId is not a string");
    payload.version_id = std::string(*text);
  }
  // The protobuf JSON mapping leaves out an empty list.
  const auto* entries = json::find(*body, "entries");
  if (entries != nullptr && !entries->is_array())
    return client::bad_reply(kGetPayload, "entries is not an array");
  for (std::size_t i = 0; entries != nullptr && i < entries->size(); ++i) {
    const nlohmann::json& item = (*entries)[i];
    const std::string where = "entries[" + std::to_string(i) + "]";
    auto key = json::get_string(item, "key");
    if (!key) return client::bad_reply(kGetPayload, where + " has no string key");
    Entry entry;
    entry.key = std::string(*key);
    auto text = json::get_string(item, "textValue");
    auto binary = json::get_string(item, "binaryValue");
    // Protected before anything is judged: even a refused entry's value
    // stays out of the logs.
    if (text) protect_text(context, *text);
    if (binary) context.protect_secret(std::string(*binary));
    if (text && !binary) {
      entry.value = std::string(*text);
    } else if (binary && !text) {
      auto bytes = base64_decode(*binary);
      if (!bytes) return client::bad_reply(kGetPayload, where + ".binaryValue is not base64");
      entry.value = std::move(bytes).value();
      entry.binary = true;
      context.protect_secret(entry.value);
    } else {
      return client::bad_reply(kGetPayload, where + " must have exactly one of textValue and binaryValue");
    }
    payload.entries.push_back(std::move(entry));
  }
  return payload;
}

}  // namespace ycfn::lockbox
