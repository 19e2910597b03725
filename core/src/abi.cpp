// The C ABI (ycfn.h) over ycfn::Runtime. Kept thin on purpose: everything it
// does is copy strings across the boundary.
#include "ycfn/ycfn.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "abi_strings.hpp"
#include "ycfn/detail/runtime.hpp"

struct YcfnRuntime {
  ycfn::Runtime runtime;
};

using ycfn::to_owned_c_string;

extern "C" {

uint32_t ycfn_abi_version(void) { return YCFN_ABI_VERSION; }

char* ycfn_alloc(size_t size) { return static_cast<char*>(std::malloc(size == 0 ? 1 : size)); }

void ycfn_free(char* ptr) { std::free(ptr); }

YcfnRuntime* ycfn_runtime_new(const char* config, size_t config_len) {
  return new (std::nothrow) YcfnRuntime{ycfn::Runtime(
      ycfn::registered_handler(), ycfn::parse_runtime_config(ycfn::borrowed(config, config_len)))};
}

void ycfn_runtime_delete(YcfnRuntime* runtime) { delete runtime; }

char* ycfn_invoke(YcfnRuntime* runtime, const char* event, size_t event_len, const char* invocation,
                  size_t invocation_len) {
  if (runtime == nullptr) return nullptr;
  return to_owned_c_string(
      runtime->runtime.invoke(ycfn::borrowed(event, event_len), ycfn::borrowed(invocation, invocation_len)));
}

char* ycfn_invoke_with_body(YcfnRuntime* runtime, const char* event, size_t event_len, const char* body,
                            size_t body_len, const char* invocation, size_t invocation_len) {
  if (runtime == nullptr) return nullptr;
  return to_owned_c_string(runtime->runtime.invoke(ycfn::borrowed(event, event_len),
                                                   ycfn::borrowed(invocation, invocation_len),
                                                   ycfn::borrowed(body, body_len)));
}

char* ycfn_resume(YcfnRuntime* runtime, const char* input, size_t input_len) {
  if (runtime == nullptr) return nullptr;
  return to_owned_c_string(runtime->runtime.resume(ycfn::borrowed(input, input_len)));
}

}  // extern "C"
