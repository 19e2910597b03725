// The checks of a trigger event without the typed decoding: what parse_event()
// runs before every handler, so that a malformed trigger batch is refused
// before the handler runs while the decoding (trigger_event.cpp,
// trigger_details.cpp, trigger_flat_messages.cpp, timestamps) is linked only
// into a module whose handler calls Request::trigger() (request_trigger.cpp).
// Why: the typed decoding is ~20 KB of wasm that an HTTP handler such as
// examples/context-token never uses (issue 25: its module must not grow).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"
#include "ycfn/timestamp.hpp"

namespace ycfn::detail {

// Exactly the error parse_trigger_event(event) answers (the first it meets,
// the same code and message), or nothing when it would succeed. Checked
// against the parse by tests/core/test_trigger_event.cpp and
// fuzz/fuzz_trigger_event.cpp.
std::optional<Error> check_trigger_event(const nlohmann::json& event);

// created_at's protobuf object form {"seconds", "nanos"} into `out` (both
// optional: 0 when absent); `path` names it. Shared by the check and the parse.
std::optional<Error> read_timestamp_object(const nlohmann::json& value, const std::string& path,
                                           Timestamp& out);

}  // namespace ycfn::detail
