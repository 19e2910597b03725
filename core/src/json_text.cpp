#include "ycfn/json_text.hpp"

namespace ycfn {
namespace {

// A SAX consumer that accepts everything and records where parsing failed:
// nlohmann's DOM parse without exceptions only says "discarded", not where.
class ErrorPosition final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::size_t position = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) override {
    position = pos;
    return false;
  }
};

}  // namespace

std::size_t json_nesting_depth(std::string_view text, std::size_t stop_after) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
      if (depth > deepest) deepest = depth;
      if (deepest > stop_after) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& code, std::string_view what,
                                       std::size_t max_depth) {
  const std::string subject(what);
  if (text.empty()) return make_error(code, subject + " is empty");
  if (json_nesting_depth(text, max_depth) > max_depth) {
    return make_error(code, subject + " is nested deeper than " + std::to_string(max_depth) + " levels");
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so "{}\0junk"
  // would parse as {}. A NUL is never part of JSON text: only what comes
  // before it is parsed, and if that is a whole document, the NUL is where
  // the text fails.
  const std::size_t nul = text.find('\0');
  const std::string_view before_nul = text.substr(0, nul);
  nlohmann::json parsed = nlohmann::json::parse(before_nul.begin(), before_nul.end(), nullptr, false);
  if (!parsed.is_discarded()) {
    if (nul == std::string_view::npos) return parsed;
    return make_error(code, subject + " is not valid JSON at byte " + std::to_string(nul + 1));
  }
  // Parse again only to learn where it failed; the failure path can afford it.
  // (Text cut short by a NUL fails at the NUL: the parser counts the end of
  // its input as one more byte.)
  ErrorPosition sax;
  static_cast<void>(nlohmann::json::sax_parse(before_nul.begin(), before_nul.end(), &sax));
  if (sax.position == 0) return make_error(code, subject + " is not valid JSON");
  return make_error(code, subject + " is not valid JSON at byte " + std::to_string(sax.position));
}

}  // namespace ycfn
