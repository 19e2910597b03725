#include <catch2/catch.hpp>

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
