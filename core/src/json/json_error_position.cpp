#include "json_error_position.hpp"

#include <cstring>

namespace ycfn::detail {
namespace {

// A cursor that reads like nlohmann's lexer: each read moves one byte on, and
// a read at the end still counts (it reads "end of input"). `position()` is
// then the number of characters nlohmann would have read.
class Reader {
 public:
  Reader(std::string_view text, std::size_t at) : text_(text), next_(at) {}

  // The byte read, or -1 at the end of the input.
  int get() {
    const std::size_t at = next_++;
    return at < text_.size() ? static_cast<unsigned char>(text_[at]) : -1;
  }
  // Gives back the last byte read (nlohmann reads one past a number).
  void unget() { --next_; }
  std::size_t position() const { return next_ > text_.size() ? text_.size() + 1 : next_; }

 private:
  std::string_view text_;
  std::size_t next_;
};

bool is_digit(int c) { return c >= '0' && c <= '9'; }

bool is_hex(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Four hex digits after "\u"; false at the first byte that is not one.
bool read_hex4(Reader& in, unsigned& code) {
  code = 0;
  for (int i = 0; i < 4; ++i) {
    const int c = in.get();
    if (!is_hex(c)) return false;
    const int digit = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
    code = code * 16 + static_cast<unsigned>(digit);
  }
  return true;
}

// Reads the escape after a backslash; false where nlohmann's lexer fails.
bool read_escape(Reader& in) {
  const int c = in.get();
  if (c == 'u') {
    unsigned code = 0;
    if (!read_hex4(in, code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate alone
    if (code < 0xD800 || code > 0xDBFF) return true;
    unsigned low = 0;
    return in.get() == '\\' && in.get() == 'u' && read_hex4(in, low) && low >= 0xDC00 && low <= 0xDFFF;
  }
  return c != -1 && std::strchr("\"\\/bfnrt", c) != nullptr && c != '\0';
}

// Reads the continuation bytes of a UTF-8 sequence led by `lead` (RFC 3629's
// ranges, the ones nlohmann checks); false at the first byte out of range.
bool read_utf8_tail(Reader& in, int lead) {
  int count = 0;
  int lo = 0x80;
  int hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    count = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    count = 2;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    count = 3;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return false;
  }
  for (int i = 0; i < count; ++i) {
    const int c = in.get();
    if (c < lo || c > hi) return false;
    lo = 0x80;
    hi = 0xBF;
  }
  return true;
}

// The rest of a string after its opening quote.
void read_string(Reader& in) {
  for (;;) {
    const int c = in.get();
    if (c == '"' || c == -1 || c < 0x20) return;
    if (c == '\\') {
      if (!read_escape(in)) return;
    } else if (c >= 0x80 && !read_utf8_tail(in, c)) {
      return;
    }
  }
}

// The rest of a number after its first byte, as nlohmann's scan_number reads
// it: up to the byte that breaks the grammar, or one past the number and back.
void read_number(Reader& in, int c) {
  if (c == '-') {
    c = in.get();
    if (!is_digit(c)) return;
  }
  int next = in.get();
  if (c != '0') {
    while (is_digit(next)) next = in.get();
  }
  if (next == '.') {
    if (!is_digit(in.get())) return;
    do {
      next = in.get();
    } while (is_digit(next));
  }
  if (next == 'e' || next == 'E') {
    next = in.get();
    if (next == '+' || next == '-') next = in.get();
    if (!is_digit(next)) return;
    do {
      next = in.get();
    } while (is_digit(next));
  }
  in.unget();
}

}  // namespace

std::size_t nlohmann_error_position(std::string_view text, std::size_t token_start) {
  Reader in(text, token_start);
  const int c = in.get();
  if (token_start == 0 && c == 0xEF) {
    // A byte order mark, or the error in it.
    if (in.get() == 0xBB) static_cast<void>(in.get());
    return in.position();
  }
  switch (c) {
    case 't':
    case 'f':
    case 'n': {
      const char* word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      for (const char* p = word + 1; *p != '\0'; ++p) {
        if (in.get() != *p) break;
      }
      return in.position();
    }
    case '"':
      read_string(in);
      return in.position();
    default:
      break;
  }
  if (c == '-' || is_digit(c)) {
    read_number(in, c);
    return in.position();
  }
  // A structural byte, a byte no token starts with, or the end of the input.
  return in.position();
}

}  // namespace ycfn::detail
