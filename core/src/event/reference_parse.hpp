// The reference parse of an event: nlohmann's DOM of the whole text first,
// then the typed Request from the DOM (request_from_json). Internal to the
// core, its tests and its fuzz targets.
//
// It is the specification of parse_event: every faster path
// (try_fast_http_event) must answer exactly what it answers, or not answer at
// all and leave the event to it (docs/json-pipeline.md). parse_event falls
// back to it, and the tests and fuzz targets that check a fast path compare
// with it, so that the rule has one spelling.
#pragma once

#include <optional>
#include <string_view>

#include "ycfn/request.hpp"

namespace ycfn::detail {

// parse_event(event_json, body_text) the ordinary way: the text parsed whole
// (its errors first), then the separate body, when there is one, added as the
// top-level "body" member (an error when the text has one already or the body
// is not UTF-8), then request_from_json.
Result<Request> parse_event_reference(std::string_view event_json,
                                      std::optional<std::string_view> body_text = std::nullopt);

}  // namespace ycfn::detail
