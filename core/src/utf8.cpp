#include "ycfn/detail/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace ycfn {
namespace {

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Length of the well-formed sequence starting at text[i], or 0 if it is
// ill-formed. The second-byte ranges follow RFC 3629's table.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  // Sequence length and the allowed range of the second byte, per lead byte.
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (in_range(lead, 0xC2, 0xDF)) {
    len = 2;
  } else if (in_range(lead, 0xE0, 0xEF)) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong below U+0800
    if (lead == 0xED) hi = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (in_range(lead, 0xF0, 0xF4)) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong below U+10000
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (text.size() - i < len) return 0;
  if (!in_range(byte(1), lo, hi)) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!in_range(byte(k), 0x80, 0xBF)) return 0;
  }
  return len;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs (most text, all of base64) eight bytes at a time, without
    // the sequence checks: a large body is checked on every invocation.
    std::uint64_t eight = 0;
    if (text.size() - i >= sizeof eight) {
      std::memcpy(&eight, text.data() + i, sizeof eight);
      if ((eight & 0x8080808080808080ULL) == 0) {
        i += sizeof eight;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

}  // namespace ycfn
