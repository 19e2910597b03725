// The bulk of base64 decoding: whole four-character groups, two ways. Scalar
// (a table lookup per character) everywhere; 16 characters at a time with
// 128-bit vectors where the target has them (wasm SIMD in the Node build),
// because the Node host decodes a 1 MiB event body on every call that carries
// one (bench/README.md, item 2). Both give the same answer on every input
// (fuzz/fuzz_base64.cpp compares them), so base64_decode's results do not
// depend on the target.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ycfn::detail {

inline constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// A character's value in the alphabet, or -1. One byte per entry: the table
// ships in every module.
inline constexpr std::array<std::int8_t, 256> kBase64Decode = [] {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (std::size_t i = 0; i < kBase64Alphabet.size(); ++i) {
    table[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}();

// Decodes the longest prefix of `in[0, len)` made of whole groups of four
// alphabet characters (A-Z a-z 0-9 + /; no '=') into `out`, three bytes per
// group, and returns how many characters that was (a multiple of 4). It stops
// before the first group holding anything else; the caller names the problem.
std::size_t base64_decode_groups_scalar(const unsigned char* in, std::size_t len, char* out);

// The same with GCC/Clang vector extensions: 16 characters to 12 bytes per
// step, the last characters (fewer than 16, or a block with an invalid one)
// by the scalar loop. Compiled on every target so that it can be tested and
// fuzzed natively; base64_decode uses it where the vectors are native
// (kBase64VectorGroups).
std::size_t base64_decode_groups_vector(const unsigned char* in, std::size_t len, char* out);

#if defined(__wasm_simd128__)
inline constexpr bool kBase64VectorGroups = true;
#else
inline constexpr bool kBase64VectorGroups = false;
#endif

}  // namespace ycfn::detail
