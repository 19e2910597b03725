#include "ycfn/xml.hpp"

#include <cstdint>
#include <optional>
#include <utility>

#include "ycfn/detail/utf8.hpp"

namespace ycfn::xml {

namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

std::string_view local_part(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view prefix_part(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// XML's NameStartChar and NameChar for ASCII; every non-ASCII character is
// taken as a name character (the input is valid UTF-8 by then): S3 names are
// ASCII, and the exact Unicode ranges of XML names would only refuse more.
bool is_name_start(char c) { return is_ascii_letter(c) || c == '_' || c == ':' || (c & 0x80) != 0; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '-' || c == '.'; }

// The code point of the well-formed UTF-8 sequence of `len` bytes at `p`.
std::uint32_t decode_utf8(const char* p, std::size_t len) {
  const auto b = [p](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[k])); };
  if (len == 1) return b(0);
  if (len == 2) return ((b(0) & 0x1FU) << 6) | (b(1) & 0x3FU);
  if (len == 3) return ((b(0) & 0x0FU) << 12) | ((b(1) & 0x3FU) << 6) | (b(2) & 0x3FU);
  return ((b(0) & 0x07U) << 18) | ((b(1) & 0x3FU) << 12) | ((b(2) & 0x3FU) << 6) | (b(3) & 0x3FU);
}

// XML 1.0's Char production (surrogates cannot come from valid UTF-8 or from
// the reference decoder, which checks them).
bool is_xml_char(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view Attribute::local_name() const { return local_part(name); }

std::string_view Element::local_name() const { return local_part(name_); }

const std::string* Element::attribute(std::string_view local_name) const {
  for (const auto& attribute : attributes_) {
    if (attribute.local_name() == local_name) return &attribute.value;
  }
  return nullptr;
}

const Element* Element::child(std::string_view local_name) const {
  for (const auto& element : children_) {
    if (element.local_name() == local_name) return &element;
  }
  return nullptr;
}

std::vector<const Element*> Element::children(std::string_view local_name) const {
  std::vector<const Element*> out;
  for (const auto& element : children_) {
    if (element.local_name() == local_name) out.push_back(&element);
  }
  return out;
}

// Recursive descent over the whole text; depth is capped, so is the stack.
// The first error wins: every step returns false once error_ is set.
class Parser {
 public:
  Parser(std::string_view text, Limits limits) : in_(text), limits_(limits) {}

  Result<Element> document() {
    if (!check_characters()) return take_error();
    if (in_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
    if (starts_with("<?xml") && in_.size() > pos_ + 5 && is_space(in_[pos_ + 5])) {
      if (!declaration()) return take_error();
    }
    if (!misc()) return take_error();
    if (pos_ >= in_.size()) return fail_at("no root element", pos_);
    Element root;
    if (!element(root, 1)) return take_error();
    if (!misc()) return take_error();
    if (pos_ < in_.size()) return fail_at("content after the root element", pos_);
    return root;
  }

 private:
  // One prefix binding in scope (the innermost last).
  struct Binding {
    std::string prefix;  // "" for the default namespace
    std::string uri;
  };

  Error take_error() { return std::move(*error_); }

  Error fail_at(const std::string& what, std::size_t at) {
    if (!error_) error_ = make_error("xml.invalid", "XML: " + what + " at byte " + std::to_string(at));
    return *error_;
  }
  bool fail(const std::string& what, std::size_t at) {
    fail_at(what, at);
    return false;
  }

  bool starts_with(std::string_view prefix) const { return in_.substr(pos_, prefix.size()) == prefix; }
  void skip_space() {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
  }

  // Valid UTF-8 and only characters XML allows, once for the whole text: the
  // rest of the parser then deals in bytes.
  bool check_characters() {
    std::size_t i = 0;
    while (i < in_.size()) {
      const std::size_t len = utf8_sequence_length(in_, i);
      if (len == 0) return fail("invalid UTF-8", i);
      if (!is_xml_char(decode_utf8(in_.data() + i, len))) return fail("a character XML does not allow", i);
      i += len;
    }
    return true;
  }

  // <?xml version="1.x" encoding="UTF-8" standalone="yes|no"?>
  bool declaration() {
    const std::size_t start = pos_;
    pos_ += 5;
    bool has_version = false;
    for (;;) {
      const std::size_t before = pos_;
      skip_space();
      if (starts_with("?>")) {
        pos_ += 2;
        break;
      }
      if (pos_ == before) return fail("malformed XML declaration", pos_);
      std::string name;
      std::string value;
      const std::size_t at = pos_;
      if (!read_name(name) || !pseudo_attribute_value(value)) return false;
      if (name == "version") {
        if (has_version || value.size() < 3 || value.compare(0, 2, "1.") != 0) {
          return fail("unsupported XML version", at);
        }
        for (std::size_t i = 2; i < value.size(); ++i) {
          if (!is_digit(value[i])) return fail("unsupported XML version", at);
        }
        has_version = true;
      } else if (name == "encoding") {
        if (!has_version || !equals_utf8(value)) return fail("encoding other than UTF-8", at);
      } else if (name == "standalone") {
        if (!has_version || (value != "yes" && value != "no")) return fail("malformed XML declaration", at);
      } else {
        return fail("malformed XML declaration", at);
      }
    }
    if (!has_version) return fail("XML declaration without a version", start);
    return true;
  }

  static bool equals_utf8(std::string_view value) {
    if (value.size() != 5) return false;
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(value[0]) == 'u' && lower(value[1]) == 't' && lower(value[2]) == 'f' && value[3] == '-' &&
           value[4] == '8';
  }

  // = "value" or = 'value' of the declaration: no references there.
  bool pseudo_attribute_value(std::string& value) {
    skip_space();
    if (pos_ >= in_.size() || in_[pos_] != '=') return fail("malformed XML declaration", pos_);
    ++pos_;
    skip_space();
    if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) {
      return fail("malformed XML declaration", pos_);
    }
    const char quote = in_[pos_++];
    const auto end = in_.find(quote, pos_);
    if (end == std::string_view::npos) return fail("unterminated XML declaration", pos_);
    value.assign(in_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return true;
  }

  // Whitespace and comments (before and after the root element).
  bool misc() {
    for (;;) {
      skip_space();
      if (starts_with("<!--")) {
        if (!comment()) return false;
      } else if (starts_with("<!DOCTYPE") || starts_with("<!doctype")) {
        return fail("DOCTYPE refused (no DTDs, no entity declarations)", pos_);
      } else if (starts_with("<?")) {
        return fail("processing instruction refused", pos_);
      } else if (pos_ < in_.size() && in_[pos_] != '<') {
        return fail("text outside the root element", pos_);
      } else {
        return true;
      }
    }
  }

  // <!-- ... --> without "--" inside, as XML requires.
  bool comment() {
    const std::size_t start = pos_;
    pos_ += 4;
    const auto dashes = in_.find("--", pos_);
    if (dashes == std::string_view::npos) return fail("unterminated comment", start);
    if (dashes + 2 >= in_.size() || in_[dashes + 2] != '>') return fail("\"--\" inside a comment", dashes);
    pos_ = dashes + 3;
    return true;
  }

  bool read_name(std::string& name) {
    const std::size_t start = pos_;
    if (pos_ >= in_.size() || !is_name_start(in_[pos_])) return fail("expected a name", pos_);
    while (pos_ < in_.size() && is_name_char(in_[pos_])) ++pos_;
    name.assign(in_.substr(start, pos_ - start));
    return true;
  }

  // A qualified name: at most one colon, with something either side.
  bool read_qname(std::string& name) {
    const std::size_t start = pos_;
    if (!read_name(name)) return false;
    const auto colon = name.find(':');
    if (colon != std::string::npos &&
        (colon == 0 || colon + 1 == name.size() || name.find(':', colon + 1) != std::string::npos)) {
      return fail("malformed qualified name", start);
    }
    return true;
  }

  bool count_node(std::size_t at) {
    if (++nodes_ > limits_.max_nodes) {
      return fail("more than " + std::to_string(limits_.max_nodes) + " elements and attributes", at);
    }
    return true;
  }

  // &...; at pos_: appends the character it stands for.
  bool reference(std::string& out) {
    const std::size_t start = pos_;
    const auto end = in_.find(';', pos_);
    // The longest reference is &#x10FFFF; (10 bytes); leading zeros make more.
    if (end == std::string_view::npos || end - pos_ > 32) return fail("unterminated entity reference", start);
    const std::string_view body = in_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    if (body == "lt") {
      out += '<';
    } else if (body == "gt") {
      out += '>';
    } else if (body == "amp") {
      out += '&';
    } else if (body == "quot") {
      out += '"';
    } else if (body == "apos") {
      out += '\'';
    } else if (!body.empty() && body[0] == '#') {
      return character_reference(body.substr(1), start, out);
    } else {
      return fail("unknown entity (only the five predefined ones; no DTD)", start);
    }
    return true;
  }

  bool character_reference(std::string_view digits, std::size_t at, std::string& out) {
    const bool hex = !digits.empty() && digits[0] == 'x';
    if (hex) digits.remove_prefix(1);
    if (digits.empty()) return fail("malformed character reference", at);
    std::uint32_t cp = 0;
    for (const char c : digits) {
      std::uint32_t digit = 0;
      if (is_digit(c)) {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return fail("malformed character reference", at);
      }
      cp = cp * (hex ? 16 : 10) + digit;
      if (cp > 0x10FFFF) return fail("character reference out of range", at);
    }
    if (!is_xml_char(cp)) return fail("character reference to a character XML does not allow", at);
    append_utf8(out, cp);
    return true;
  }

  // Literal line ends become \n (\r\n and a lone \r alike), as XML says.
  void append_normalised(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        out += text[i];
      }
    }
  }

  // "value" or 'value': references decoded; literal whitespace becomes a
  // space (XML's normalisation of an attribute without a DTD).
  bool attribute_value(std::string& value) {
    if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) {
      return fail("attribute value without quotes", pos_);
    }
    const char quote = in_[pos_++];
    for (;;) {
      if (pos_ >= in_.size()) return fail("unterminated attribute value", pos_);
      const char c = in_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (c == '<') return fail("\"<\" inside an attribute value", pos_);
      if (c == '&') {
        if (!reference(value)) return false;
        continue;
      }
      if (c == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') ++pos_;
      value += is_space(c) ? ' ' : c;
      ++pos_;
    }
  }

  std::optional<std::string> lookup(std::string_view prefix) const {
    if (prefix == "xml") return std::string(kXmlNamespace);
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (it->prefix == prefix) return it->uri;
    }
    if (prefix.empty()) return std::string();  // no default namespace
    return std::nullopt;
  }

