// Test handler: when the event is {"oom": true}, allocates (and touches) 4 MiB blocks
// until the heap cannot grow any more. Built with a small MAXIMUM_MEMORY; without
// exceptions a failed `new` aborts, and the Node host must answer 500 ycfn.trap and
// serve the next call from a new module instance.
#include <ycfn/handler.hpp>

#include <cstring>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

std::vector<std::unique_ptr<char[]>> hoard;  // kept alive so nothing is optimised away
int calls = 0;

ycfn::Response oom(const ycfn::Request& request, ycfn::Context& /*context*/) {
  ++calls;
  const nlohmann::json& event = request.raw();
  const auto it = event.is_object() ? event.find("oom") : event.end();
  if (event.is_object() && it != event.end() && it->is_boolean() && it->get<bool>()) {
    constexpr std::size_t block = 4u << 20;
    for (;;) {
      hoard.emplace_back(new char[block]);
      std::memset(hoard.back().get(), 0x5a, block);
    }
  }
  nlohmann::json out = nlohmann::json::object();
  out["ok"] = true;
  out["callsInThisInstance"] = calls;
  out["blocksHeld"] = hoard.size();
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER(oom)
