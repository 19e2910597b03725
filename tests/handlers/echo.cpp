// Test handler: answers 200 with what it was given, so every suite can check what
// a host and the core made of an event and a context:
//   {"kind", "event": <the raw event>, "context": {...the parsed fields...},
//    "contextRaw": <Context::raw(): the context as the handler sees it>, "http"?}
// The token itself never appears (only whether there is one; raw() has no token).
#include <ycfn/handler.hpp>

#include <nlohmann/json.hpp>

namespace {

const char* kind_name(ycfn::Request::Kind kind) {
  switch (kind) {
    case ycfn::Request::Kind::http:
      return "http";
    case ycfn::Request::Kind::trigger:
      return "trigger";
    case ycfn::Request::Kind::websocket:
      return "websocket";
    case ycfn::Request::Kind::other:
      break;
  }
  return "other";
}

ycfn::Response echo(const ycfn::Request& request, ycfn::Context& context) {
  context.log().info("echo: answering");
  nlohmann::json body = {
      {"kind", kind_name(request.kind())},
      {"event", request.raw()},
      {"context",
       {
           {"requestId", context.request_id()},
           {"functionName", context.function_name()},
           {"functionVersion", context.function_version()},
           {"memoryLimitInMB", context.memory_limit_mb()},
           {"deadlineMs", context.deadline_ms()},
           {"remainingMsAtStart", context.remaining_ms_at_start()},
           {"hasDeadline", context.deadline_ms() > 0},
           {"hasToken", context.token() != nullptr},
       }},
      {"contextRaw", context.raw()},
  };
  if (const ycfn::HttpRequest* http = request.http(); http != nullptr) {
    body["http"] = {
        {"method", http->method()},
        {"path", http->path()},
        {"body", http->body()},
        {"bodySize", http->body().size()},
        {"wasBase64", http->is_base64_encoded()},
    };
  }
  return ycfn::Response::json(body);
}

}  // namespace

YCFN_HANDLER(echo)
