#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "ycfn/detail/utf8.hpp"

using ycfn::first_invalid_utf8;
using ycfn::is_valid_utf8;

TEST_CASE("utf8 accepts well-formed text of every sequence length", "[utf8]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ASCII"));
  CHECK(is_valid_utf8(std::string("with\0nul", 8)));          // NUL is a valid code point
  CHECK(is_valid_utf8("\xC2\x80 \xDF\xBF"));                  // U+0080, U+07FF
  CHECK(is_valid_utf8("\xE0\xA0\x80 \xEF\xBF\xBF"));          // U+0800, U+FFFF
  CHECK(is_valid_utf8("\xED\x9F\xBF \xEE\x80\x80"));          // U+D7FF, U+E000 (around the surrogates)
  CHECK(is_valid_utf8("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"));  // U+10000, U+10FFFF
  CHECK(is_valid_utf8("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"));  // "Привет"
  CHECK(is_valid_utf8("\xEF\xBB\xBF"));      // a BOM is an ordinary code point
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST_CASE("utf8 rejects overlong forms", "[utf8]") {
  const char* overlongs[] = {
      "\xC0\x80",          // U+0000 in two bytes (modified UTF-8)
      "\xC1\xBF",          // U+007F in two bytes
      "\xE0\x80\x80",      // U+0000 in three bytes
      "\xE0\x9F\xBF",      // U+07FF in three bytes
      "\xF0\x80\x80\x80",  // U+0000 in four bytes
      "\xF0\x8F\xBF\xBF",  // U+FFFF in four bytes
      "\xC0\xAF",          // the classic overlong '/'
  };
  for (const char* text : overlongs) {
    CAPTURE(text);
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("utf8 rejects surrogates and code points above U+10FFFF", "[utf8]") {
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));              // U+D800
  CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  CHECK_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));      // old 5-byte form
  CHECK_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));  // old 6-byte form
  CHECK_FALSE(is_valid_utf8("\xFE"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("utf8 rejects truncated sequences and stray continuation bytes", "[utf8]") {
  const char* broken[] = {
      "\xC3",          // lead byte at the end
      "\xE2\x82",      // 2 of 3
      "\xF0\x9F\x98",  // 3 of 4
      "\x80",          // lone continuation
      ("a\xBF"
       "b"),
      "\xC3\x28",  // lead followed by ASCII
      "\xE2\x28\xA1",
      "\xE2\x82\x28",
      "\xF0\x28\x8C\xBC",
      "\xF0\x90\x28\xBC",
      "\xF0\x90\x8C\x28",
  };
  for (const char* text : broken) {
    CAPTURE(text);
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("utf8 reports the offset of the first bad byte", "[utf8]") {
  CHECK(first_invalid_utf8("all good \xE2\x9C\x93") == std::string_view::npos);
  CHECK(first_invalid_utf8("\xFF") == 0);
  CHECK(first_invalid_utf8("abc\xC3\x28") == 3);
  CHECK(first_invalid_utf8("\xE2\x9C\x93\xE2\x9C") == 3);  // valid check mark, then a truncated one
  CHECK(first_invalid_utf8(std::string("ok\0\x80", 4)) == 3);
}

TEST_CASE("utf8 agrees with a brute-force decoder on every 1- and 2-byte input", "[utf8]") {
  // Reference: decode by the definition (code point ranges), not by byte tables.
  const auto reference_valid = [](const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      if (len == 0 || i + len > s.size()) return false;
      std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc >> 6) != 2) return false;
        cp = (cp << 6) | (cc & 0x3F);
      }
      const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
      if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      i += len;
    }
    return true;
  };
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    REQUIRE(is_valid_utf8(one) == reference_valid(one));
    for (int b = 0; b < 256; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      REQUIRE(is_valid_utf8(two) == reference_valid(two));
    }
  }
  // Every 3-byte input starting with E0, ED, EF and every 4-byte input starting F0/F4 x second byte.
  for (int lead : {0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF4}) {
    for (int b = 0x70; b < 0xC8; ++b) {
      for (int c = 0x70; c < 0xC8; ++c) {
        std::string s{static_cast<char>(lead), static_cast<char>(b), static_cast<char>(c)};
        if (lead >= 0xF0) s += '\x80';
        REQUIRE(is_valid_utf8(s) == reference_valid(s));
      }
    }
  }
}
