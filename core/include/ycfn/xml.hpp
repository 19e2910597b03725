// A strict, small XML reader for what Object Storage (S3) answers: a listing
// (ListBucketResult) and an error (<Error><Code>...). Debian packages no XML
// library for the wasm targets, and these replies use a tiny part of XML, so
// the core reads exactly that part and refuses the rest with an error:
//
//   auto doc = ycfn::xml::parse(reply.body());
//   if (!doc) return doc.error();                       // xml.invalid, with a byte offset
//   for (const ycfn::xml::Element* item : doc->children("Contents")) {
//     if (const auto* key = item->child("Key")) use(key->text());
//   }
//
// Read: an XML declaration (version 1.x, encoding UTF-8 or none), a UTF-8 byte
// order mark, elements, attributes, character data, CDATA sections, comments,
// the five predefined entities (&lt; &gt; &amp; &quot; &apos;) and character
// references (&#N; &#xH;); namespaces (xmlns and xmlns:p declarations; names
// are matched by their local part, the namespace is kept); line ends
// normalised to \n as XML says.
//
// Refused (code xml.invalid, the message names what and the byte offset, and
// quotes no input): a DOCTYPE or any DTD (so no entity expansion attacks),
// other entities, processing instructions, unbalanced or mismatched tags,
// duplicate attributes, undeclared prefixes, text outside the root element,
// bad UTF-8 and characters XML forbids, nesting deeper than max_depth, more
// than max_nodes elements and attributes. Never a crash, whatever the input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ycfn/result.hpp"

namespace ycfn::xml {

struct Attribute {
  std::string name;           // as written, e.g. "xsi:type"
  std::string namespace_uri;  // of its prefix; unprefixed attributes have none
  std::string value;          // entities decoded, whitespace normalised

  std::string_view local_name() const;
};

class Element {
 public:
  // The name as written ("ListBucketResult", "s3:Key").
  const std::string& name() const { return name_; }
  // The name without its prefix: what child() and children() match.
  std::string_view local_name() const;
  // The namespace the element is in ("" when none).
  const std::string& namespace_uri() const { return namespace_uri_; }
  // Attributes in document order, without the xmlns declarations.
  const std::vector<Attribute>& attributes() const { return attributes_; }
  // The value of the attribute whose local name is `local_name`, or nullptr.
  const std::string* attribute(std::string_view local_name) const;
  // Child elements in document order.
  const std::vector<Element>& children() const { return children_; }
  // The first child element whose local name is `local_name`, or nullptr.
  const Element* child(std::string_view local_name) const;
  // Every child element whose local name is `local_name`, in order.
  std::vector<const Element*> children(std::string_view local_name) const;
  // The character data directly inside this element (text and CDATA, entities
  // decoded), concatenated; the text of child elements is theirs.
  const std::string& text() const { return text_; }
  // Byte offset of the start tag in the parsed text (for error messages).
  std::size_t offset() const { return offset_; }

 private:
  friend class Parser;
  std::string name_;
  std::string namespace_uri_;
  std::vector<Attribute> attributes_;
  std::vector<Element> children_;
  std::string text_;
  std::size_t offset_ = 0;
};

// An S3 listing page of 1000 keys nests 4 deep and holds about 10000 elements.
inline constexpr std::size_t kDefaultMaxDepth = 32;
inline constexpr std::size_t kDefaultMaxNodes = 100000;
// The reader recurses once per level: deeper limits are lowered to this, so
// the stack stays small on every host (wasm stacks are 64 KiB by default).
inline constexpr std::size_t kMaxDepthCap = 64;

struct Limits {
  std::size_t max_depth = kDefaultMaxDepth;  // the root element is depth 1; at most kMaxDepthCap
  std::size_t max_nodes = kDefaultMaxNodes;  // elements plus attributes
};

// The root element of the document `text`, or an Error with code xml.invalid.
Result<Element> parse(std::string_view text, Limits limits = {});

}  // namespace ycfn::xml
