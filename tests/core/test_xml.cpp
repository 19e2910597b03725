#include <catch2/catch.hpp>

#include <string>

#include "fixtures.hpp"
#include "ycfn/xml.hpp"

using ycfn::xml::Element;
using ycfn::xml::parse;

namespace {

// The message of the refusal of `text` (the test fails when it parses).
std::string refusal(const std::string& text, ycfn::xml::Limits limits = {}) {
  auto parsed = parse(text, limits);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "xml.invalid");
  return parsed.error().message;
}

}  // namespace

TEST_CASE("xml reads an S3 listing: namespace, children by local name, entities", "[xml]") {
  auto doc = parse(ycfn_test::fixture("clients/s3-list-page.xml"));
  REQUIRE(doc.ok());
  CHECK(doc->name() == "ListBucketResult");
  CHECK(doc->namespace_uri() == "http://s3.amazonaws.com/doc/2006-03-01/");
  CHECK(doc->attributes().empty());  // xmlns is a declaration, not an attribute
  REQUIRE(doc->child("Name") != nullptr);
  CHECK(doc->child("Name")->text() == "my-bucket");
  CHECK(doc->child("Name")->namespace_uri() == doc->namespace_uri());
  CHECK(doc->child("IsTruncated")->text() == "true");
  CHECK(doc->child("Missing") == nullptr);
  const auto contents = doc->children("Contents");
  REQUIRE(contents.size() == 2);
  CHECK(contents[0]->child("Key")->text() == "photos/2026/b&c.jpg");
  CHECK(contents[0]->child("ETag")->text() == "\"bf1d737a4d46a19f3bced6905cc8b902\"");
  CHECK(contents[1]->child("Key")->text() == "photos/2026/c d.jpg");
  CHECK(doc->children().size() == 9);
  CHECK(doc->children("Nothing").empty());
  CHECK(doc->offset() == 39);  // after the declaration and its line end
}

TEST_CASE("xml reads an S3 error", "[xml]") {
  auto doc = parse(ycfn_test::fixture("clients/s3-error-no-such-key.xml"));
  REQUIRE(doc.ok());
  CHECK(doc->local_name() == "Error");
  CHECK(doc->namespace_uri().empty());
  CHECK(doc->child("Code")->text() == "NoSuchKey");
  CHECK(doc->child("Message")->text() == "The specified key does not exist.");
}

TEST_CASE("xml: elements, attributes, text and empty elements", "[xml]") {
  auto doc = parse(R"(<a x="1" y='two'>hello <b/>world<c z="&lt;&amp;&gt;"></c></a>)");
  REQUIRE(doc.ok());
  CHECK(doc->text() == "hello world");  // the element's own text, around its children
  REQUIRE(doc->attributes().size() == 2);
  CHECK(doc->attributes()[0].name == "x");
  CHECK(*doc->attribute("x") == "1");
  CHECK(*doc->attribute("y") == "two");
  CHECK(doc->attribute("z") == nullptr);
  REQUIRE(doc->children().size() == 2);
  CHECK(doc->children()[0].name() == "b");
  CHECK(doc->children()[0].text().empty());
  CHECK(*doc->child("c")->attribute("z") == "<&>");
}

TEST_CASE("xml decodes the predefined entities and character references", "[xml]") {
  auto doc = parse("<t>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#X43;&#x10FFFF;&#233;&#x20AC;</t>");
  // &#X43; is not a reference (the x is lower case): refused, see below.
  CHECK_FALSE(doc.ok());
  auto ok = parse("<t>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x10FFFF;&#233;&#x20AC;&#0065;</t>");
  REQUIRE(ok.ok());
  CHECK(ok->text() ==
        "<>&\"' AB\xF4\x8F\xBF\xBF\xC3\xA9\xE2\x82\xAC"
        "A");
}

TEST_CASE("xml keeps CDATA as it is and ignores comments", "[xml]") {
  auto doc = parse("<!-- before --><t>a<!-- inside -->b<![CDATA[<not> &amp; a tag]]>c</t><!-- after -->\n");
  REQUIRE(doc.ok());
  CHECK(doc->text() == "ab<not> &amp; a tagc");
  CHECK(doc->children().empty());
}

