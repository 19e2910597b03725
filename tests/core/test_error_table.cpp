// The error table (core/abi/errors.def): every code once, statuses the
// runtime answers, and what unknown codes map to.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "ycfn/detail/error_table.hpp"

TEST_CASE("error table: codes are unique, dotted, and answer codes have an HTTP status", "[error_table]") {
  std::set<std::string> seen;
  for (const ycfn::ErrorInfo* info = ycfn::error_table_begin(); info != ycfn::error_table_end(); ++info) {
    CAPTURE(info->code);
    CHECK(seen.insert(std::string(info->code)).second);
    CHECK(info->code.find('.') != std::string_view::npos);
    if (info->kind != ycfn::ErrorKind::value) CHECK((info->status >= 400 && info->status <= 599));
  }
  CHECK(seen.size() > 30);
}

TEST_CASE("error table: the status an invocation answers", "[error_table]") {
  CHECK(ycfn::answer_status(ycfn::make_error("event.malformed", "")) == 400);
  CHECK(ycfn::answer_status(ycfn::make_error("metadata.not_found", "")) == 502);
  CHECK(ycfn::answer_status(ycfn::make_error("metadata.timeout", "")) == 504);
  CHECK(ycfn::answer_status(ycfn::make_error("token.missing", "")) == 502);
  CHECK(ycfn::answer_status(ycfn::make_error("invocation.timeout", "")) == 504);
  CHECK(ycfn::answer_status(ycfn::make_error("context.bad_deadline", "")) == 500);
  // Unknown codes and handler-side values answer 500 if they ever stop an invocation.
  CHECK(ycfn::answer_status(ycfn::make_error("app.something", "")) == 500);
  CHECK(ycfn::answer_status(ycfn::make_error("fetch.timeout", "")) == 500);
  CHECK(ycfn::find_error_info("ycfn.trap")->kind == ycfn::ErrorKind::host);
  CHECK(ycfn::find_error_info("nope") == nullptr);
}
