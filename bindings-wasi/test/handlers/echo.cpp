// Test handler: answers 200 with what it was given, so the tests can check
// what the runtime made of an event and a context on every host:
//   {"kind": ..., "event": <the raw event>, "context": {...}, "http": {...}?}
// The token itself never appears (only whether there is one).
#include <ycfn/handler.hpp>

namespace {

const char* kind_name(ycfn::Request::Kind kind) {
  switch (kind) {
    case ycfn::Request::Kind::http:
      return "http";
    case ycfn::Request::Kind::trigger:
      return "trigger";
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
           {"hasDeadline", context.deadline_ms() > 0},
           {"hasToken", context.token() != nullptr},
       }},
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
