#include "base64_groups.hpp"

#include <cstdint>
#include <cstring>

namespace ycfn::detail {
namespace {

// 16 lanes of bytes, 8 of 16 bits and 4 of 32 bits over the same 128 bits.
using U8x16 = std::uint8_t __attribute__((vector_size(16)));
using I8x16 = std::int8_t __attribute__((vector_size(16)));
using U16x8 = std::uint16_t __attribute__((vector_size(16)));
using U32x4 = std::uint32_t __attribute__((vector_size(16)));
using U64x2 = std::uint64_t __attribute__((vector_size(16)));

constexpr std::size_t kBlock = 16;

// table[index] per lane (every index here is below 16): one instruction in wasm
// (i8x16.swizzle); elsewhere spelled out, which is what tests and fuzzing run.
U8x16 lookup(U8x16 table, U8x16 index) {
#if defined(__wasm_simd128__)
  return reinterpret_cast<U8x16>(
      __builtin_wasm_swizzle_i8x16(reinterpret_cast<I8x16>(table), reinterpret_cast<I8x16>(index)));
#else
  U8x16 out{};
  for (int i = 0; i < 16; ++i) out[i] = table[index[i] & 15U];
  return out;
#endif
}

bool any_bit(U8x16 v) {
  const auto halves = reinterpret_cast<U64x2>(v);
  return (halves[0] | halves[1]) != 0;
}

// Decodes one block of 16 characters into 12 bytes at `out`; false (nothing
// written) when a character is outside the alphabet. The classification by
// nibbles of W. Mula's SIMD base64 decoding: a character is valid when the
// class bits of its low nibble and of its high nibble share none, and its
// value is the character plus an offset chosen by its high nibble ('/' apart).
bool decode_block(const unsigned char* in, char* out) {
  U8x16 v;
  std::memcpy(&v, in, kBlock);
  const U8x16 high = reinterpret_cast<U8x16>(reinterpret_cast<U32x4>(v) >> 4U) & 0x0F;
  const U8x16 low = v & 0x0F;
  const U8x16 low_classes = {0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                             0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A};
  const U8x16 high_classes = {0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                              0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10};
  if (any_bit(lookup(low_classes, low) & lookup(high_classes, high))) return false;
  // Offsets: '+' 19, '/' 16 (looked up at high nibble 2 - 1), digits 4,
  // A-Z -65, a-z -71 (as bytes, modulo 256).
  const U8x16 offsets = {0, 16, 19, 4, 191, 191, 185, 185, 0, 0, 0, 0, 0, 0, 0, 0};
  const U8x16 is_slash = reinterpret_cast<U8x16>(v == '/');
  const U8x16 value = v + lookup(offsets, high + is_slash);
  // Each 32-bit lane holds four 6-bit values a b c d (a in the lowest byte):
  // first (a << 6 | b) and (c << 6 | d) per 16 bits, then n = a b c d as 24
  // bits, whose bytes go out most significant first.
  const auto pairs = reinterpret_cast<U16x8>(value);
  const auto ab_cd = reinterpret_cast<U32x4>(((pairs & 0x3FU) << 6U) | (pairs >> 8U));
  const auto n = reinterpret_cast<U8x16>(((ab_cd & 0xFFFFU) << 12U) | (ab_cd >> 16U));
  const U8x16 packed = __builtin_shufflevector(n, n, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 3, 7, 11, 15);
  std::memcpy(out, &packed, 12);
  return true;
}

}  // namespace

std::size_t base64_decode_groups_scalar(const unsigned char* in, std::size_t len, char* out) {
  std::size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    const int a = kBase64Decode[in[i]];
    const int b = kBase64Decode[in[i + 1]];
    const int c = kBase64Decode[in[i + 2]];
    const int d = kBase64Decode[in[i + 3]];
    if ((a | b | c | d) < 0) break;
    const auto n = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    out[0] = static_cast<char>(n >> 16);
    out[1] = static_cast<char>((n >> 8) & 0xFF);
    out[2] = static_cast<char>(n & 0xFF);
    out += 3;
  }
  return i;
}

std::size_t base64_decode_groups_vector(const unsigned char* in, std::size_t len, char* out) {
  std::size_t i = 0;
  for (; i + kBlock <= len; i += kBlock) {
    if (!decode_block(in + i, out)) break;
    out += 12;
  }
  return i + base64_decode_groups_scalar(in + i, len - i, out);
}

}  // namespace ycfn::detail
