// Load-test handler (tests/load/): needs no token, and does what the event asks, so
// one function instance can serve a mixed stream of invocations:
//
//   {"trap": true}          traps (wasm `unreachable`): the host answers 500 ycfn.trap
//   {"fail": true}          fails: 503, errorType "test.load_failure"
//   {"badStatus": true}     answers status 700: the core renders 500 handler.bad_status
//   {"stats": true}         answers the module's memory figures (below), nothing else
//   any other valid event   echoes what the core parsed: kind, HTTP method, path, body
//                           (decoded from base64), the `marker` query parameter or
//                           field, the number of trigger messages, and how many calls
//                           this module instance has served
//
// Malformed events (a known field of the wrong type, invalid base64, not an object)
// never reach it: the core answers them 400.
//
// The memory figures are a test-only probe inside this handler; no host or core code
// changes for them:
//   memoryBytes   the wasm linear memory's size (memory.size x 64 KiB): what a host
//                 sees as HEAPU8.length / memory.data_len
//   heapTop       sbrk(0): the end of the malloc arena; it only moves up when the
//                 allocator needs more room than it has ever had, so a leak moves it
//   heapInUse     bytes malloc'd and not freed (Emscripten's dlmalloc mallinfo();
//                 -1 where the libc has no mallinfo, i.e. wasi-libc)
#include <ycfn/handler.hpp>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#if defined(__EMSCRIPTEN__)
#include <malloc.h>
#endif
#if defined(__wasm__)
#include <unistd.h>
#endif

namespace {

bool flag(const nlohmann::json& event, const char* name) {
  if (!event.is_object()) return false;
  const auto it = event.find(name);
  return it != event.end() && it->is_boolean() && it->get<bool>();
}

std::int64_t calls = 0;  // per module instance: a fresh instance starts at 1

nlohmann::json memory_stats() {
  nlohmann::json out = nlohmann::json::object();
#if defined(__wasm__)
  out["memoryBytes"] = static_cast<std::uint64_t>(__builtin_wasm_memory_size(0)) * 65536u;
  out["heapTop"] = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(sbrk(0)));
#else
  out["memoryBytes"] = -1;
  out["heapTop"] = -1;
#endif
#if defined(__EMSCRIPTEN__)
  out["heapInUse"] = static_cast<std::uint64_t>(mallinfo().uordblks);
#else
  out["heapInUse"] = -1;
#endif
  return out;
}

ycfn::Response mixed(const ycfn::Request& request, ycfn::Context& /*context*/) {
  ++calls;
  const nlohmann::json& event = request.raw();
  if (flag(event, "trap")) __builtin_trap();
  if (flag(event, "fail")) return ycfn::Response::failure("test.load_failure", "failing on request", 503);
  if (flag(event, "badStatus")) return ycfn::Response::text("status out of range", 700);
  if (flag(event, "stats")) {
    nlohmann::json out = memory_stats();
    out["calls"] = calls;
    return ycfn::Response::json(out);
  }

  nlohmann::json out = nlohmann::json::object();
  out["calls"] = calls;
  std::string marker;
  if (const auto* http = request.http()) {
    out["kind"] = "http";
    out["method"] = http->method();
    out["path"] = http->path();
    out["body"] = http->body_is_utf8() ? http->body() : std::string("<binary>");
    if (const auto m = http->query().get("marker")) marker = std::string(*m);
  } else if (const auto* trigger = request.trigger()) {
    out["kind"] = "trigger";
    out["messages"] = trigger->messages().size();
  } else {
    out["kind"] = "other";
  }
  if (marker.empty() && event.is_object()) {
    const auto it = event.find("marker");
    if (it != event.end() && it->is_string()) marker = it->get_ref<const std::string&>();
  }
  out["marker"] = marker;
  return ycfn::Response::json(out);
}

}  // namespace

YCFN_HANDLER(mixed)
