// The C ABI (ycfn.h) over ycfn::Runtime. Kept thin on purpose: everything it
// does is copy strings across the boundary.
#include "ycfn/ycfn.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "ycfn/detail/runtime.hpp"

struct YcfnRuntime {
  ycfn::Runtime runtime;
};

namespace {

// A malloc'd NUL-terminated copy the host frees with ycfn_free(); NULL when
// out of memory.
char* to_owned_c_string(const std::string& text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

std::string_view view(const char* data, size_t len) {
  return data == nullptr ? std::string_view() : std::string_view(data, len);
}

}  // namespace

extern "C" {

uint32_t ycfn_abi_version(void) { return YCFN_ABI_VERSION; }

char* ycfn_alloc(size_t size) { return static_cast<char*>(std::malloc(size == 0 ? 1 : size)); }

void ycfn_free(char* ptr) { std::free(ptr); }

YcfnRuntime* ycfn_runtime_new(const char* config, size_t config_len) {
  return new (std::nothrow) YcfnRuntime{
      ycfn::Runtime(ycfn::registered_handler(), ycfn::parse_runtime_config(view(config, config_len)))};
}

void ycfn_runtime_delete(YcfnRuntime* runtime) { delete runtime; }

char* ycfn_invoke(YcfnRuntime* runtime, const char* event, size_t event_len, const char* invocation,
                  size_t invocation_len) {
  if (runtime == nullptr) return nullptr;
  return to_owned_c_string(runtime->runtime.invoke(view(event, event_len), view(invocation, invocation_len)));
}

char* ycfn_resume(YcfnRuntime* runtime, const char* input, size_t input_len) {
  if (runtime == nullptr) return nullptr;
  return to_owned_c_string(runtime->runtime.resume(view(input, input_len)));
}

}  // extern "C"
