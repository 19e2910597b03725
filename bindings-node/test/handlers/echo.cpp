// Test handler: answers the event it received and the context fields it was given,
// so tests can check what the Node host passes through the ABI.
#include <ycfn/handler.hpp>
#include <ycfn/token.hpp>

#include <nlohmann/json.hpp>

namespace {

ycfn::Response echo(const ycfn::Request& request, ycfn::Context& context) {
  nlohmann::json ctx = nlohmann::json::object();
  ctx["requestId"] = context.request_id();
  ctx["functionName"] = context.function_name();
  ctx["functionVersion"] = context.function_version();
  ctx["memoryLimitInMB"] = context.memory_limit_mb();
  ctx["deadlineMs"] = context.deadline_ms();
  ctx["remainingMsAtStart"] = context.remaining_ms_at_start();
  ctx["hasToken"] = context.token() != nullptr;

  nlohmann::json out = nlohmann::json::object();
  out["event"] = request.raw();
  out["context"] = ctx;
  if (const auto* http = request.http()) {
    nlohmann::json h = nlohmann::json::object();
    h["method"] = http->method();
    h["path"] = http->path();
    h["body"] = http->body();
    out["http"] = h;
  }
  context.log().info("echo handler called");
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER(echo)
