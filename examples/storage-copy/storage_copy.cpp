// An Object Storage trigger that copies every object created or updated to
// another bucket, with the function's IAM token.
//
// Environment:
//   DEST_BUCKET          required: where the copies go
//   DEST_PREFIX          optional: the copies' key prefix (default copy/)
//   YC_STORAGE_ENDPOINT  optional base URL (default https://storage.yandexcloud.net)
//
// For each ObjectCreate/ObjectUpdate message it GETs {bucket_id}/{object_id}
// and PUTs the bytes, with the same Content-Type, to
// DEST_BUCKET/DEST_PREFIX{object_id}: every message's GET at once, then every
// PUT at once, kMaxInFlight at a time. Other messages (ObjectDelete, other
// triggers) and objects already under DEST_PREFIX in DEST_BUCKET (the
// copies themselves: no copy loops) are skipped. It answers 200 {"copied":
// [keys], "skipped": [keys], "failed": [{"key", "status"}]} (status: the HTTP
// status, or the fetch error's code); 500 config.missing without DEST_BUCKET
// (no request); 400 for an event that is not a trigger event.
#include <string>
#include <vector>

#include <ycfn/async.hpp>
#include <ycfn/clients/storage.hpp>
#include <ycfn/handler.hpp>

namespace {

namespace storage = ycfn::storage;

// Objects are up to 4 MiB each here: 8 in flight bound the memory too.
constexpr std::size_t kMaxInFlight = 8;

bool is_copied_kind(const ycfn::TriggerMessage& message) {
  using Operation = ycfn::ObjectStorageDetails::Operation;
  const ycfn::ObjectStorageDetails* object = message.object_storage();
  return object != nullptr &&
         (object->operation == Operation::object_create || object->operation == Operation::object_update);
}

nlohmann::json status_of(const ycfn::HttpReply& reply) {
  return reply.ok() ? nlohmann::json(reply.status()) : nlohmann::json(reply.error().code);
}

ycfn::Async<ycfn::Response> storage_copy(const ycfn::Request& request, ycfn::Context& context) {
  const std::string dest_bucket = context.env("DEST_BUCKET", "");
  const std::string dest_prefix = context.env("DEST_PREFIX", "copy/");
  if (dest_bucket.empty()) co_return ycfn::Response::failure("config.missing", "set DEST_BUCKET", 500);
  const ycfn::TriggerEvent* trigger = request.trigger();
  if (trigger == nullptr)
    co_return ycfn::Response::failure("event.not_trigger", "storage-copy answers trigger invocations only",
                                      400);

  nlohmann::json copied = nlohmann::json::array();
  nlohmann::json skipped = nlohmann::json::array();
  nlohmann::json failed = nlohmann::json::array();
  std::vector<const ycfn::ObjectStorageDetails*> sources;
  std::vector<ycfn::HttpCall> gets;
  for (const auto& message : trigger->messages()) {
    if (!is_copied_kind(message)) {
      const auto id = message.event_id();
      skipped.push_back(message.object_storage() ? nlohmann::json(message.object_storage()->object_id)
                        : id                     ? nlohmann::json(std::string(*id))
                                                 : nlohmann::json(nullptr));
      continue;
    }
    const ycfn::ObjectStorageDetails& object = *message.object_storage();
    if (object.bucket_id == dest_bucket && object.object_id.rfind(dest_prefix, 0) == 0) {
      skipped.push_back(object.object_id);
      continue;
    }
    auto get = storage::get_object_call(context, object.bucket_id, object.object_id);
    if (!get) {
      failed.push_back({{"key", object.object_id}, {"status", get.error().code}});
      continue;
    }
    sources.push_back(&object);
    gets.push_back(std::move(get).value());
  }

  const auto got = co_await context.fetch_all(std::move(gets), kMaxInFlight);
  std::vector<const ycfn::ObjectStorageDetails*> written;
  std::vector<ycfn::HttpCall> puts;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::string& key = sources[i]->object_id;
    auto object = storage::parse_get_object(got[i]);
    if (!object) {
      failed.push_back({{"key", key},
                        {"status", got[i].ok() && !got[i].success() ? status_of(got[i])
                                                                    : nlohmann::json(object.error().code)}});
      continue;
    }
    const std::string content_type =
        object->content_type.empty() ? std::string("application/octet-stream") : object->content_type;
    auto put = storage::put_object_call(context, dest_bucket, dest_prefix + key,
                                        std::move(object.value().body), content_type);
    if (!put) {
      failed.push_back({{"key", key}, {"status", put.error().code}});
      continue;
    }
    written.push_back(sources[i]);
    puts.push_back(std::move(put).value());
  }

  const auto stored = co_await context.fetch_all(std::move(puts), kMaxInFlight);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const std::string& key = written[i]->object_id;
    if (stored[i].success()) {
      copied.push_back(key);
    } else {
      failed.push_back({{"key", key}, {"status", status_of(stored[i])}});
    }
  }
  context.log().info("copied " + std::to_string(copied.size()) + ", skipped " +
                     std::to_string(skipped.size()) + ", failed " + std::to_string(failed.size()));
  co_return ycfn::Response::json({{"copied", copied}, {"skipped", skipped}, {"failed", failed}});
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(storage_copy)
