#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ycfn/query_params.hpp"

using ycfn::QueryParams;
using Strings = std::vector<std::string>;

TEST_CASE("query parameters compare names exactly", "[query_params]") {
  QueryParams query;
  query.add("a", "1");
  query.add("A", "2");
  CHECK(query.size() == 2);
  CHECK(query.get("a") == "1");
  CHECK(query.get("A") == "2");
  CHECK_FALSE(query.contains("a "));
}

TEST_CASE("repeated query parameters keep every value, get answers the last", "[query_params]") {
  QueryParams query;
  query.add("tag", "x");
  query.add("tag", "y");
  query.add("tag", "x");  // duplicates are kept
  CHECK(query.get_all("tag") == Strings{"x", "y", "x"});
  CHECK(query.get("tag") == "x");
}

TEST_CASE("query parameters may have empty values", "[query_params]") {
  QueryParams query;
  query.add("flag", "");
  REQUIRE(query.get("flag").has_value());
  CHECK(query.get("flag")->empty());
  CHECK_FALSE(query.get("other").has_value());
}
