// @NAME@: an HTTP handler that calls a Yandex Cloud API with the function's IAM
// token. It reads the folder FOLDER_ID from the Resource Manager API and greets
// the caller with the folder's name: {"hello": ?who= or "world", "folder": name}.
//
// Environment:
//   FOLDER_ID                     required: the folder to read
//   YC_RESOURCE_MANAGER_ENDPOINT  optional base URL (default https://resource-manager.api.cloud.yandex.net)
#include <string>

#include <ycfn/async.hpp>
#include <ycfn/handler.hpp>
#include <ycfn/json.hpp>
#include <ycfn/url.hpp>

// A namespace of its own: whatever the function's name, YCFN_HANDLER finds it.
namespace app {

ycfn::Async<ycfn::Response> @IDENT@(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) co_return ycfn::Response::failure("@NAME@.not_http", "call me over HTTP", 400);
  const std::string folder = context.env("FOLDER_ID", "");
  if (folder.empty()) co_return ycfn::Response::failure("config.missing", "set FOLDER_ID", 500);
  const auto who = http->query().get("who");

  // GET .../folders/{id} with `Authorization: Bearer <token>`: the handler never sees the token.
  const std::string url = ycfn::url::join(
      context.env("YC_RESOURCE_MANAGER_ENDPOINT", "https://resource-manager.api.cloud.yandex.net"),
      "resource-manager/v1/folders/" + ycfn::url::encode_path_segment(folder));
  const ycfn::HttpReply reply = co_await context.fetch(ycfn::HttpCall::get(url).with_token());
  // A timeout answers 504, any other failure or a non-2xx status 502.
  if (!reply.success()) co_return reply.failure("@NAME@.folder_failed", "reading the folder");
  const auto body = reply.json();  // fetch.bad_json when the body is not JSON
  if (!body) co_return ycfn::call_failure("@NAME@.folder_failed", "reading the folder", body.error());
  const auto name = ycfn::json::require_string(*body, "name");  // never aborts, whatever the shape
  if (!name) co_return ycfn::call_failure("@NAME@.folder_failed", "reading the folder", name.error());

  context.log().info("read the folder " + folder);
  co_return ycfn::Response::json({{"hello", who ? std::string(*who) : "world"}, {"folder", *name}});
}

}  // namespace app

// The module's handler; the runtime gets the IAM token before calling it.
YCFN_HANDLER_WITH_TOKEN(app::@IDENT@)
