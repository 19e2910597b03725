// The double a JSON number's text stands for, correctly rounded (round to
// nearest, ties to even), as strtod gives it. Not strtod itself: libc's
// strtod scans with long double arithmetic, which wasm has only in software
// (__multf3, __divtf3, fmodl...): ~12 KB of every module for a parse that
// rarely sees a fraction (bench/README.md, "Size").
#pragma once

#include <string_view>

namespace ycfn::detail {

// `text` must match JSON's number grammar (JsonScanner::read_number_text).
// False when the value is beyond the double range (nlohmann refuses it:
// "number overflow"); a value below it rounds to zero (with its sign).
bool json_number_to_double(std::string_view text, double& out);

}  // namespace ycfn::detail