  // Splits xmlns declarations off the attributes, binds them, then resolves
  // the element's and the attributes' prefixes.
  bool bind_namespaces(Element& element, const std::vector<std::size_t>& offsets) {
    std::vector<Attribute> kept;
    std::vector<std::size_t> kept_offsets;
    for (std::size_t i = 0; i < element.attributes_.size(); ++i) {
      Attribute& attribute = element.attributes_[i];
      const std::string_view prefix = prefix_part(attribute.name);
      if (attribute.name == "xmlns" || prefix == "xmlns") {
        const std::string_view declared = prefix.empty() ? std::string_view() : attribute.local_name();
        if (declared == "xmlns" || (declared == "xml") != (attribute.value == kXmlNamespace) ||
            attribute.value == kXmlnsNamespace || (!declared.empty() && attribute.value.empty())) {
          return fail("forbidden namespace declaration", offsets[i]);
        }
        bindings_.push_back(Binding{std::string(declared), std::move(attribute.value)});
      } else {
        kept.push_back(std::move(attribute));
        kept_offsets.push_back(offsets[i]);
      }
    }
    element.attributes_ = std::move(kept);
    auto uri = lookup(prefix_part(element.name_));
    if (!uri) return fail("undeclared namespace prefix", element.offset_);
    element.namespace_uri_ = std::move(*uri);
    for (std::size_t i = 0; i < element.attributes_.size(); ++i) {
      Attribute& attribute = element.attributes_[i];
      const std::string_view prefix = prefix_part(attribute.name);
      if (prefix.empty()) continue;  // unprefixed attributes are in no namespace
      auto attribute_uri = lookup(prefix);
      if (!attribute_uri) return fail("undeclared namespace prefix", kept_offsets[i]);
      attribute.namespace_uri = std::move(*attribute_uri);
      // Two attributes may not be the same expanded name under different prefixes.
      for (std::size_t j = 0; j < i; ++j) {
        const Attribute& other = element.attributes_[j];
        if (other.namespace_uri == attribute.namespace_uri && other.local_name() == attribute.local_name()) {
          return fail("duplicate attribute", kept_offsets[i]);
        }
      }
    }
    return true;
  }

