// Strings across the C ABIs (ycfn.h, ycfn_http.h): what the core hands out is
// a malloc'd NUL-terminated copy the host frees with the ABI's free function.
// Internal to the core.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace ycfn {

// A malloc'd NUL-terminated copy of `text`; NULL when out of memory.
inline char* to_owned_c_string(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

// A borrowed input as a view; NULL is empty.
inline std::string_view borrowed(const char* data, std::size_t len) {
  return data == nullptr ? std::string_view() : std::string_view(data, len);
}

}  // namespace ycfn
