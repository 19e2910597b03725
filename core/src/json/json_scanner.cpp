#include "json_scanner.hpp"

#include <algorithm>

#include "ycfn/detail/utf8.hpp"

namespace ycfn::detail {
namespace {

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool JsonScanner::read_string(std::string_view& out, std::string& scratch) {
  return scan_string<true>(&out, &scratch);
}

bool JsonScanner::read_string(std::string& out) {
  std::string_view view;
  if (!scan_string<true>(&view, &out)) return false;
  // A view of `out` itself (there were escapes) is already in place.
  if (view.data() != out.data()) out.assign(view.data(), view.size());
  return true;
}

template <bool kDecode>
bool JsonScanner::scan_string(std::string_view* out, std::string* scratch) {
  ++p_;  // the opening quote
  const char* const start = p_;
  const char* run = p_;  // the plain bytes from here on are not in *scratch yet
  bool escaped = false;
  for (;;) {
    skip_plain();
    if (p_ == end_) return false;
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      if constexpr (kDecode) {
        if (escaped) {
          scratch->append(run, p_);
          *out = *scratch;
        } else {
          *out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        }
      }
      ++p_;
      return true;
    }
    if (c == '\\') {
      if constexpr (kDecode) {
        if (!escaped) scratch->clear();
        scratch->append(run, p_);
      }
      escaped = true;
      if (!escape(kDecode ? scratch : nullptr)) return false;
      run = p_;
      continue;
    }
    if (c < 0x80) return false;  // a control byte: JSON wants it escaped
    const std::size_t len =
        utf8_sequence_length(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    if (len == 0) return false;  // nlohmann rejects ill-formed UTF-8 too
    p_ += len;
  }
}

bool JsonScanner::hex4(unsigned& code) {
  if (end_ - p_ < 4) return false;
  code = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = *p_++;
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return false;
    }
    code = code * 16 + digit;
  }
  return true;
}

bool JsonScanner::escape(std::string* out) {
  ++p_;  // the backslash
  if (p_ == end_) return false;
  char decoded = 0;
  switch (*p_++) {
    case '"':
      decoded = '"';
      break;
    case '\\':
      decoded = '\\';
      break;
    case '/':
      decoded = '/';
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'u': {
      unsigned code = 0;
      if (!hex4(code)) return false;
      if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate alone
      if (code >= 0xD800 && code <= 0xDBFF) {
        // A high surrogate must be followed by an escaped low one.
        unsigned low = 0;
        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
        p_ += 2;
        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      }
      // \u0000 is a NUL inside the string, as nlohmann decodes it.
      if (out != nullptr) append_utf8(*out, code);
      return true;
    }
    default:
      return false;
  }
  if (out != nullptr) *out += decoded;
  return true;
}

bool JsonScanner::read_number_text(std::string_view& text) {
  const char* const start = p_;
  if (p_ != end_ && *p_ == '-') ++p_;
  if (p_ == end_ || !is_digit(*p_)) return false;
  if (*p_ == '0') {
    ++p_;
  } else {
    while (p_ != end_ && is_digit(*p_)) ++p_;
  }
  if (p_ != end_ && *p_ == '.') {
    ++p_;
    if (p_ == end_ || !is_digit(*p_)) return false;
    while (p_ != end_ && is_digit(*p_)) ++p_;
  }
  if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (p_ == end_ || !is_digit(*p_)) return false;
    while (p_ != end_ && is_digit(*p_)) ++p_;
  }
  text = std::string_view(start, static_cast<std::size_t>(p_ - start));
  return true;
}

bool JsonScanner::read_number(std::string_view& text) {
  if (!read_number_text(text)) return false;
  const std::size_t sign = text.front() == '-' ? 1 : 0;
  const std::size_t integer_end = text.find_first_of(".eE");
  const auto integer_digits = static_cast<long>(std::min(integer_end, text.size()) - sign);
  long exponent = 0;
  if (const std::size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    std::size_t i = e + 1;
    const bool negative = text[i] == '-';
    if (text[i] == '+' || negative) ++i;
    for (; i < text.size(); ++i) {
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');  // saturates: only the size matters
    }
    if (negative) exponent = -exponent;
  }
  // The value is below 10^(integer_digits + exponent); below 10^308 it is a
  // finite double. Above, nlohmann may fail with "number overflow": not ours
  // to judge.
  return integer_digits + exponent <= 308;
}

bool JsonScanner::read_literal(std::string_view word) {
  if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) {
    return false;
  }
  p_ += word.size();
  return true;
}

bool JsonScanner::skip_value(std::size_t depth) {
  std::string_view ignored;
  switch (peek()) {
    case '"':
      return scan_string<false>(nullptr, nullptr);
    case '{':
      return read_object(depth, [&](std::string_view) { return skip_value(depth + 1); });
    case '[':
      return read_array(depth, [&] { return skip_value(depth + 1); });
    case 't':
      return read_literal("true");
    case 'f':
      return read_literal("false");
    case 'n':
      return read_literal("null");
    default:
      return read_number(ignored);
  }
}

}  // namespace ycfn::detail
