// Shows the HTTP model: method, path, query parameters (single and repeated),
// headers (case-insensitive), the decoded body's size and content type, and the
// request id, as a JSON reply.
#include <ycfn/handler.hpp>

namespace {

nlohmann::json optional_string(const std::optional<std::string_view>& value) {
  return value ? nlohmann::json(std::string(*value)) : nlohmann::json(nullptr);
}

ycfn::Response http_echo(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::HttpRequest* http = request.http();
  if (http == nullptr) {
    return ycfn::Response::failure("event.not_http", "http-echo answers HTTP invocations only", 400);
  }
  nlohmann::json query = nlohmann::json::object();
  for (const auto& [name, values] : http->query()) query[name] = values;
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, values] : http->headers()) headers[name] = values;

  return ycfn::Response::json({
      {"method", http->method()},
      {"path", http->path()},
      {"query", query},
      {"headers", headers},
      // Header names are case-insensitive: any spelling finds the same header.
      {"content_type", optional_string(http->headers().get("content-type"))},
      {"user_agent", optional_string(http->headers().get("USER-AGENT"))},
      {"body_size", http->body().size()},
      {"body_was_base64", http->is_base64_encoded()},
      {"request_id", context.request_id()},
  });
}

}  // namespace

YCFN_HANDLER(http_echo)