TEST_CASE("xml normalises line ends, and whitespace in attribute values", "[xml]") {
  auto doc = parse("<t a=\"1\r\n2\t3\n4&#10;5\">x\r\ny\rz<![CDATA[\r\n]]></t>");
  REQUIRE(doc.ok());
  CHECK(doc->text() == "x\ny\nz\n");
  CHECK(*doc->attribute("a") == "1 2 3 4\n5");  // a reference keeps its character
}

TEST_CASE("xml: declaration forms, byte order mark, whitespace around the root", "[xml]") {
  CHECK(parse("<?xml version=\"1.0\"?><a/>").ok());
  CHECK(parse("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<a/>\n").ok());
  CHECK(parse("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>").ok());
  CHECK(parse("\xEF\xBB\xBF<a/>").ok());
  CHECK(parse("  \n<a></a>  \n").ok());
  CHECK(parse("<a >x</a >").ok());

  CHECK(refusal("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>") ==
        "XML: encoding other than UTF-8 at byte 20");
  CHECK(refusal("<?xml version=\"2.0\"?><a/>").find("unsupported XML version") != std::string::npos);
  CHECK(refusal("<?xml encoding=\"UTF-8\"?><a/>").find("encoding other than UTF-8") != std::string::npos);
  CHECK(refusal("<?xml version=\"1.0\" other=\"x\"?><a/>").find("malformed XML declaration") !=
        std::string::npos);
  CHECK(refusal("<?xml version=\"1.0\"").find("XML declaration") != std::string::npos);
  CHECK(refusal(" <?xml version=\"1.0\"?><a/>") == "XML: processing instruction refused at byte 1");
}

TEST_CASE("xml namespaces: default and prefixed, scoped, matched by local name", "[xml]") {
  auto doc = parse(R"(<r xmlns="urn:d" xmlns:p="urn:p"><p:k p:at="1" at="2">v</p:k><q xmlns=""><k/></q>)"
                   R"(<p:k xmlns:p="urn:other"/></r>)");
  REQUIRE(doc.ok());
  CHECK(doc->namespace_uri() == "urn:d");
  const auto ks = doc->children("k");
  REQUIRE(ks.size() == 2);
  CHECK(ks[0]->name() == "p:k");
  CHECK(ks[0]->local_name() == "k");
  CHECK(ks[0]->namespace_uri() == "urn:p");
  REQUIRE(ks[0]->attributes().size() == 2);
  CHECK(ks[0]->attributes()[0].namespace_uri == "urn:p");
  CHECK(ks[0]->attributes()[1].namespace_uri.empty());  // unprefixed: no namespace
  CHECK(*ks[0]->attribute("at") == "1");                // the first with that local name
  CHECK(ks[1]->namespace_uri() == "urn:other");         // redeclared in its own scope
  CHECK(doc->child("q")->namespace_uri().empty());      // xmlns="" undeclares the default
  CHECK(doc->child("q")->child("k")->namespace_uri().empty());
  CHECK(parse("<a xml:lang=\"en\"/>")->attributes()[0].namespace_uri ==
        "http://www.w3.org/XML/1998/namespace");

  CHECK(refusal("<p:a/>") == "XML: undeclared namespace prefix at byte 0");
  CHECK(refusal("<a><b xmlns:p=\"urn:p\"/><p:c/></a>") == "XML: undeclared namespace prefix at byte 23");
  CHECK(refusal("<a p:x=\"1\"/>") == "XML: undeclared namespace prefix at byte 3");
  CHECK(refusal("<a xmlns:p=\"\"/>").find("forbidden namespace declaration") != std::string::npos);
  CHECK(refusal("<a xmlns:xmlns=\"urn:x\"/>").find("forbidden namespace declaration") != std::string::npos);
  CHECK(refusal("<a xmlns:x=\"http://www.w3.org/XML/1998/namespace\"/>").find("forbidden") !=
        std::string::npos);
  CHECK(refusal("<a xmlns:p=\"urn:p\" xmlns:q=\"urn:p\" p:x=\"1\" q:x=\"2\"/>") ==
        "XML: duplicate attribute at byte 43");
  CHECK(refusal("<:a/>").find("malformed qualified name") != std::string::npos);
  CHECK(refusal("<a:/>").find("malformed qualified name") != std::string::npos);
  CHECK(refusal("<a:b:c/>").find("malformed qualified name") != std::string::npos);
}

