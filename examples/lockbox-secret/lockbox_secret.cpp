// Reads one entry of a Lockbox secret with the function's IAM token and
// answers what it found, never the value: the shape of every handler that
// needs a password, an API key or a certificate from Lockbox.
//
// Environment:
//   SECRET_ID                    required: the secret (the service account needs
//                                lockbox.payloadViewer on it)
//   SECRET_KEY                   required: the entry to read
//   YC_LOCKBOX_PAYLOAD_ENDPOINT  optional base URL
//                                (default https://payload.lockbox.api.cloud.yandex.net)
//
// It answers 200 {"secret_id", "version_id", "keys": [every entry key], "key",
// "bytes": <length of that entry's value>}; 404 lockbox.key_not_found when the
// payload has no such entry; 502 (504 on a timeout) with the Lockbox error,
// which names its status, when the read fails; 500 config.missing, with no
// request made, when SECRET_ID or SECRET_KEY is unset. Every value read is
// protected: a log line that quotes one shows [secret].
#include <string>

#include <ycfn/clients/lockbox_async.hpp>
#include <ycfn/handler.hpp>

namespace {

ycfn::Async<ycfn::Response> lockbox_secret(const ycfn::Request&, ycfn::Context& context) {
  const std::string secret_id = context.env("SECRET_ID", "");
  const std::string key = context.env("SECRET_KEY", "");
  if (secret_id.empty() || key.empty())
    co_return ycfn::Response::failure("config.missing", "set SECRET_ID and SECRET_KEY", 500);

  auto payload = co_await ycfn::lockbox::get_payload(context, secret_id);
  if (!payload) {
    const ycfn::Error& error = payload.error();
    co_return ycfn::Response::from_error(error, error.code == "fetch.timeout" ? 504 : 502);
  }
  auto value = payload->bytes(key);
  if (!value) co_return ycfn::Response::from_error(value.error(), 404);

  nlohmann::json keys = nlohmann::json::array();
  for (const auto& entry : payload->entries) keys.push_back(entry.key);
  context.log().info("read " + key + " of " + secret_id + " version " + payload->version_id + " (" +
                     std::to_string(value->size()) + " bytes)");
  co_return ycfn::Response::json({{"secret_id", secret_id},
                                  {"version_id", payload->version_id},
                                  {"keys", keys},
                                  {"key", key},
                                  {"bytes", value->size()}});
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(lockbox_secret)
