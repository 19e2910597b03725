#include "ycfn/detail/json_writer.hpp"

#include <algorithm>
#include <array>

#include "ycfn/detail/utf8.hpp"

namespace ycfn {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// Bytes nlohmann escapes in a valid UTF-8 string when ensure_ascii is off:
// the quote, the backslash and the C0 controls (DEL and non-ASCII pass as is).
constexpr std::array<bool, 256> make_escape_table() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}

constexpr std::array<bool, 256> kNeedsEscape = make_escape_table();

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\r':
      out += "\\r";
      return;
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  // nlohmann: "\\u%04x", lower-case hex.
  constexpr const char* kHex = "0123456789abcdef";
  const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  out.append(escaped, sizeof escaped);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(text)) {
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, kReplace);
    return;
  }
  // Grow geometrically, never to the exact size: an exact reserve reallocates
  // (and copies the whole output) on every string of a long array, which made
  // a batch's log lines quadratic (bench/README.md, item 8).
  const std::size_t needed = out.size() + text.size() + 2;
  if (needed > out.capacity()) out.reserve(std::max(needed, 2 * out.capacity()));
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!kNeedsEscape[c]) continue;
    out.append(text.data() + run, i - run);
    append_escape(out, c);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void append_json_string_array(std::string& out, const std::vector<std::string>& texts) {
  out += '[';
  const char* separator = "";
  for (const std::string& text : texts) {
    out += separator;
    separator = ",";
    append_json_string(out, text);
  }
  out += ']';
}

void append_json(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      out += "null";
      return;
    case nlohmann::json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case nlohmann::json::value_t::number_integer:
      out += std::to_string(value.get<std::int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      out += std::to_string(value.get<std::uint64_t>());
      return;
    case nlohmann::json::value_t::string:
      append_json_string(out, value.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, it.key());
        out += ':';
        append_json(out, it.value());
      }
      out += '}';
      return;
    }
    default:
      // Floats (nlohmann's shortest round-trip form), binary and discarded
      // values: nlohmann's own text.
      out += value.dump(-1, ' ', false, kReplace);
      return;
  }
}

std::string json_text(const nlohmann::json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

// nlohmann's own text: ordered_json carries only the small texts of the HTTP
// semantics (error bodies, the event of a wasi:http request), and a second
// instantiation of the writer above grew every wasi:http module by ~600 bytes.
std::string json_text(const nlohmann::ordered_json& value) { return value.dump(-1, ' ', false, kReplace); }

}  // namespace ycfn