TEST_CASE("xml refuses DOCTYPE and any DTD: no entity expansion", "[xml]") {
  const std::string billion_laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n"
      "<lolz>&lol2;</lolz>";
  CHECK(refusal(billion_laughs) == "XML: DOCTYPE refused (no DTDs, no entity declarations) at byte 22");
  CHECK(refusal("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>").find("DOCTYPE refused") !=
        std::string::npos);
  CHECK(refusal("<a><!ENTITY x \"y\"></a>") == "XML: markup declaration refused (no DTDs) at byte 3");
  CHECK(refusal("<a>&lol;</a>") == "XML: unknown entity (only the five predefined ones; no DTD) at byte 3");
  CHECK(refusal("<a x=\"&ext;\"/>").find("unknown entity") != std::string::npos);
  CHECK(refusal("<a><?php echo 1 ?></a>") == "XML: processing instruction refused at byte 3");
}

TEST_CASE("xml refuses unbalanced and mismatched tags, naming the offsets", "[xml]") {
  CHECK(refusal("<a><b></a>") == "XML: end tag does not match the start tag at byte 3 at byte 6");
  CHECK(refusal("<a><b>") == "XML: unclosed element (the one opened here) at byte 3");
  CHECK(refusal("<a>") == "XML: unclosed element (the one opened here) at byte 0");
  CHECK(refusal("<a></a></b>") == "XML: content after the root element at byte 7");
  CHECK(refusal("<a/><b/>") == "XML: content after the root element at byte 4");
  CHECK(refusal("</a>") == "XML: expected a name at byte 1");
  CHECK(refusal("<a></a") == "XML: malformed end tag at byte 3");
  CHECK(refusal("<a></ a>") == "XML: expected a name at byte 5");
  CHECK(refusal("<a").find("unterminated start tag") != std::string::npos);
  CHECK(refusal("<a x=\"1\"").find("unterminated start tag") != std::string::npos);
}

TEST_CASE("xml refuses malformed documents with a clear message", "[xml]") {
  CHECK(refusal("") == "XML: no root element at byte 0");
  CHECK(refusal("   ") == "XML: no root element at byte 3");
  CHECK(refusal("<!-- only a comment -->") == "XML: no root element at byte 23");
  CHECK(refusal("hello") == "XML: text outside the root element at byte 0");
  CHECK(refusal("<a/>trailing") == "XML: text outside the root element at byte 4");
  CHECK(refusal("<a x=1/>") == "XML: attribute value without quotes at byte 5");
  CHECK(refusal("<a x/>") == "XML: attribute without a value at byte 3");
  CHECK(refusal("<a x=\"1\"y=\"2\"/>") == "XML: expected whitespace between attributes at byte 8");
  CHECK(refusal("<a x=\"1\" x=\"2\"/>") == "XML: duplicate attribute at byte 9");
  CHECK(refusal("<a x=\"<\"/>") == "XML: \"<\" inside an attribute value at byte 6");
  CHECK(refusal("<a x=\"1/>") == "XML: unterminated attribute value at byte 9");
  CHECK(refusal("<a>a & b</a>") == "XML: unterminated entity reference at byte 5");
  CHECK(refusal("<a>&amp</a>") == "XML: unterminated entity reference at byte 3");
  CHECK(refusal("<a>&am p;</a>") == "XML: unknown entity (only the five predefined ones; no DTD) at byte 3");
  CHECK(refusal("<a>]]></a>") == "XML: \"]]>\" in text at byte 3");
  CHECK(refusal("<a><![CDATA[x</a>") == "XML: unterminated CDATA section at byte 3");
  CHECK(refusal("<a><!-- x -- y --></a>") == "XML: \"--\" inside a comment at byte 10");
  CHECK(refusal("<a><!-- x") == "XML: unterminated comment at byte 3");
  CHECK(refusal("<1a/>") == "XML: expected a name at byte 1");
}

