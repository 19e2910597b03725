// Points in time as trigger events write them. The platform uses three forms:
//  - RFC 3339 strings with 0, 6 or 9 fractional digits
//    ("2020-09-07T11:09:14Z", "2019-12-04T12:05:14.227761Z",
//    "2019-09-25T15:51:17.872320525Z");
//  - a protobuf Timestamp object {"seconds": ..., "nanos": ...} (the
//    created_at of Cloud Logging and Cloud Logs messages);
//  - Go's time.Time.String() (log entries, mail's received_at):
//    "2021-09-02 18:29:17.118082213 +0000 UTC", sometimes followed by the
//    monotonic clock reading " m=+260285.403254765".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ycfn {

// A point in time, UTC, to the nanosecond (the protobuf Timestamp's fields).
struct Timestamp {
  std::int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  std::int32_t nanos = 0;    // 0..999,999,999, always forward in time

  // Unix epoch milliseconds, rounded down (saturated far outside years 0..9999).
  std::int64_t unix_ms() const;
  // RFC 3339 in UTC: "2021-09-02T18:29:19.006794776Z" (9 fractional digits, none
  // when nanos is 0). Meant for years 0..9999, which every parsed value is in.
  std::string rfc3339() const;

  friend bool operator==(const Timestamp& a, const Timestamp& b) {
    return a.seconds == b.seconds && a.nanos == b.nanos;
  }
  friend bool operator!=(const Timestamp& a, const Timestamp& b) { return !(a == b); }
};

// Seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range of a
// four-digit year, so every Timestamp within it renders as RFC 3339.
inline constexpr std::int64_t kMinTimestampSeconds = -62167219200;
inline constexpr std::int64_t kMaxTimestampSeconds = 253402300799;

// The time `text` names, in either string form above:
//  - RFC 3339: date, `T` (or `t`, or a space), time, 1 to 9 fractional digits
//    or none, then `Z`/`z` or a `+hh:mm`/`-hh:mm` offset;
//  - Go: date, space, time, fraction as above, space, `+hhmm`/`-hhmm`, space,
//    a zone name (letters, digits, `+`, `-`; the offset is what counts), and
//    optionally " m=" with a signed decimal number.
// Fields are range-checked (month 1..12, day within the month, hour 0..23,
// minute 0..59, second 0..60: a leap second counts as the next one), and the
// time in UTC must fall within kMinTimestampSeconds..kMaxTimestampSeconds. Anything
// else (more than 9 fractional digits, other layouts, trailing bytes) gives
// std::nullopt: the caller keeps the text.
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace ycfn
