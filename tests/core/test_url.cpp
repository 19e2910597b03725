// URL building (url.hpp), HttpCall::query and QueryParams::to_query_string:
// values a handler does not control never change a URL's structure.
#include <catch2/catch.hpp>

#include "ycfn/fetch.hpp"
#include "ycfn/query_params.hpp"
#include "ycfn/url.hpp"

TEST_CASE("url: a path segment keeps only the unreserved characters", "[url]") {
  CHECK(ycfn::url::encode_path_segment("fhm-abc_1.2~x") == "fhm-abc_1.2~x");
  CHECK(ycfn::url::encode_path_segment("a/b?c#d") == "a%2Fb%3Fc%23d");
  CHECK(ycfn::url::encode_path_segment("../x") == "..%2Fx");
  CHECK(ycfn::url::encode_path_segment("a b+c%") == "a%20b%2Bc%25");
  CHECK(ycfn::url::encode_path_segment("\xD0\xBF") == "%D0%BF");  // UTF-8 bytes, upper-case hex
  CHECK(ycfn::url::encode_path_segment(std::string("\0\xFF", 2)) == "%00%FF");
  CHECK(ycfn::url::encode_path_segment("").empty());
}

TEST_CASE("url: query components encode '&', '=', '+', '#' and spaces as %20", "[url]") {
  CHECK(ycfn::url::encode_query_component("a&b=c+d #e") == "a%26b%3Dc%2Bd%20%23e");
}

TEST_CASE("url: a path keeps its slashes, each segment encoded", "[url]") {
  CHECK(ycfn::url::encode_path("photos/2026 12/a+b.jpg") == "photos/2026%2012/a%2Bb.jpg");
  CHECK(ycfn::url::encode_path("/lead//trail/") == "/lead//trail/");
  CHECK(ycfn::url::encode_path("").empty());
}

TEST_CASE("url: decode_component undoes the encoding and refuses broken escapes", "[url]") {
  CHECK(ycfn::url::decode_component("a%20b%2Fc+d").value() == "a b/c+d");
  CHECK(ycfn::url::decode_component(ycfn::url::encode_path_segment("any \x01 bytes/?")).value() ==
        "any \x01 bytes/?");
  for (const char* bad : {"%", "%2", "%zz", "ab%g0", "%%"}) {
    const auto decoded = ycfn::url::decode_component(bad);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == "url.bad_escape");
  }
  CHECK(ycfn::url::decode_component("ab%g0").error().message ==
        "'%' at offset 2 is not followed by two hexadecimal digits");
}

TEST_CASE("url: join puts exactly one slash between base and path", "[url]") {
  CHECK(ycfn::url::join("https://h", "v1/x") == "https://h/v1/x");
  CHECK(ycfn::url::join("https://h/", "/v1/x") == "https://h/v1/x");
  CHECK(ycfn::url::join("https://h///", "v1") == "https://h/v1");
  CHECK(ycfn::url::join("https://h/", "") == "https://h");
}

TEST_CASE("HttpCall::query appends encoded pairs, before a fragment", "[url][fetch]") {
  CHECK(ycfn::HttpCall::get("https://h/p").query("folderId", "b1g").url() == "https://h/p?folderId=b1g");
  CHECK(ycfn::HttpCall::get("https://h/p?a=1").query("b", "x y").url() == "https://h/p?a=1&b=x%20y");
  CHECK(ycfn::HttpCall::get("https://h/p?").query("b", "2").url() == "https://h/p?b=2");
  CHECK(ycfn::HttpCall::get("https://h/p?a=1&").query("b", "2").url() == "https://h/p?a=1&b=2");
  CHECK(ycfn::HttpCall::get("https://h/p#frag").query("a", "1").url() == "https://h/p?a=1#frag");
  CHECK(ycfn::HttpCall::get("https://h/p?x=1#f?g").query("a", "1").url() == "https://h/p?x=1&a=1#f?g");
  // A value cannot add a parameter of its own.
  CHECK(ycfn::HttpCall::get("https://h/p").query("folderId", "x&admin=1").url() ==
        "https://h/p?folderId=x%26admin%3D1");
  ycfn::HttpCall call = ycfn::HttpCall::get("https://h/");
  call.query("a", "1").query("a", "2");
  CHECK(call.url() == "https://h/?a=1&a=2");
}

TEST_CASE("QueryParams::to_query_string: every value in order, encoded", "[url][query_params]") {
  ycfn::QueryParams params;
  CHECK(params.to_query_string().empty());
  params.add("a", "1");
  params.add("b c", "x&y");
  params.add("a", "");
  CHECK(params.to_query_string() == "a=1&a=&b%20c=x%26y");
}
