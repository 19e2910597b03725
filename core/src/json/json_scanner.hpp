// A strict single-pass reader of JSON text, for the fast event parse
// (fast_http_event.cpp): it reads the members a caller wants, validates what it
// skips, and fails (returns false) on anything strict JSON would reject, or
// that it cannot vouch for, so that the caller can fall back to nlohmann's
// parser and its error messages.
//
// Why not nlohmann's SAX interface: its lexer still appends strings one byte
// at a time, and it cannot hand back a view of a string without escapes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ycfn/detail/json_text.hpp"

namespace ycfn::detail {

class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // The next byte after whitespace, without taking it; '\0' at the end (a NUL
  // byte is never JSON, so reading it as "end" only ever fails).
  char peek() {
    skip_space();
    return p_ == end_ ? '\0' : *p_;
  }
  // Takes `c` if it comes next (after whitespace).
  bool consume(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }
  // True when only whitespace is left.
  bool at_end() { return peek() == '\0' && p_ == end_; }
  // Where the cursor is, for taking the text of a value read or skipped.
  const char* position() const { return p_; }

  // The string at the cursor, unescaped. A string without escapes is a view of
  // the text; otherwise it is decoded into `scratch` and the view is of that.
  bool read_string(std::string_view& out, std::string& scratch);
  bool read_string(std::string& out);
  // Any value, validated and skipped. `depth`: the nesting level an array or
  // object here would have (the top-level object is level 1).
  bool skip_value(std::size_t depth);
  // A number, validated (grammar, and finite as a double: nlohmann rejects an
  // overflow); `text` is its text.
  bool read_number(std::string_view& text);
  // A number's text, checked against JSON's grammar only (its value is the
  // caller's to judge).
  bool read_number_text(std::string_view& text);
  // `true`, `false` or `null` spelled out at the cursor.
  bool read_literal(std::string_view word);

  // Reads the object at the cursor (nesting level `depth`), calling
  // on_member(key) with the cursor on each member's value; on_member must read
  // or skip the value and return false to stop with a failure.
  template <class OnMember>
  bool read_object(std::size_t depth, OnMember&& on_member) {
    if (depth > kMaxJsonDepth || !consume('{')) return false;
    if (consume('}')) return true;
    std::string scratch;
    do {
      std::string_view key;
      if (peek() != '"' || !read_string(key, scratch) || !consume(':')) return false;
      skip_space();
      if (!on_member(key)) return false;
    } while (consume(','));
    return consume('}');
  }
  // The same for an array: on_item() with the cursor on each item.
  template <class OnItem>
  bool read_array(std::size_t depth, OnItem&& on_item) {
    if (depth > kMaxJsonDepth || !consume('[')) return false;
    if (consume(']')) return true;
    do {
      skip_space();
      if (!on_item()) return false;
    } while (consume(','));
    return consume(']');
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  // Moves past bytes that stand for themselves in a string: printable ASCII
  // other than '"' and '\\'. Eight at a time where it can: a base64 body is
  // megabytes of them.
  void skip_plain() {
    while (end_ - p_ >= 8 && plain8(p_)) p_ += 8;
    while (p_ != end_ && plain(static_cast<unsigned char>(*p_))) ++p_;
  }
  static bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }
  static bool plain8(const char* p) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    // The classic "has a zero byte" test, on the word XOR each special byte;
    // exact as a yes/no answer, which is all it is asked.
    const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t control = (word - ones * 0x20) & ~word & highs;  // a byte below 0x20
    return ((word & highs) | control | has_zero(word ^ (ones * '"')) | has_zero(word ^ (ones * '\\'))) == 0;
  }
  template <bool kDecode>
  bool scan_string(std::string_view* out, std::string* scratch);
  // The escape at the cursor (a backslash), appended to `out` decoded when given.
  bool escape(std::string* out);
  bool hex4(unsigned& code);

  const char* p_;
  const char* end_;
};

}  // namespace ycfn::detail