TEST_CASE("xml refuses bad character references", "[xml]") {
  CHECK(refusal("<a>&#;</a>") == "XML: malformed character reference at byte 3");
  CHECK(refusal("<a>&#x;</a>") == "XML: malformed character reference at byte 3");
  CHECK(refusal("<a>&#12a;</a>") == "XML: malformed character reference at byte 3");
  CHECK(refusal("<a>&#0;</a>") == "XML: character reference to a character XML does not allow at byte 3");
  CHECK(refusal("<a>&#xD800;</a>").find("does not allow") != std::string::npos);
  CHECK(refusal("<a>&#xFFFE;</a>").find("does not allow") != std::string::npos);
  CHECK(refusal("<a>&#x110000;</a>") == "XML: character reference out of range at byte 3");
  CHECK(refusal("<a>&#99999999999999999999;</a>") == "XML: character reference out of range at byte 3");
  CHECK(refusal("<a>&#" + std::string(40, '0') + "65;</a>") ==
        "XML: unterminated entity reference at byte 3");
}

TEST_CASE("xml refuses bad UTF-8 and forbidden characters, naming the byte", "[xml]") {
  CHECK(refusal("<a>\xC3\x28</a>") == "XML: invalid UTF-8 at byte 3");
  CHECK(refusal("<a>\xED\xA0\x80</a>") == "XML: invalid UTF-8 at byte 3");  // a surrogate
  CHECK(refusal("<a>ok\xFF</a>") == "XML: invalid UTF-8 at byte 5");
  CHECK(refusal("<a>\xE2\x82</a>") == "XML: invalid UTF-8 at byte 3");
  CHECK(refusal(std::string("<a>x\0y</a>", 10)) == "XML: a character XML does not allow at byte 4");
  CHECK(refusal("<a>\x01</a>") == "XML: a character XML does not allow at byte 3");
  CHECK(refusal("<a>\xEF\xBF\xBF</a>") == "XML: a character XML does not allow at byte 3");  // U+FFFF
  auto fine = parse("<a>\xC3\xA9\xF0\x9F\x98\x80\t</a>");
  REQUIRE(fine.ok());
  CHECK(fine->text() == "\xC3\xA9\xF0\x9F\x98\x80\t");
  auto name = parse("<\xC3\xA9l\xC3\xA9ment/>");  // non-ASCII names
  REQUIRE(name.ok());
  CHECK(name->name() == "\xC3\xA9l\xC3\xA9ment");
}

TEST_CASE("xml caps the depth and the number of nodes", "[xml]") {
  auto nested = [](std::size_t levels) {
    std::string text;
    for (std::size_t i = 0; i < levels; ++i) text += "<a>";
    for (std::size_t i = 0; i < levels; ++i) text += "</a>";
    return text;
  };
  CHECK(parse(nested(32)).ok());
  CHECK(refusal(nested(33)) == "XML: elements nested deeper than 32 at byte 96");
  CHECK(refusal(nested(3), {2, 100}) == "XML: elements nested deeper than 2 at byte 6");
  // A caller's deeper limit is lowered to the cap: the stack stays small.
  CHECK(parse(nested(64), {1000, 100000}).ok());
  CHECK(refusal(nested(100000), {1000000, 1000000}) == "XML: elements nested deeper than 64 at byte 192");

  std::string many = "<r>";
  for (int i = 0; i < 10; ++i) many += "<k a=\"1\"/>";
  many += "</r>";
  CHECK(parse(many, {32, 21}).ok());  // the root, 10 elements, 10 attributes
  CHECK(refusal(many, {32, 20}) == "XML: more than 20 elements and attributes at byte 96");
}

TEST_CASE("xml: every truncation of the S3 samples is refused cleanly, never a crash", "[xml]") {
  for (const char* name : {"clients/s3-list-page.xml", "clients/s3-error-no-such-key.xml"}) {
    const std::string& text = ycfn_test::fixture(name);
    // The last cut still parses: the text past the root is whitespace.
    const std::size_t whole = text.rfind('>') + 1;
    for (std::size_t cut = 0; cut < whole; ++cut) {
      auto parsed = parse(std::string_view(text).substr(0, cut));
      CAPTURE(name, cut);
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().code == "xml.invalid");
    }
    CHECK(parse(std::string_view(text).substr(0, whole)).ok());
  }
}
