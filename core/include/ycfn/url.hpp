// Building URLs from values a handler does not control (a folder id from the
// environment, a key from an event, a page token from a reply): every value is
// percent-encoded, so none can add a path segment, a query parameter or a
// fragment of its own.
//
//   auto url = ycfn::url::join(context.env("YC_COMPUTE_ENDPOINT", kDefault),
//                              "compute/v1/instances/" + ycfn::url::encode_path_segment(id) + ":stop");
//   auto call = ycfn::HttpCall::get(base).query("folderId", folder);  // fetch.hpp
#pragma once

#include <string>
#include <string_view>

#include "ycfn/result.hpp"

namespace ycfn::url {

// RFC 3986 percent-encoding of one path segment: everything but the unreserved
// characters (A-Z a-z 0-9 - . _ ~) becomes %XX (upper-case hex), '/' included.
std::string encode_path_segment(std::string_view segment);
// The same rule for a query name or value ('&', '=', '+', '#', space all
// encoded: a space is %20, never '+').
std::string encode_query_component(std::string_view component);
// Each '/'-separated segment of `path` encoded, the slashes kept (an object
// key in a bucket, "a b/c.txt" -> "a%20b/c.txt").
std::string encode_path(std::string_view path);

// Decodes %XX escapes (and nothing else: '+' stays '+'). Error `url.bad_escape`
// naming the offset when a '%' is not followed by two hex digits.
Result<std::string> decode_component(std::string_view text);

// `base` and `path` with exactly one '/' between them: an endpoint from the
// environment may or may not end with '/', a path may or may not start with
// one. An empty path gives `base` without its trailing slashes.
std::string join(std::string_view base, std::string_view path);

}  // namespace ycfn::url
