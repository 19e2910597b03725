#include "ycfn/detail/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "ycfn/detail/utf8.hpp"

namespace ycfn {
namespace {

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

// How many bytes of the ill-formed sequence at text[i] nlohmann's decoder
// takes before it rejects one: 0 when text[i] cannot lead a sequence, else the
// lead and the continuation bytes in range after it (RFC 3629's table, as in
// utf8_sequence_length).
std::size_t ill_formed_prefix(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    lo = lead == 0xE0 ? 0xA0 : lo;
    hi = lead == 0xED ? 0x9F : hi;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    lo = lead == 0xF0 ? 0x90 : lo;
    hi = lead == 0xF4 ? 0x8F : hi;
  } else {
    return 0;
  }
  std::size_t taken = 1;
  while (taken < len && i + taken < text.size()) {
    const auto c = static_cast<unsigned char>(text[i + taken]);
    if (c < lo || c > hi) break;
    lo = 0x80;
    hi = 0xBF;
    ++taken;
  }
  return taken;
}

// A string that is not valid UTF-8, as nlohmann's dump with
// error_handler_t::replace writes it: each ill-formed sequence (its lead and
// the continuation bytes taken before the byte that broke it, or a lone byte
// that cannot lead) becomes one U+FFFD, and the byte that broke it starts
// afresh. Rare (a body that is not UTF-8), so one sequence at a time.
void append_replacing_ill_formed(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      i += std::max<std::size_t>(ill_formed_prefix(text, i), 1);
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (len == 1 && kNeedsEscape[c]) {
      append_escape(out, c);
    } else {
      out.append(text.data() + i, len);
    }
    i += len;
  }
  out += '"';
}

// A double as nlohmann writes it: its shortest round-trip form (nlohmann's
// own Grisu2 to_chars, the function its dump calls), "null" when not finite.
void append_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  std::array<char, 64> buffer{};
  const char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

template <class Json>
void append_binary(std::string& out, const typename Json::binary_t& binary) {
  out += "{\"bytes\":[";
  const char* separator = "";
  for (const std::uint8_t byte : binary) {
    out += separator;
    separator = ",";
    out += std::to_string(byte);
  }
  out += "],\"subtype\":";
  out += binary.has_subtype() ? std::to_string(binary.subtype()) : "null";
  out += '}';
}

template <class Json>
void append_any(std::string& out, const Json& value) {
  using Type = typename Json::value_t;
  switch (value.type()) {
    case Type::null:
      out += "null";
      return;
    case Type::boolean:
      out += value.template get<bool>() ? "true" : "false";
      return;
    case Type::number_integer:
      out += std::to_string(value.template get<std::int64_t>());
      return;
    case Type::number_unsigned:
      out += std::to_string(value.template get<std::uint64_t>());
      return;
    case Type::number_float:
      append_double(out, value.template get<double>());
      return;
    case Type::string:
      append_json_string(out, value.template get_ref<const std::string&>());
      return;
    case Type::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        append_any(out, item);
      }
      out += ']';
      return;
    }
    case Type::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, it.key());
        out += ':';
        append_any(out, it.value());
      }
      out += '}';
      return;
    }
    case Type::binary:
      append_binary<Json>(out, value.get_binary());
      return;
    case Type::discarded:
    default:
      out += "<discarded>";
      return;
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(text)) {
    append_replacing_ill_formed(out, text);
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

void append_json(std::string& out, const nlohmann::json& value) { append_any(out, value); }

std::string json_text(const nlohmann::json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

// ordered_json carries only the small texts of the HTTP semantics (error
// bodies, the event of a wasi:http request): the same writer, instantiated for
// it, rather than nlohmann's dump (its serializer and snprintf).
std::string json_text(const nlohmann::ordered_json& value) {
  std::string out;
  append_any(out, value);
  return out;
}

}  // namespace ycfn
