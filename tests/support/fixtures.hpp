// Fixture files from tests/fixtures/, embedded in the test binary at build time
// (tests/EmbedFixtures.cmake) so the same tests read them on native, Node and
// WASI without any file system access.
#pragma once

#include <string>
#include <vector>

namespace ycfn_test {

// Contents of tests/fixtures/<relative_path>; aborts the test run if unknown.
const std::string& fixture(const std::string& relative_path);

// Every embedded fixture path, sorted.
std::vector<std::string> fixture_names();

}  // namespace ycfn_test
