// ycfn::xml::parse on the raw bytes.
// Invariants: a refusal is xml.invalid with a printable message "XML: ... at
// byte N" where N is within the input; an accepted document is valid UTF-8
// throughout (names, attribute values, text), its depth and node count are
// within the limits, and writing it back as XML (with its namespace
// declarations) parses again to the same tree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using ycfn::xml::Element;

std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      // Literal whitespace would be normalised on the way back in.
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view prefix_of(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

// The element as XML that declares every namespace its names use.
void write(const Element& element, std::string& out) {
  std::string tag = '<' + element.name();
  const std::string_view prefix = prefix_of(element.name());
  if (prefix.empty()) {
    tag += " xmlns=\"" + escaped(element.namespace_uri()) + '"';
  } else if (prefix != "xml") {
    tag += " xmlns:" + std::string(prefix) + "=\"" + escaped(element.namespace_uri()) + '"';
  }
  for (const auto& attribute : element.attributes()) {
    const std::string attribute_prefix(prefix_of(attribute.name));
    if (!attribute_prefix.empty() && attribute_prefix != "xml" &&
        tag.find(" xmlns:" + attribute_prefix + "=") == std::string::npos) {
      tag += " xmlns:" + attribute_prefix + "=\"" + escaped(attribute.namespace_uri) + '"';
    }
  }
  for (const auto& attribute : element.attributes())
    tag += ' ' + attribute.name + "=\"" + escaped(attribute.value) + '"';
  out += tag + '>' + escaped(element.text());
  for (const auto& child : element.children()) write(child, out);
  out += "</" + element.name() + '>';
}

bool same(const Element& a, const Element& b) {
  if (a.name() != b.name() || a.namespace_uri() != b.namespace_uri() || a.text() != b.text()) return false;
  if (a.attributes().size() != b.attributes().size() || a.children().size() != b.children().size())
    return false;
  for (std::size_t i = 0; i < a.attributes().size(); ++i) {
    const auto& x = a.attributes()[i];
    const auto& y = b.attributes()[i];
    if (x.name != y.name || x.namespace_uri != y.namespace_uri || x.value != y.value) return false;
  }
  for (std::size_t i = 0; i < a.children().size(); ++i) {
    if (!same(a.children()[i], b.children()[i])) return false;
  }
  return true;
}

// Checks every element; returns the depth of `element`'s subtree and counts nodes.
std::size_t check(const Element& element, std::size_t& nodes) {
  YCFN_FUZZ_CHECK(ycfn::is_valid_utf8(element.name()) && !element.name().empty(), "bad element name");
  YCFN_FUZZ_CHECK(ycfn::is_valid_utf8(element.text()), "text is not UTF-8");
  nodes += 1 + element.attributes().size();
  for (const auto& attribute : element.attributes()) {
    YCFN_FUZZ_CHECK(ycfn::is_valid_utf8(attribute.value), "attribute value is not UTF-8");
    YCFN_FUZZ_CHECK(attribute.name != "xmlns" && prefix_of(attribute.name) != "xmlns",
                    "a namespace declaration kept as an attribute");
  }
  std::size_t deepest = 0;
  for (const auto& child : element.children()) {
    const std::size_t depth = check(child, nodes);
    if (depth > deepest) deepest = depth;
  }
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = ycfn::xml::parse(text);
  if (!parsed.ok()) {
    const auto& error = parsed.error();
    YCFN_FUZZ_CHECK(error.code == "xml.invalid", "unexpected error code");
    YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(error.message), "message is not printable ASCII");
    YCFN_FUZZ_CHECK(error.message.rfind("XML: ", 0) == 0, "message does not start with XML:");
    const auto at = error.message.rfind(" at byte ");
    YCFN_FUZZ_CHECK(at != std::string::npos, "message names no offset");
    const std::string offset = error.message.substr(at + 9);
    YCFN_FUZZ_CHECK(
        !offset.empty() && offset.size() < 12 && offset.find_first_not_of("0123456789") == std::string::npos,
        "offset is not a number");
    YCFN_FUZZ_CHECK(std::stoull(offset) <= size, "offset past the end of the input");
    return 0;
  }
  YCFN_FUZZ_CHECK(ycfn::is_valid_utf8(text), "accepted bad UTF-8");
  std::size_t nodes = 0;
  YCFN_FUZZ_CHECK(check(parsed.value(), nodes) <= ycfn::xml::kDefaultMaxDepth, "deeper than the limit");
  YCFN_FUZZ_CHECK(nodes <= ycfn::xml::kDefaultMaxNodes, "more nodes than the limit");

  std::string again;
  write(parsed.value(), again);
  const auto reparsed = ycfn::xml::parse(again);
  YCFN_FUZZ_CHECK(reparsed.ok(), "the tree written back does not parse");
  YCFN_FUZZ_CHECK(same(parsed.value(), reparsed.value()), "the tree written back parses differently");
  return 0;
}
