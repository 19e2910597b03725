#include "ycfn/detail/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace ycfn {
namespace {

// Whether the 8 bytes at `p` are all ASCII: bodies are mostly ASCII, and one
// test per 8 bytes beats the per-sequence checks below.
bool ascii8(const char* p) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

}  // namespace

// The second-byte ranges follow RFC 3629's table.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
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

std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 8 && ascii8(text.data() + i)) {
      i += 8;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

}  // namespace ycfn
