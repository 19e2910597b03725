// @NAME@: an HTTP handler that needs the function's IAM token. It greets the
// caller and answers safe facts about the token (type, where it came from,
// seconds left, length), never the token itself.
#include <ycfn/handler.hpp>
#include <ycfn/json.hpp>

#include <string>

namespace {

ycfn::Response @IDENT@(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) return ycfn::Response::failure("@NAME@.not_http", "call me over HTTP", 400);

  // Who to greet: ?who=..., else a JSON body {"who": "..."}, else "world".
  std::string who = "world";
  if (auto query = http->query().get("who")) {
    who = std::string(*query);
  } else if (!http->body().empty()) {
    auto body = http->json_body();  // 400 event.bad_json_body when it is not JSON
    if (!body.ok()) return ycfn::Response::from_error(body.error(), 400);
    auto name = ycfn::json::require_string(*body, "who");  // never aborts on a wrong type
    if (!name.ok()) return ycfn::Response::from_error(name.error(), 400);
    who = std::string(*name);
  }
  context.log().info("greeting " + who);

  // YCFN_HANDLER_WITH_TOKEN: the runtime got a token before calling us.
  const ycfn::Token& token = *context.token();
  return ycfn::Response::json({
      {"hello", who},
      {"token_type", token.token_type},
      {"token_source", ycfn::token_source_name(*context.token_source())},
      {"token_seconds_left", (token.expires_at_ms() - context.started_at_ms()) / 1000},
      {"token_length", token.access_token.size()},
  });
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(@IDENT@)
