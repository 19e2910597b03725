#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ycfn/named_values.hpp"

using ycfn::NamedValues;
using Strings = std::vector<std::string>;

namespace {

std::vector<std::string> names_of(const NamedValues& values) {
  std::vector<std::string> names;
  for (const auto& entry : values) names.push_back(entry.name);
  return names;
}

// prefix + i, built so that GCC 12 raises no false -Werror=restrict.
std::string numbered(const char* prefix, int i) { return std::string(prefix).append(std::to_string(i)); }

}  // namespace

TEST_CASE("named values keep names in first-added order and values in added order", "[named_values]") {
  NamedValues values(NamedValues::NameCase::sensitive);
  values.add("b", "1");
  values.add("a", "2");
  values.add("b", "3");
  CHECK(values.size() == 2);
  CHECK(names_of(values) == Strings{"b", "a"});
  CHECK(values.get_all("b") == Strings{"1", "3"});
  CHECK(values.get("b") == "3");  // the last value, like the platform's single-value maps
}

TEST_CASE("named values set replaces every value in place", "[named_values]") {
  NamedValues values(NamedValues::NameCase::sensitive);
  values.add("x", "1");
  values.add("y", "2");
  values.add("x", "3");
  values.set("x", "4");
  CHECK(values.get_all("x") == Strings{"4"});
  CHECK(names_of(values) == Strings{"x", "y"});  // x kept its position
  values.set("z", "5");                          // set on a new name adds it
  CHECK(names_of(values) == Strings{"x", "y", "z"});
}

TEST_CASE("named values remove keeps lookups of the other names right", "[named_values]") {
  NamedValues values(NamedValues::NameCase::sensitive);
  for (const char* name : {"a", "b", "c", "d"}) values.add(name, std::string(name) + "!");
  values.remove("b");
  values.remove("missing");  // no-op
  CHECK(names_of(values) == Strings{"a", "c", "d"});
  CHECK(values.get("a") == "a!");
  CHECK(values.get("c") == "c!");
  CHECK(values.get("d") == "d!");
  CHECK_FALSE(values.contains("b"));
  values.add("b", "again");  // comes back at the end
  CHECK(names_of(values) == Strings{"a", "c", "d", "b"});
  values.add("d", "2");
  CHECK(values.get_all("d") == Strings{"d!", "2"});
}

TEST_CASE("named values answer absent names with nothing", "[named_values]") {
  NamedValues values(NamedValues::NameCase::insensitive);
  CHECK(values.empty());
  CHECK_FALSE(values.get("x").has_value());
  CHECK(values.get_all("x").empty());
  CHECK_FALSE(values.contains("x"));
}

TEST_CASE("named values keep empty names and values and arbitrary bytes", "[named_values]") {
  NamedValues values(NamedValues::NameCase::insensitive);
  values.add("", "");
  values.add(std::string("n\0ul", 4), "v");
  values.add("\xC3\x84", "upper A-umlaut");  // non-ASCII is not folded
  values.add("\xC3\xA4", "lower a-umlaut");
  CHECK(values.get("") == "");
  CHECK(values.get(std::string("N\0UL", 4)) == "v");
  CHECK(values.size() == 4);
}

TEST_CASE("named values stay fast with many names", "[named_values]") {
  NamedValues values(NamedValues::NameCase::insensitive);
  for (int i = 0; i < 20000; ++i) values.add("X-Header-" + std::to_string(i), std::to_string(i));
  CHECK(values.size() == 20000);
  CHECK(values.get("x-header-19999") == "19999");
  values.remove("X-HEADER-0");
  CHECK(values.get("x-header-1") == "1");
  CHECK(values.size() == 19999);
}

TEST_CASE("named values answer the same below and above the size that starts their index", "[named_values]") {
  // Small maps are scanned, larger ones indexed (named_values.hpp): lookups,
  // merges of names differing in case, order and removal must not depend on
  // which, so every size around the switch is checked against the plain rules.
  for (const int count : {1, 14, 15, 16, 17, 40}) {
    CAPTURE(count);
    NamedValues values(NamedValues::NameCase::insensitive);
    Strings expected_names;
    for (int i = 0; i < count; ++i) {
      const std::string name = numbered("X-Name-", i);
      values.add(name, "first");
      expected_names.push_back(name);
    }
    for (int i = 0; i < count; ++i) values.add(numbered("x-NAME-", i), "second");
    CHECK(values.size() == static_cast<std::size_t>(count));
    CHECK(names_of(values) == expected_names);  // the first spelling stays
    for (int i = 0; i < count; ++i) {
      CHECK(values.get_all(numbered("X-NAME-", i)) == Strings{"first", "second"});
    }
    CHECK_FALSE(values.contains(numbered("X-Name-", count)));
    // Remove every other name, from the front: the map crosses back below the switch.
    for (int i = 0; i < count; i += 2) {
      values.remove(numbered("x-name-", i));
      expected_names.erase(std::find(expected_names.begin(), expected_names.end(), numbered("X-Name-", i)));
    }
    CHECK(names_of(values) == expected_names);
    for (int i = 0; i < count; ++i) {
      CHECK(values.contains(numbered("X-NAME-", i)) == (i % 2 == 1));
    }
    for (int i = 1; i < count; i += 2) values.set(numbered("x-name-", i), "set");
    for (int i = 1; i < count; i += 2) CHECK(values.get(numbered("X-Name-", i)) == "set");
    CHECK(names_of(values) == expected_names);  // set keeps positions
  }
}
