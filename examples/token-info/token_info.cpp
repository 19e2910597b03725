// The safe variant to expose: what the function's IAM token is like, never the
// token itself.
#include <ycfn/handler.hpp>
#include <ycfn/redact.hpp>

#include <cstdio>

namespace {

// "2026-11-28T12:00:00Z" from Unix milliseconds (proleptic Gregorian, UTC),
// without the C library's time functions, which WASI and Emscripten differ on.
std::string iso8601_utc(std::int64_t unix_ms) {
  const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t second_of_day = seconds - days * 86400;
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const std::int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[96];  // large enough for any int64 fields, so nothing is ever truncated
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day),
                static_cast<long long>(second_of_day / 3600), static_cast<long long>(second_of_day / 60 % 60),
                static_cast<long long>(second_of_day % 60));
  return text;
}

ycfn::Response token_info(const ycfn::Request& /*request*/, ycfn::Context& context) {
  const ycfn::Token& token = *context.token();
  return ycfn::Response::json({
      {"token_type", token.token_type},
      {"expires_at", iso8601_utc(token.expires_at_ms())},
      {"seconds_left", (token.expires_at_ms() - context.started_at_ms()) / 1000},
      {"source", ycfn::token_source_name(*context.token_source())},
      {"token", ycfn::redact_secret(token.access_token)},
  });
}

}  // namespace

YCFN_HANDLER_WITH_TOKEN(token_info)
