#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "ycfn/timestamp.hpp"

using ycfn::parse_timestamp;
using ycfn::Timestamp;

namespace {

Timestamp parse_ok(const std::string& text) {
  const std::optional<Timestamp> time = parse_timestamp(text);
  if (!time) FAIL("not read: " + text);
  return *time;
}

}  // namespace

TEST_CASE("timestamp: RFC 3339 with 0, 6 and 9 fractional digits, as triggers send them", "[timestamp]") {
  // Container Registry: no fraction.
  CHECK(parse_ok("2020-09-07T11:09:14Z") == Timestamp{1599476954, 0});
  // Timer, Message Queue, Object Storage: microseconds.
  CHECK(parse_ok("2019-12-04T12:05:14.227761Z") == Timestamp{1575461114, 227761000});
  // IoT Core: nanoseconds.
  CHECK(parse_ok("2019-09-25T15:51:17.872320525Z") == Timestamp{1569426677, 872320525});
  // Every other count of digits too.
  CHECK(parse_ok("2019-09-25T15:51:17.8Z").nanos == 800000000);
  CHECK(parse_ok("2019-09-25T15:51:17.000000001Z").nanos == 1);
}

TEST_CASE("timestamp: offsets, lower case and the space separator of RFC 3339", "[timestamp]") {
  const Timestamp utc = parse_ok("2020-09-07T11:09:14Z");
  CHECK(parse_ok("2020-09-07T14:09:14+03:00") == utc);
  CHECK(parse_ok("2020-09-07T08:39:14-02:30") == utc);
  CHECK(parse_ok("2020-09-07t11:09:14z") == utc);
  CHECK(parse_ok("2020-09-07 11:09:14Z") == utc);
  CHECK(parse_ok("2020-09-07T11:09:14+00:00") == utc);
}

TEST_CASE("timestamp: Go's time.Time.String() of log entries and mail", "[timestamp]") {
  // A Cloud Logging entry's timestamp.
  CHECK(parse_ok("2021-09-02 18:29:17.118082213 +0000 UTC") == Timestamp{1630607357, 118082213});
  // Mail's received_at: the monotonic clock reading is ignored.
  CHECK(parse_ok("2022-09-15 14:42:23.983842092 +0000 UTC m=+260285.403254765") ==
        Timestamp{1663252943, 983842092});
  // A zone east of UTC; a zone without an abbreviation.
  CHECK(parse_ok("2022-09-15 17:42:23 +0300 MSK") == Timestamp{1663252943, 0});
  CHECK(parse_ok("2022-09-15 17:42:23 +0300 +03") == Timestamp{1663252943, 0});
  CHECK(parse_ok("2022-09-15 14:42:23 +0000 UTC m=-1.5") == Timestamp{1663252943, 0});
}

TEST_CASE("timestamp: calendar edges", "[timestamp]") {
  CHECK(parse_ok("1970-01-01T00:00:00Z") == Timestamp{0, 0});
  CHECK(parse_ok("1969-12-31T23:59:59.5Z") == Timestamp{-1, 500000000});
  CHECK(parse_ok("2024-02-29T00:00:00Z").seconds == 1709164800);
  CHECK(parse_ok("2000-02-29T00:00:00Z").seconds == 951782400);
  // A leap second is the next second.
  CHECK(parse_ok("2016-12-31T23:59:60Z") == parse_ok("2017-01-01T00:00:00Z"));
  CHECK(parse_ok("0000-01-01T00:00:00Z").seconds == ycfn::kMinTimestampSeconds);
  CHECK(parse_ok("9999-12-31T23:59:59Z").seconds == ycfn::kMaxTimestampSeconds);
}

TEST_CASE("timestamp: what is not one of the forms is not read", "[timestamp]") {
  for (const char* text :
       {"", "2020-09-07", "2020-09-07T11:09:14", "2020-09-07T11:09:14.Z", "2020-09-07T11:09:14.1234567890Z",
        "2020-09-07T11:09:14ZZ", "2020-09-07T11:09:14Z ", " 2020-09-07T11:09:14Z", "2020-9-07T11:09:14Z",
        "2020-09-07X11:09:14Z", "2020-13-07T11:09:14Z", "2020-00-07T11:09:14Z", "2019-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2020-04-31T00:00:00Z", "2020-09-07T24:00:00Z", "2020-09-07T11:60:00Z",
        "2020-09-07T11:09:61Z", "2020-09-07T11:09:14+0300", "2020-09-07T11:09:14+03",
        "2020-09-07T11:09:14+24:00", "2020-09-07T11:09:14+03:60",
        // Go's form needs the space separator, the zone name and nothing else after it.
        "2021-09-02T18:29:17 +0000 UTC", "2021-09-02 18:29:17 +0000", "2021-09-02 18:29:17 +00:00 UTC",
        "2021-09-02 18:29:17 +0000 UTC m=", "2021-09-02 18:29:17 +0000 UTC m=+1",
        "2021-09-02 18:29:17 +0000 U C",
        // Outside years 0..9999 once in UTC.
        "0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01", "2020-09-07T11:09:14\xff",
        "２020-09-07T11:09:14Z"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_timestamp(text).has_value());
  }
}

TEST_CASE("timestamp: rendered as RFC 3339 in UTC, read back the same", "[timestamp]") {
  // Cloud Logging's created_at {"seconds": 1630607359, "nanos": 6794776}.
  CHECK(Timestamp{1630607359, 6794776}.rfc3339() == "2021-09-02T18:29:19.006794776Z");
  CHECK(Timestamp{1599563113, 647071528}.rfc3339() == "2020-09-08T11:05:13.647071528Z");
  CHECK(Timestamp{0, 0}.rfc3339() == "1970-01-01T00:00:00Z");
  CHECK(Timestamp{-1, 999999999}.rfc3339() == "1969-12-31T23:59:59.999999999Z");
  CHECK(Timestamp{ycfn::kMinTimestampSeconds, 0}.rfc3339() == "0000-01-01T00:00:00Z");
  CHECK(Timestamp{ycfn::kMaxTimestampSeconds, 999999999}.rfc3339() == "9999-12-31T23:59:59.999999999Z");
  for (const Timestamp& t :
       {Timestamp{1630607359, 6794776}, Timestamp{-86401, 1}, Timestamp{951782400, 0},
        Timestamp{ycfn::kMinTimestampSeconds, 0}, Timestamp{ycfn::kMaxTimestampSeconds, 5}}) {
    CAPTURE(t.seconds, t.nanos);
    CHECK(parse_ok(t.rfc3339()) == t);
  }
  // Far outside the range a handler could build: still text, never undefined behaviour.
  CHECK_FALSE(Timestamp{std::numeric_limits<std::int64_t>::min(), 0}.rfc3339().empty());
  CHECK_FALSE(Timestamp{std::numeric_limits<std::int64_t>::max(), 0}.rfc3339().empty());
}

TEST_CASE("timestamp: Unix milliseconds", "[timestamp]") {
  CHECK(Timestamp{1569426677, 872320525}.unix_ms() == 1569426677872);
  CHECK(Timestamp{-1, 500000000}.unix_ms() == -500);
  CHECK(Timestamp{std::numeric_limits<std::int64_t>::max(), 0}.unix_ms() ==
        std::numeric_limits<std::int64_t>::max());
  CHECK(Timestamp{std::numeric_limits<std::int64_t>::min(), 0}.unix_ms() ==
        std::numeric_limits<std::int64_t>::min());
}
