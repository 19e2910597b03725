// Test handler: traps (wasm `unreachable`) when the event is {"trap": true}, answers
// "ok" otherwise. The Node host must answer the trapping call 500 ycfn.trap and serve
// the next one from a new module instance.
#include <ycfn/handler.hpp>

#include <nlohmann/json.hpp>

namespace {

bool flag(const nlohmann::json& event, const char* name) {
  if (!event.is_object()) return false;
  const auto it = event.find(name);
  return it != event.end() && it->is_boolean() && it->get<bool>();
}

int calls = 0;  // per module instance: shows the instance was replaced

ycfn::Response trap(const ycfn::Request& request, ycfn::Context& /*context*/) {
  ++calls;
  if (flag(request.raw(), "trap")) __builtin_trap();
  nlohmann::json out = nlohmann::json::object();
  out["ok"] = true;
  out["callsInThisInstance"] = calls;
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER(trap)
