// Test handler: traps (wasm `unreachable`) when the event is an object with
// "trap": true, answers {"ok": true, "callsInThisInstance": N} otherwise. It stands
// for any handler that crashes (a failed assertion, abort(), a throwing nlohmann
// call under JSON_NOEXCEPTION); the counter shows a host replaced the instance.
#include <ycfn/handler.hpp>

#include <nlohmann/json.hpp>

namespace {

int calls = 0;  // per module instance

ycfn::Response trap(const ycfn::Request& request, ycfn::Context& /*context*/) {
  ++calls;
  const nlohmann::json& event = request.raw();
  if (event.is_object()) {
    const auto it = event.find("trap");
    if (it != event.end() && it->is_boolean() && it->get<bool>()) __builtin_trap();
  }
  nlohmann::json out = nlohmann::json::object();
  out["ok"] = true;
  out["callsInThisInstance"] = calls;
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER(trap)
