// json_number_to_double (core/src/json/json_number.cpp) against the C
// library's strtod (correctly rounded in glibc and in Emscripten's musl alike),
// bit for bit: the numbers nlohmann's parser read with strtod before the core
// had its own. Hard cases first (halfways between doubles, written out
// exactly, and one unit either side), then seeded random ones.
#include <catch2/catch.hpp>

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../../core/src/json/json_number.hpp"

namespace {

// Empty when json_number_to_double reads `text` as strtod does (overflow:
// strtod's infinity is our false), else what differs.
std::string disagreement(const std::string& text) {
  const double expected = std::strtod(text.c_str(), nullptr);
  double got = 0;
  const bool finite = ycfn::detail::json_number_to_double(text, got);
  if (!std::isfinite(expected)) return finite ? "finite, strtod overflows" : "";
  if (!finite) return "overflow, strtod reads it";
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, &got, sizeof a);
  std::memcpy(&b, &expected, sizeof b);
  if (a == b) return "";
  char message[160];
  std::snprintf(message, sizeof message, "got %.17g (0x%016" PRIx64 "), strtod %.17g (0x%016" PRIx64 ")", got,
                a, expected, b);
  return message;
}

void require_same(const std::string& text) {
  CAPTURE(text);
  CHECK(disagreement(text).empty());
}

double from_bits(std::uint64_t bits) {
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Adds one to the decimal digits of a number written as d.ddd...e±x
// (a carry past the first digit never happens for the values used here).
std::string bump_last_digit(std::string text, int delta) {
  std::size_t last = text.find('e');
  last = (last == std::string::npos ? text.size() : last) - 1;
  for (std::size_t i = last;; --i) {
    if (text[i] == '.') continue;
    const int digit = text[i] - '0' + delta;
    if (digit >= 0 && digit <= 9) {
      text[i] = static_cast<char>('0' + digit);
      return text;
    }
    text[i] = delta > 0 ? '0' : '9';
    if (i == 0) return text;
  }
}

// The point halfway between the positive double of `bits` and the next one
// up, (2m + 1) * 2^(e - 1) for the double m * 2^e, written out exactly as
// "<digits>e<exponent>": 2^-k is 5^k / 10^k. Decimal arithmetic in base 10^9,
// apart from the core's binary big integers.
std::string exact_halfway_above(std::uint64_t bits) {
  const std::uint64_t biased = bits >> 52;
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  const std::uint64_t m = biased == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
  const int e = biased == 0 ? -1074 : static_cast<int>(biased) - 1075;
  constexpr std::uint32_t kBase = 1000000000;
  std::vector<std::uint32_t> limbs;  // least significant first
  for (std::uint64_t n = 2 * m + 1; n != 0; n /= kBase)
    limbs.push_back(static_cast<std::uint32_t>(n % kBase));
  const int twos = e - 1;
  const std::uint32_t factor = twos >= 0 ? 2 : 5;
  for (int k = 0; k < (twos >= 0 ? twos : -twos); ++k) {
    std::uint64_t carry = 0;
    for (std::uint32_t& limb : limbs) {
      carry += std::uint64_t{limb} * factor;
      limb = static_cast<std::uint32_t>(carry % kBase);
      carry /= kBase;
    }
    if (carry != 0) limbs.push_back(static_cast<std::uint32_t>(carry));
  }
  std::string digits = std::to_string(limbs.back());
  for (std::size_t i = limbs.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(limbs[i]);
    digits += std::string(9 - part.size(), '0') + part;
  }
  return digits + "e" + std::to_string(twos >= 0 ? 0 : twos);
}

}  // namespace

