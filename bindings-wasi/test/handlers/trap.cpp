// Test handler: traps (wasm `unreachable`) when the event is an object with
// "trap": true, answers 200 otherwise. It stands for any handler that crashes
// (a failed assertion, abort(), a throwing nlohmann call under JSON_NOEXCEPTION).
#include <ycfn/handler.hpp>

namespace {

ycfn::Response trap(const ycfn::Request& request, ycfn::Context& /*context*/) {
  const nlohmann::json& event = request.raw();
  if (event.is_object()) {
    const auto it = event.find("trap");
    if (it != event.end() && it->is_boolean() && it->get<bool>()) __builtin_trap();
  }
  return ycfn::Response::text("no trap requested\n");
}

}  // namespace

YCFN_HANDLER(trap)
