// nlohmann's own parser, as parse_json_document (ycfn/detail/json_text.hpp)
// ran it before the core had its own walk: the reference the tests and the
// fuzzer compare the core's parse with. Test code only: the core does not
// link nlohmann's parser.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ycfn_test {

// nlohmann's DOM builder, remembering where the parser gave up: its own
// parse() without exceptions only says "discarded", not where.
class LocatingDomBuilder : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  explicit LocatingDomBuilder(nlohmann::json& result)
      : json_sax_dom_parser(result, /*allow_exceptions_=*/false) {}

  // Shadows the base's parse_error: the parser calls the SAX type it is given.
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& last_token, const Exception& ex) {
    error_position = position;
    return json_sax_dom_parser::parse_error(position, last_token, ex);
  }

  std::size_t error_position = 0;
};

// What parse_json_document answers, computed by nlohmann's parser: `ok`, the
// value, and on failure the position its parser reports (a whole document
// before a NUL fails at the NUL, as the core's contract says).
struct ReferenceDocument {
  nlohmann::json value;
  bool ok = false;
  std::size_t error_position = 0;
};

inline ReferenceDocument reference_parse_json_document(std::string_view text) {
  using CharInput = nlohmann::detail::iterator_input_adapter<const char*>;
  const std::size_t nul = text.find('\0');
  const std::string_view before_nul = text.substr(0, nul);
  ReferenceDocument document;
  LocatingDomBuilder builder(document.value);
  nlohmann::detail::parser<nlohmann::json, CharInput> parser(
      CharInput(before_nul.data(), before_nul.data() + before_nul.size()), nullptr,
      /*allow_exceptions_=*/false, /*skip_comments=*/false);
  const bool parsed = parser.sax_parse(&builder, /*strict=*/true) && !builder.is_errored();
  if (parsed && nul == std::string_view::npos) {
    document.ok = true;
    return document;
  }
  document.value = nlohmann::json(nlohmann::json::value_t::discarded);
  document.error_position = parsed ? nul + 1 : builder.error_position;
  return document;
}

// The same value with the same types all the way down (nlohmann's == calls
// 0 and 0u and 0.0 equal, and -0.0 equal to 0.0; a parse must not).
inline bool same_json(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case nlohmann::json::value_t::number_float: {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object: {
      if (a.size() != b.size()) return false;
      for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
        if (a.is_object() && i.key() != j.key()) return false;
        if (!same_json(*i, *j)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

}  // namespace ycfn_test