  // The start tag's attributes up to ">" or "/>"; `empty` tells which.
  bool start_tag_rest(Element& element, bool& empty) {
    std::vector<std::size_t> offsets;
    for (;;) {
      const std::size_t before = pos_;
      skip_space();
      if (pos_ >= in_.size()) return fail("unterminated start tag", element.offset_);
      if (in_[pos_] == '>' || starts_with("/>")) {
        empty = in_[pos_] == '/';
        pos_ += empty ? 2 : 1;
        break;
      }
      if (pos_ == before) return fail("expected whitespace between attributes", pos_);
      const std::size_t at = pos_;
      Attribute attribute;
      if (!count_node(at) || !read_qname(attribute.name)) return false;
      skip_space();
      if (pos_ >= in_.size() || in_[pos_] != '=') return fail("attribute without a value", at);
      ++pos_;
      skip_space();
      if (!attribute_value(attribute.value)) return false;
      for (const auto& other : element.attributes_) {
        if (other.name == attribute.name) return fail("duplicate attribute", at);
      }
      element.attributes_.push_back(std::move(attribute));
      offsets.push_back(at);
    }
    return bind_namespaces(element, offsets);
  }

  // An element at pos_ ('<' followed by a name), its content and end tag.
  bool element(Element& element, std::size_t depth) {
    if (depth > limits_.max_depth) {
      return fail("elements nested deeper than " + std::to_string(limits_.max_depth), pos_);
    }
    element.offset_ = pos_;
    if (!count_node(pos_)) return false;
    ++pos_;
    if (!read_qname(element.name_)) return false;
    const std::size_t scope = bindings_.size();
    bool empty = false;
    if (!start_tag_rest(element, empty)) return false;
    if (!empty && !content(element, depth)) return false;
    bindings_.resize(scope);
    return true;
  }

