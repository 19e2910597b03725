#include "ycfn/clients/functions.hpp"

#include <utility>

#include "ycfn/detail/client.hpp"
#include "ycfn/json.hpp"

namespace ycfn::functions {

namespace {

constexpr client::Operation kInvoke{"functions", "invoke"};

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The platform's own failures: {"errorMessage": "...", "errorType": "..."}.
client::ServiceError read_function_error(const HttpReply& reply) {
  auto body = json::parse(reply.body());
  if (!body) return {};
  client::ServiceError out;
  if (auto type = json::get_string(*body, "errorType")) out.code = std::string(*type);
  if (auto message = json::get_string(*body, "errorMessage")) out.message = std::string(*message);
  return out;
}

}  // namespace

Result<HttpCall> invoke_call(const Context& context, std::string_view function_id, std::string body,
                             const InvokeOptions& options) {
  bool ok = !function_id.empty() && function_id.size() <= 64;
  for (const char c : function_id) ok = ok && is_id_char(c);
  if (!ok) return client::invalid_argument(kInvoke, "the function id must be 1..64 letters and digits");
  std::string url =
      client::endpoint(context, kEndpointVariable, kDefaultEndpoint) + "/" + std::string(function_id);
  char separator = '?';
  if (options.raw) {
    url += "?integration=raw";
    separator = '&';
  }
  if (!options.tag.empty()) url += separator + std::string("tag=") + client::percent_encode(options.tag);
  return HttpCall::post(std::move(url), std::move(body), options.content_type).with_token();
}

Result<Invocation> parse_invoke(const HttpReply& reply) {
  if (!reply.success()) return client::reply_error(reply, kInvoke, read_function_error);
  return Invocation{reply.status(), reply.headers(), reply.body()};
}

}  // namespace ycfn::functions
