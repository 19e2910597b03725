// Catch2 v2 main, compiled once per target into a library every test binary links.
// CATCH_CONFIG_DISABLE_EXCEPTIONS and CATCH_CONFIG_NO_POSIX_SIGNALS come from
// the build (tests/CMakeLists.txt), identically on every target.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
