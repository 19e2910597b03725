#include "ycfn/base64.hpp"

#include "base64_groups.hpp"

#include <cstdint>

namespace ycfn {
namespace {

constexpr std::string_view kAlphabet = detail::kBase64Alphabet;
constexpr int kInvalid = -1;

Error invalid(const std::string& why) {
  return make_error("base64.invalid", "body is not valid base64: " + why);
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  // Written through a pointer into a string of the final size: appending a
  // character at a time is several times slower in wasm (bench/ item 2).
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  char* p = out.data();
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    *p++ = kAlphabet[(n >> 18) & 63];
    *p++ = kAlphabet[(n >> 12) & 63];
    *p++ = kAlphabet[(n >> 6) & 63];
    *p++ = kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    *p++ = kAlphabet[(n >> 18) & 63];
    *p++ = kAlphabet[(n >> 12) & 63];
    if (rest == 2) *p = kAlphabet[(n >> 6) & 63];  // the rest stays '='
  }
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  std::size_t data_len = text.size();
  std::size_t padding = 0;
  while (data_len > 0 && text[data_len - 1] == '=' && padding < 2) {
    --data_len;
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) return invalid("padding in the wrong place");
  if (data_len % 4 == 1) return invalid("length is not a whole number of bytes");

  // Each 4 characters give 3 bytes; a last group of 2 or 3 gives 1 or 2.
  std::string out(data_len / 4 * 3 + (data_len % 4 == 0 ? 0 : data_len % 4 - 1), '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  // Whole groups first, four characters to three bytes at a time: a large
  // body is decoded on every invocation that carries one (bench/ item 2).
  // They stop before a group with a bad character, which the loop below names.
  std::size_t i = detail::kBase64VectorGroups ? detail::base64_decode_groups_vector(in, data_len, out.data())
                                              : detail::base64_decode_groups_scalar(in, data_len, out.data());
  char* p = out.data() + i / 4 * 3;
  std::uint32_t acc = 0;
  int bits = 0;
  for (; i < data_len; ++i) {
    const int v = detail::kBase64Decode[static_cast<unsigned char>(text[i])];
    if (v == kInvalid) {
      return invalid("unexpected character at offset " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *p++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, otherwise two different texts decode alike.
  if (bits > 0 && (acc & ((1U << bits) - 1)) != 0) return invalid("non-zero trailing bits");
  return out;
}

}  // namespace ycfn
