#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ycfn/headers.hpp"

using ycfn::Headers;
using Strings = std::vector<std::string>;

TEST_CASE("headers compare names case-insensitively", "[headers]") {
  Headers headers;
  headers.add("Content-Type", "text/plain");
  CHECK(headers.get("content-type") == "text/plain");
  CHECK(headers.get("CONTENT-TYPE") == "text/plain");
  CHECK(headers.contains("cOnTeNt-TyPe"));
  CHECK_FALSE(headers.contains("Content-Length"));
}

TEST_CASE("headers differing only in case are one header, spelled as first seen", "[headers]") {
  Headers headers;
  headers.add("X-Trace", "1");
  headers.add("x-trace", "2");
  headers.add("X-TRACE", "3");
  REQUIRE(headers.size() == 1);
  CHECK(headers.begin()->name == "X-Trace");
  CHECK(headers.get_all("x-trace") == Strings{"1", "2", "3"});
  CHECK(headers.get("X-Trace") == "3");
}

TEST_CASE("headers set replaces all values and keeps the first spelling", "[headers]") {
  Headers headers;
  headers.add("Set-Cookie", "a=1");
  headers.add("set-cookie", "b=2");
  headers.set("SET-COOKIE", "c=3");
  REQUIRE(headers.size() == 1);
  CHECK(headers.begin()->name == "Set-Cookie");
  CHECK(headers.get_all("set-cookie") == Strings{"c=3"});
}

TEST_CASE("headers remove ignores case", "[headers]") {
  Headers headers;
  headers.add("Via", "proxy");
  headers.add("Accept", "*/*");
  headers.remove("VIA");
  CHECK_FALSE(headers.contains("via"));
  CHECK(headers.get("accept") == "*/*");
  CHECK(headers.size() == 1);
}

TEST_CASE("headers fold only ASCII letters", "[headers]") {
  Headers headers;
  headers.add("X-\xC3\x84", "1");               // X-Ä
  CHECK_FALSE(headers.contains("x-\xC3\xA4"));  // x-ä is a different name
  CHECK(headers.contains("x-\xC3\x84"));
  headers.add("X_A", "1");
  CHECK_FALSE(headers.contains("X-A"));  // no '_' / '-' folding either
}

TEST_CASE("headers iterate as (name, values) entries", "[headers]") {
  Headers headers;
  headers.add("A", "1");
  headers.add("B", "2");
  headers.add("a", "3");
  std::vector<std::pair<std::string, Strings>> seen;
  for (const auto& [name, values] : headers) seen.emplace_back(name, values);
  CHECK(seen == std::vector<std::pair<std::string, Strings>>{{"A", {"1", "3"}}, {"B", {"2"}}});
}
