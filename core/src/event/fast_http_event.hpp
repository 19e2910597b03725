// The fast parse of an HTTP event: straight from the text into the typed
// Request, without nlohmann's DOM (Request::raw() builds that later, if asked).
//
// Why: building and destroying the DOM of a ~1 KB platform event was about 40%
// of a warm http-echo invocation (callgrind, native).
#pragma once

#include <optional>
#include <string_view>

#include "ycfn/request.hpp"

namespace ycfn::detail {

// The request parse_event(event_json, body_text) gives, when the event is one
// of the common HTTP shapes and the fast parse is sure of it: the same typed
// fields and the same raw() as the ordinary parse. std::nullopt ("not
// handled") for anything else, every error included: not an object, no
// string httpMethod, invalid JSON anywhere in the text, nesting deeper than
// kMaxJsonDepth, a field of an unexpected type, a duplicate of a key it reads,
// a number it cannot vouch for (see JsonScanner::read_number), a
// body that is not base64 when it should be, a body member next to a separate
// body, a separate body that is not UTF-8, a requestContext with a
// `connectionId` or `eventType` (a WebSocket event). The caller then runs the ordinary
// parse, which gives the answer (and its exact error message).
std::optional<Request> try_fast_http_event(std::string_view event_json,
                                           std::optional<std::string_view> body_text = std::nullopt);

}  // namespace ycfn::detail
