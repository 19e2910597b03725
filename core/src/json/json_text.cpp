#include "ycfn/detail/json_text.hpp"

namespace ycfn {
namespace {

// One scan for both depth questions: returns the offset of the opener that
// goes past `limit` (npos if none) and the deepest level seen, up to limit + 1.
std::size_t scan_nesting(std::string_view text, std::size_t limit, std::size_t& deepest) {
  std::size_t depth = 0;
  deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
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
      if (depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      // Unbalanced closers are the parser's business, not the depth check's.
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::size_t json_nesting_depth(std::string_view text, std::size_t stop_after) {
  std::size_t deepest = 0;
  static_cast<void>(scan_nesting(text, stop_after, deepest));
  return deepest;
}

std::size_t find_nesting_over(std::string_view text, std::size_t max_depth) {
  std::size_t deepest = 0;
  return scan_nesting(text, max_depth, deepest);
}

Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& code, std::string_view what,
                                       std::size_t max_depth) {
  const std::string subject(what);
  if (text.empty()) return make_error(code, subject + " is empty");
  if (find_nesting_over(text, max_depth) != std::string_view::npos) {
    return make_error(code, subject + " is nested deeper than " + std::to_string(max_depth) + " levels");
  }
  JsonDocument document = parse_json_document(text);
  if (document.ok) return std::move(document.value);
  if (document.error_position == 0) return make_error(code, subject + " is not valid JSON");
  return make_error(code, subject + " is not valid JSON at byte " + std::to_string(document.error_position));
}

}  // namespace ycfn
