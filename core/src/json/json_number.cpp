#include "json_number.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace ycfn::detail {
namespace {

// Significant digits kept. A double's halfway points have at most 767
// significant digits, so a decimal cut after 800 digits compares with one
// exactly as the whole would, once a non-zero tail breaks an equality.
constexpr std::size_t kMaxDigits = 800;

constexpr std::uint64_t kInfinityBits = 0x7FF0000000000000ULL;

// A non-negative integer as 32-bit limbs, least significant first: the exact
// arithmetic the rare hard cases need (multiply by small numbers, shift,
// compare), nothing more.
class BigInt {
 public:
  explicit BigInt(std::uint64_t value) {
    for (; value != 0; value >>= 32) limbs_.push_back(static_cast<std::uint32_t>(value));
  }

  // *this = *this * factor + addend.
  void multiply_add(std::uint32_t factor, std::uint32_t addend) {
    std::uint64_t carry = addend;
    for (std::uint32_t& limb : limbs_) {
      carry += std::uint64_t{limb} * factor;
      limb = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }

  void multiply_pow5(std::int64_t exponent) {
    constexpr std::uint32_t kPow5_13 = 1220703125;  // 5^13, the largest below 2^32
    for (; exponent >= 13; exponent -= 13) multiply_add(kPow5_13, 0);
    std::uint32_t rest = 1;
    for (; exponent > 0; --exponent) rest *= 5;
    multiply_add(rest, 0);
  }

  void shift_left(std::int64_t bits) {
    if (limbs_.empty() || bits <= 0) return;
    const auto whole = static_cast<std::size_t>(bits / 32);
    const auto part = static_cast<unsigned>(bits % 32);
    if (part != 0) {
      std::uint32_t carry = 0;
      for (std::uint32_t& limb : limbs_) {
        const std::uint32_t next = limb >> (32 - part);
        limb = (limb << part) | carry;
        carry = next;
      }
      if (carry != 0) limbs_.push_back(carry);
    }
    // Whole limbs: move up and zero-fill (resize + memmove: vector::insert of
    // n copies is far more code in the .wasm).
    const std::size_t size = limbs_.size();
    limbs_.resize(size + whole);
    std::memmove(limbs_.data() + whole, limbs_.data(), size * sizeof(std::uint32_t));
    std::memset(limbs_.data(), 0, whole * sizeof(std::uint32_t));
  }

  // -1, 0 or 1 as a is below, equal to or above b.
  friend int compare(const BigInt& a, const BigInt& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  std::vector<std::uint32_t> limbs_;
};

// The number as digits × 10^exponent: significant digits only (no leading or
// trailing zeros), at most kMaxDigits of them; `truncated` when non-zero
// digits were dropped past those.
struct Decimal {
  std::string digits;
  std::int64_t exponent = 0;
  bool truncated = false;
  bool negative = false;
};

Decimal read_decimal(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  d.negative = text[0] == '-';
  if (d.negative) ++i;
  std::int64_t dropped = 0;  // digits dropped before the point: each one is a power of ten
  const auto take = [&](char c, bool before_point) {
    if (d.digits.empty() && c == '0') {
      if (!before_point) --d.exponent;  // a leading zero after the point
      return;
    }
    if (d.digits.size() < kMaxDigits) {
      d.digits += c;
      if (!before_point) --d.exponent;
    } else {
      d.truncated = d.truncated || c != '0';
      if (before_point) ++dropped;
    }
  };
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) take(text[i], true);
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) take(text[i], false);
  }
  d.exponent += dropped;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool negative = text[i] == '-';
    if (text[i] == '-' || text[i] == '+') ++i;
    std::int64_t e = 0;
    for (; i < text.size(); ++i) {
      if (e < 100000000) e = e * 10 + (text[i] - '0');  // saturates far past any double
    }
    d.exponent += negative ? -e : e;
  }
  // Trailing zeros are a power of ten: fewer digits, more fast paths.
  while (!d.digits.empty() && d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exponent;
  }
  return d;
}