TEST_CASE("json_number_to_double: edge values as strtod reads them", "[json_number]") {
  const char* const cases[] = {"0",
                               "-0",
                               "0.0",
                               "-0.0",
                               "0e999999",
                               "-0e-5",
                               "1",
                               "-1",
                               "9007199254740992",
                               "9007199254740993",
                               "9007199254740995",
                               "18446744073709551616",
                               "1e22",
                               "1e23",
                               "123456789012345e-22",
                               "0.1",
                               "0.2",
                               "0.3",
                               "0.30000000000000004",
                               "1.7976931348623157e308",
                               "1.7976931348623158e308",
                               "1.7976931348623159e308",
                               "1e308",
                               "1e309",
                               "-1e309",
                               "2.2250738585072011e-308",
                               "2.2250738585072014e-308",
                               "4.9406564584124654e-324",
                               "2.4703282292062327e-324",
                               "2.4703282292062328e-324",
                               "2.4703282292062327208e-324",
                               "1e-324",
                               "1e-400",
                               "5e-324",
                               "3e-324",
                               "7.4109846876186982e-324",
                               "1.0000000000000001",
                               "1.00000000000000011102230246251565404",
                               "1.00000000000000011102230246251565405",
                               "9.999999999999999e22",
                               "8.98846567431158e307",
                               "17976931348623158079372897140530341507993413271003782693617377898044496829276"
                               "4750946649017977587207096330"
                               "28641669288791094655554785194040263065748867150582068190890200070838367627385"
                               "4845817711531764475730270069"
                               "85557136695962284291481986083493647529271907416844436551070434271155969950809"
                               "3042880177904174497791.99999",
                               "0."
                               "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                               "0000000000000000000000001",
                               "123456789e-300",
                               "1e-307",
                               "1.5e-323",
                               "2.5e-324"};
  for (const char* text : cases) require_same(text);
  // Many digits: the tail past 800 decides a tie.
  std::string long_tie = "9007199254740993";  // 2^53 + 1: halfway between two doubles
  require_same(long_tie + std::string(900, '0'));
  require_same(long_tie + std::string(900, '0') + "1");
  require_same(long_tie + "." + std::string(900, '0') + "1");
  require_same("0." + std::string(400, '0') + "1");
}

TEST_CASE("json_number_to_double: halfways between doubles, and one unit either side", "[json_number]") {
  std::mt19937_64 random(7);
  for (int i = 0; i < 3000; ++i) {
    // Normal doubles across the range, and subnormals.
    std::uint64_t bits = random() & 0x7FEFFFFFFFFFFFFFULL;
    if (i % 10 == 0) bits &= 0x000FFFFFFFFFFFFFULL;
    const std::string exact = exact_halfway_above(bits);
    require_same(exact);
    require_same(bump_last_digit(exact, 1));
    require_same(bump_last_digit(exact, -1));
  }
}

TEST_CASE("json_number_to_double: seeded random numbers as strtod reads them", "[json_number]") {
  std::mt19937_64 random(20261206);
  const auto digits = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + random() % 10);
    return out;
  };
  std::size_t differing = 0;
  for (int i = 0; i < 100000 && differing < 5; ++i) {
    std::string text = (random() % 2 != 0) ? "-" : "";
    const std::size_t whole = 1 + random() % 25;
    text += digits(whole);
    if (whole > 1 && text.back() != '-') text[text.size() - whole] = static_cast<char>('1' + random() % 9);
    if (random() % 2 != 0) text += "." + digits(1 + random() % 30);
    if (random() % 3 != 0) {
      text += (random() % 2 != 0) ? "e-" : "e+";
      text += std::to_string(random() % 360);
    }
    if (!disagreement(text).empty()) ++differing;
    require_same(text);
  }
  // Every double, as nlohmann writes it (shortest round trip) and with 17
  // digits, reads back to itself.
  for (int i = 0; i < 50000; ++i) {
    const double value = from_bits(random() & 0x7FFFFFFFFFFFFFFFULL);
    if (!std::isfinite(value)) continue;
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    require_same(text);
    std::snprintf(text, sizeof text, "%.15e", value);
    require_same(text);
  }
}
