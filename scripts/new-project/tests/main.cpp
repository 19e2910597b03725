// Catch2 v2's main, in its own file so that it compiles once. (With Catch2 v3
// the tests link Catch2::Catch2WithMain instead: tests/CMakeLists.txt.)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