// The exact comparison of the decimal with the point halfway between the
// positive double of `bits` and the next one up: (2m + 1) × 2^(e - 1) for the
// double m × 2^e.
int compare_with_halfway_above(const Decimal& d, std::uint64_t bits) {
  const std::uint64_t biased = bits >> 52;
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  const std::uint64_t m = biased == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
  const std::int64_t e = biased == 0 ? -1074 : static_cast<std::int64_t>(biased) - 1075;
  BigInt decimal(0);
  for (const char c : d.digits) decimal.multiply_add(10, static_cast<std::uint32_t>(c - '0'));
  BigInt halfway(2 * m + 1);
  // decimal × 10^x against halfway × 2^(e-1): both sides made integers.
  std::int64_t twos_left = 0;
  std::int64_t twos_right = e - 1;
  if (d.exponent >= 0) {
    decimal.multiply_pow5(d.exponent);
    twos_left += d.exponent;
  } else {
    halfway.multiply_pow5(-d.exponent);
    twos_right -= d.exponent;
  }
  if (twos_left > twos_right) {
    decimal.shift_left(twos_left - twos_right);
  } else {
    halfway.shift_left(twos_right - twos_left);
  }
  const int order = compare(decimal, halfway);
  return order == 0 && d.truncated ? 1 : order;
}

// 10^n for 0 <= n <= 22: exact doubles.
double exact_pow10(int n) {
  double result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// A close first guess (a few units in the last place off at most): the
// leading 19 digits scaled in double arithmetic.
double estimate(const Decimal& d) {
  std::uint64_t leading = 0;
  const std::size_t count = d.digits.size() < 19 ? d.digits.size() : 19;
  for (std::size_t i = 0; i < count; ++i)
    leading = leading * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
  double value = static_cast<double>(leading);
  std::int64_t exponent = d.exponent + static_cast<std::int64_t>(d.digits.size() - count);
  for (; exponent > 22; exponent -= 22) value *= 1e22;
  for (; exponent < -22; exponent += 22) value /= 1e22;
  return exponent >= 0 ? value * exact_pow10(static_cast<int>(exponent))
                       : value / exact_pow10(static_cast<int>(-exponent));
}

}  // namespace

bool json_number_to_double(std::string_view text, double& out) {
  const Decimal d = read_decimal(text);
  const double sign = d.negative ? -1.0 : 1.0;
  const auto count = static_cast<std::int64_t>(d.digits.size());
  // The value lies in [10^(count-1+exponent), 10^(count+exponent)).
  if (count == 0 || count + d.exponent < -324) {  // below half the smallest double
    out = sign * 0.0;
    return true;
  }
  if (count - 1 + d.exponent >= 309) return false;  // at least 10^309
  // Exact operands, one rounding: correctly rounded (Clinger's fast path).
  if (count <= 15 && d.exponent >= -22 && d.exponent <= 22) {
    double value = 0;
    for (const char c : d.digits) value = value * 10 + (c - '0');
    out = sign * (d.exponent >= 0 ? value * exact_pow10(static_cast<int>(d.exponent))
                                  : value / exact_pow10(static_cast<int>(-d.exponent)));
    return true;
  }
  // Otherwise: from the guess, step one double at a time to the one whose
  // rounding interval holds the decimal, judged exactly.
  double guess = estimate(d);
  std::uint64_t bits = 0;
  std::memcpy(&bits, &guess, sizeof bits);
  if (bits >= kInfinityBits) bits = kInfinityBits - 1;  // the largest double
  for (;;) {
    const int above = compare_with_halfway_above(d, bits);
    if (above > 0 || (above == 0 && (bits & 1) != 0)) {  // a tie goes to the even one
      if (++bits == kInfinityBits) return false;
      continue;
    }
    if (bits == 0) break;
    const int below = compare_with_halfway_above(d, bits - 1);
    if (below < 0 || (below == 0 && ((bits - 1) & 1) == 0)) {
      --bits;
      continue;
    }
    break;
  }
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  out = sign * value;
  return true;
}

}  // namespace ycfn::detail
