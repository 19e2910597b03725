// Drives invocations of the core through the C ABI (ycfn.h) inside a wasm guest:
// the command modules and both components. Everything about steps (their JSON,
// what each asks, how to resume) is in guest_step_driver.cpp; the network is
// whatever FetchAll the caller gives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "guest_fetch.hpp"
#include "ycfn/ycfn.h"

namespace ycfn_wasi {

// Unix epoch milliseconds of the WASI realtime clock (0 if it fails).
std::int64_t wall_now_ms();

class StepDriver {
 public:
  // Takes ownership of `runtime` (deleted with the driver).
  StepDriver(YcfnRuntime* runtime, FetchAll fetch_all) : runtime_(runtime), fetch_all_(fetch_all) {}
  ~StepDriver() { ycfn_runtime_delete(runtime_); }
  StepDriver(const StepDriver&) = delete;
  StepDriver& operator=(const StepDriver&) = delete;

  // Drives one invocation (event raw, invocation JSON as ycfn_invoke takes it)
  // to its answer: `response` gets the response JSON object as text (the core's
  // respond step, or the host contract's 500 for an error step).
  // Log lines go to stderr as they come. False (with `why`) when the runtime
  // breaks the ABI contract or runs out of memory.
  bool run(std::string_view event, const std::string& invocation, std::string& response, std::string& why);

 private:
  YcfnRuntime* runtime_;
  FetchAll fetch_all_;
};

// The transport of a host without a network (a preview1 command): every
// request fails with "network".
std::vector<FetchOutcome> fetch_without_network(const std::vector<FetchRequest>& requests);

}  // namespace ycfn_wasi
