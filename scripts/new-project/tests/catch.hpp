// Catch2's test macros, from v3 (a library: <catch2/catch_test_macros.hpp>) or
// v2 (the single header <catch2/catch.hpp>): tests/CMakeLists.txt found one and
// says which in CATCH2_MAJOR.
#pragma once

#if CATCH2_MAJOR >= 3
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>
#endif
