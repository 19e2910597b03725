// base64_decode() on the raw bytes, and base64_encode() of them.
// Invariants: decoding is strict and canonical, so when it succeeds the
// re-encoding is the input (with the padding the input may have omitted) and
// decodes back to the same bytes; the decoded length is exactly 3/4 of the
// unpadded length (rounded down); any bytes encode to text that decodes back
// to them; a refusal is base64.invalid with a printable message. The two
// group decoders (scalar, and 16 characters at a time with vectors, which the
// Node build uses) decode the same prefix to the same bytes, from every offset.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../core/src/base64_groups.hpp"
#include "fuzz_check.hpp"
#include "ycfn/base64.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Every start offset below 16, so that a bad character or the end falls in
// every lane of a vector block.
void check_group_decoders_agree(const std::uint8_t* data, std::size_t size) {
  for (std::size_t start = 0; start < 16 && start <= size; ++start) {
    const std::size_t len = size - start;
    std::string scalar(len / 4 * 3, '\0');
    std::string vector(len / 4 * 3, '\0');
    const std::size_t a = ycfn::detail::base64_decode_groups_scalar(data + start, len, scalar.data());
    const std::size_t b = ycfn::detail::base64_decode_groups_vector(data + start, len, vector.data());
    YCFN_FUZZ_CHECK(a == b, "the vector decoder stops elsewhere than the scalar one");
    YCFN_FUZZ_CHECK(a % 4 == 0 && a <= len, "a group decoder consumed a partial group");
    YCFN_FUZZ_CHECK(scalar == vector, "the vector decoder writes other bytes than the scalar one");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_group_decoders_agree(data, size);

  const auto decoded = ycfn::base64_decode(text);
  if (decoded.ok()) {
    std::string_view unpadded = text;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.remove_suffix(1);
    YCFN_FUZZ_CHECK(text.size() - unpadded.size() <= 2, "more than two '=' accepted");
    YCFN_FUZZ_CHECK(decoded->size() == unpadded.size() * 3 / 4, "decoded length is not 3/4 of the text");
    const std::string encoded = ycfn::base64_encode(decoded.value());
    YCFN_FUZZ_CHECK(encoded.size() % 4 == 0, "encoding is not padded to a multiple of 4");
    std::string padded(text);
    while (padded.size() % 4 != 0) padded += '=';
    YCFN_FUZZ_CHECK(encoded == padded, "decoding is not canonical: re-encoding differs from the input");
    const auto again = ycfn::base64_decode(encoded);
    YCFN_FUZZ_CHECK(again.ok() && again.value() == decoded.value(), "re-encoding does not decode back");
    const auto unpadded_again = ycfn::base64_decode(encoded.substr(0, encoded.find('=')));
    YCFN_FUZZ_CHECK(unpadded_again.ok() && unpadded_again.value() == decoded.value(),
                    "the unpadded encoding does not decode back");
  } else {
    YCFN_FUZZ_CHECK(decoded.error().code == "base64.invalid", "unexpected error code");
    YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(decoded.error().message), "message is not printable ASCII");
    YCFN_FUZZ_CHECK(!ycfn_fuzz::has_marker(decoded.error().message), "message quotes input bytes");
  }

  const std::string encoded = ycfn::base64_encode(text);
  YCFN_FUZZ_CHECK(encoded.size() == (size + 2) / 3 * 4, "encoded length");
  const auto round_trip = ycfn::base64_decode(encoded);
  YCFN_FUZZ_CHECK(round_trip.ok() && round_trip.value() == text, "encode then decode is not the identity");
  return 0;
}
