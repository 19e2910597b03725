#include <catch2/catch.hpp>

#include "../../core/src/base64_groups.hpp"
#include "ycfn/base64.hpp"

using ycfn::base64_decode;
using ycfn::base64_encode;

TEST_CASE("base64 round-trips the RFC 4648 vectors", "[base64]") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CAPTURE(plain);
    CHECK(base64_encode(plain) == encoded);
    auto decoded = base64_decode(encoded);
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == plain);
  }
}

TEST_CASE("base64 decodes the platform's form body", "[base64]") {
  auto decoded = base64_decode("aGVsbG8sIHdvcmxkIQ==");
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == "hello, world!");
}

TEST_CASE("base64 keeps every byte value", "[base64]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  auto decoded = base64_decode(base64_encode(all));
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == all);
}

TEST_CASE("base64 accepts unpadded input", "[base64]") {
  auto decoded = base64_decode("Zm8");
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == "fo");
}

TEST_CASE("base64 rejects malformed input with base64.invalid", "[base64]") {
  const char* bad[] = {"Z", "Zm9v!", "Zm=9", "Zm9vY===", "Zg=", "Zh==", "Zm 9v", "Zm9v\n"};
  for (const char* text : bad) {
    CAPTURE(text);
    auto decoded = base64_decode(text);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == "base64.invalid");
  }
}

// The two group decoders (core/src/base64_groups.hpp) must agree everywhere:
// base64_decode uses the vector one in the Node build and the scalar one
// elsewhere. fuzz_base64 checks random inputs; these are the edges.
namespace {

struct Groups {
  std::size_t consumed;
  std::string bytes;  // as many as the consumed characters give
};

Groups scalar_groups(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  const auto n = ycfn::detail::base64_decode_groups_scalar(
      reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  out.resize(n / 4 * 3);
  return {n, out};
}

Groups vector_groups(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  const auto n = ycfn::detail::base64_decode_groups_vector(
      reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  out.resize(n / 4 * 3);
  return {n, out};
}

}  // namespace

TEST_CASE("base64 group decoders agree on every length of valid text", "[base64]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::string text = base64_encode(all + all);  // every character of the alphabet
  for (std::size_t len = 0; len <= 100; ++len) {
    CAPTURE(len);
    const auto s = scalar_groups(text.substr(0, len));
    const auto v = vector_groups(text.substr(0, len));
    CHECK(s.consumed == len / 4 * 4);
    CHECK(v.consumed == s.consumed);
    CHECK(v.bytes == s.bytes);
  }
}

TEST_CASE("base64 group decoders stop before the group of a bad character, in every lane", "[base64]") {
  const std::string good = base64_encode(std::string(48, '\xA7'));  // 64 characters
  for (const char bad : {'=', '-', '_', ' ', '\0', '\x80', '\xFF', '@', '[', '`', '{', ':', '/'}) {
    for (std::size_t at = 0; at < good.size(); ++at) {
      std::string text = good;
      text[at] = bad;
      CAPTURE(at, static_cast<int>(static_cast<unsigned char>(bad)));
      const auto s = scalar_groups(text);
      const auto v = vector_groups(text);
      const bool valid = bad == '/';  // '/' belongs to the alphabet
      CHECK(s.consumed == (valid ? text.size() : at / 4 * 4));
      CHECK(v.consumed == s.consumed);
      CHECK(v.bytes == s.bytes);
    }
  }
}
