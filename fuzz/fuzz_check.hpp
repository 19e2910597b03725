// Shared by the fuzz targets: an invariant check that reports and aborts
// (libFuzzer treats the abort as a crash and saves the input), and the bytes
// that no error message template of the core contains, so that finding one in
// a message means input bytes leaked into it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define YCFN_FUZZ_CHECK(cond, what)                                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, \
                   what, #cond);                                                     \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

namespace ycfn_fuzz {

// None of the core's error message templates uses these characters (the
// messages describe shapes, sizes and offsets). A message holding one of them
// copied it from the input.
inline constexpr std::string_view kMarkerBytes = "~|^`{}<>&%$#@!*+=\\";

inline bool has_marker(std::string_view text) { return text.find_first_of(kMarkerBytes) != std::string_view::npos; }

// Printable ASCII only (what error messages are made of).
inline bool printable_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) return false;
  }
  return true;
}

}  // namespace ycfn_fuzz