  // Content up to and including the matching end tag.
  bool content(Element& element, std::size_t depth) {
    for (;;) {
      if (pos_ >= in_.size()) return fail("unclosed element (the one opened here)", element.offset_);
      const char c = in_[pos_];
      if (c == '&') {
        if (!reference(element.text_)) return false;
      } else if (c != '<') {
        const auto next = in_.find_first_of("<&", pos_);
        const std::size_t end = next == std::string_view::npos ? in_.size() : next;
        const std::string_view run = in_.substr(pos_, end - pos_);
        if (const auto bad = run.find("]]>"); bad != std::string_view::npos) {
          return fail("\"]]>\" in text", pos_ + bad);
        }
        append_normalised(element.text_, run);
        pos_ = end;
      } else if (starts_with("</")) {
        return end_tag(element);
      } else if (starts_with("<!--")) {
        if (!comment()) return false;
      } else if (starts_with("<![CDATA[")) {
        const auto end = in_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return fail("unterminated CDATA section", pos_);
        append_normalised(element.text_, in_.substr(pos_ + 9, end - pos_ - 9));
        pos_ = end + 3;
      } else if (starts_with("<!")) {
        return fail("markup declaration refused (no DTDs)", pos_);
      } else if (starts_with("<?")) {
        return fail("processing instruction refused", pos_);
      } else {
        element.children_.emplace_back();
        if (!this->element(element.children_.back(), depth + 1)) return false;
      }
    }
  }

  bool end_tag(const Element& element) {
    const std::size_t at = pos_;
    pos_ += 2;
    std::string name;
    if (!read_name(name)) return false;
    if (name != element.name_) {
      return fail("end tag does not match the start tag at byte " + std::to_string(element.offset_), at);
    }
    skip_space();
    if (pos_ >= in_.size() || in_[pos_] != '>') return fail("malformed end tag", at);
    ++pos_;
    return true;
  }

  std::string_view in_;
  Limits limits_;
  std::size_t pos_ = 0;
  std::size_t nodes_ = 0;
  std::vector<Binding> bindings_;
  std::optional<Error> error_;
};

Result<Element> parse(std::string_view text, Limits limits) {
  if (limits.max_depth > kMaxDepthCap) limits.max_depth = kMaxDepthCap;
  return Parser(text, limits).document();
}

}  // namespace ycfn::xml
