// Reading fields of an untrusted event: type checks before every access, and
// errors (`event.malformed`) that name the field and the expected type. Private
// to the core's event parsers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/named_values.hpp"
#include "ycfn/result.hpp"

namespace ycfn::event_fields {

// The member `key` of `object` (which must be an object), or nullptr when it is
// absent or null: AWS-compatible payloads send null for an empty optional field.
// Keys and paths are string_views: the lookups run for every event, and a
// std::string made from a literal of more than 10 bytes is a heap allocation on
// wasm32 (nlohmann's object compares keys transparently).
const nlohmann::json* member(const nlohmann::json& object, std::string_view key);

// "a string", "an object", "a number", "null"...: reads naturally after "it is".
std::string describe_type(const nlohmann::json& value);
// event.malformed: "event is not a JSON object (it is <actual>)".
Error not_an_object(const nlohmann::json& event);

// event.malformed: "<path> must be <expected> (it is <actual>)".
Error wrong_type(std::string_view path, const std::string& expected, const nlohmann::json& actual);
// event.malformed: "<path> is missing; it must be <expected>".
Error missing(std::string_view path, const std::string& expected);

// `name` in double quotes, cut at 64 bytes, for messages about map keys.
std::string quote_name(std::string_view name);

// A string member: absent or null -> empty string.
Result<std::string> optional_string(const nlohmann::json& object, std::string_view key,
                                    std::string_view path);
// A string member that must be present.
Result<std::string> required_string(const nlohmann::json& object, std::string_view key,
                                    std::string_view path);
// An object member: absent or null -> nullptr.
Result<const nlohmann::json*> optional_object(const nlohmann::json& object, std::string_view key,
                                              std::string_view path);

// Which values a map of parameters may hold.
enum class Values {
  strings,  // headers, query parameters: the platform always sends strings
  scalars,  // API Gateway parameters: typed by the OpenAPI schema; numbers and
            // booleans are kept as their JSON text ("42", "true")
};

// Fills `out` from the pair of maps the platform sends for one thing: `multi`
// (name -> array of values) and `single` (name -> last value). A name whose
// array is present and non-empty takes the array; any other name takes its
// single value. Either map may be nullptr (absent). Errors name the event
// member, "event.<multi_field>" or "event.<single_field>"; messages are built
// only on failure (this runs several times for every HTTP event).
std::optional<Error> read_value_maps(const nlohmann::json* multi, std::string_view multi_field,
                                     const nlohmann::json* single, std::string_view single_field,
                                     Values values, NamedValues& out);

}  // namespace ycfn::event_fields
