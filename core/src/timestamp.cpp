#include "ycfn/timestamp.hpp"

#include <limits>

namespace ycfn {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil; exact for every year the parser accepts).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// The inverse (civil_from_days).
CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads the text left to right; every reader fails without moving on a mismatch.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool take(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  bool take_any(std::string_view chars, char& out) {
    if (pos_ >= text_.size() || chars.find(text_[pos_]) == std::string_view::npos) return false;
    out = text_[pos_++];
    return true;
  }
  // Exactly `count` digits, as a number.
  bool number(std::size_t count, unsigned& out) {
    if (text_.size() - pos_ < count) return false;
    unsigned value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (!is_digit(c)) return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    pos_ += count;
    out = value;
    return true;
  }
  // One or more characters of `accept`; how many were read.
  std::size_t run(bool (*accept)(char)) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && accept(text_[pos_])) ++pos_;
    return pos_ - start;
  }
  // ".ddd" with 1 to 9 digits as nanoseconds; 0 when there is no '.'.
  bool fraction(std::int32_t& nanos) {
    nanos = 0;
    if (!take('.')) return true;
    std::int32_t digits = 0;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      if (++digits > 9) return false;
      nanos = nanos * 10 + (text_[pos_++] - '0');
    }
    if (digits == 0) return false;
    for (std::int32_t i = digits; i < 9; ++i) nanos *= 10;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool zone_char(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '-';
}

// Go's " m=+260285.403254765": the monotonic clock reading, which says nothing
// about the wall time.
bool monotonic_suffix(Reader& r) {
  char sign = 0;
  return r.take(' ') && r.take('m') && r.take('=') && r.take_any("+-", sign) && r.run(is_digit) > 0 &&
         r.take('.') && r.run(is_digit) > 0;
}

// The offset east of UTC in seconds: RFC 3339's Z or ±hh:mm, or Go's " ±hhmm ZONE[ m=...]".
bool offset(Reader& r, bool go_form_allowed, std::int64_t& seconds_east) {
  seconds_east = 0;
  if (r.take('Z') || r.take('z')) return r.at_end();
  char sign = 0;
  unsigned hours = 0;
  unsigned minutes = 0;
  const bool go_form = go_form_allowed && r.take(' ');
  if (!r.take_any("+-", sign) || !r.number(2, hours)) return false;
  if (!go_form && !r.take(':')) return false;
  if (!r.number(2, minutes) || hours > 23 || minutes > 59) return false;
  seconds_east = (sign == '-' ? -1 : 1) * static_cast<std::int64_t>(hours * 3600 + minutes * 60);
  if (!go_form) return r.at_end();
  if (!r.take(' ') || r.run(zone_char) == 0) return false;
  return r.at_end() || (monotonic_suffix(r) && r.at_end());
}

}  // namespace

std::int64_t Timestamp::unix_ms() const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 1000 - 1;
  if (seconds > kMax) return std::numeric_limits<std::int64_t>::max();
  if (seconds < -kMax) return std::numeric_limits<std::int64_t>::min();
  return seconds * 1000 + nanos / 1000000;
}

std::string Timestamp::rfc3339() const {
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  std::string out;
  const auto put = [&out](std::int64_t value, int width) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (value < 0) out += '-';
    if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
    out += digits;
  };
  put(date.year, 4);
  out += '-';
  put(date.month, 2);
  out += '-';
  put(date.day, 2);
  out += 'T';
  put(rest / 3600, 2);
  out += ':';
  put(rest / 60 % 60, 2);
  out += ':';
  put(rest % 60, 2);
  if (nanos != 0) {
    out += '.';
    put(nanos, 9);
  }
  out += 'Z';
  return out;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  Reader r(text);
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char separator = 0;
  if (!r.number(4, year) || !r.take('-') || !r.number(2, month) || !r.take('-') || !r.number(2, day) ||
      !r.take_any("Tt ", separator) || !r.number(2, hour) || !r.take(':') || !r.number(2, minute) ||
      !r.take(':') || !r.number(2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  Timestamp out;
  std::int64_t seconds_east = 0;
  if (!r.fraction(out.nanos) || !offset(r, separator == ' ', seconds_east)) return std::nullopt;
  out.seconds =
      days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second - seconds_east;
  // 0000-01-01T00:00:00+01:00 is in year -1 in UTC: out of the promised range.
  if (out.seconds < kMinTimestampSeconds || out.seconds > kMaxTimestampSeconds) return std::nullopt;
  return out;
}

}  // namespace ycfn
