// Safe reading of JSON a handler did not write (a request body from
// HttpRequest::json_body(), Request::raw(), a trigger's details).
//
// The core is built without exceptions, so nlohmann/json's throwing accessors
// (`get<T>()` of the wrong type, `at()` of a missing key) abort the module: the
// caller sees a 500 `ycfn.trap` (and `operator[]` of a missing key on a const
// object is undefined behaviour). These look-ups answer "absent or of another
// type" as a value:
//
//   const nlohmann::json& body = *parsed;             // from json_body()
//   auto name = ycfn::json::get_string(body, "name");  // std::optional<std::string_view>
//   auto age = ycfn::json::require_int(body, "age");   // ycfn::Result<std::int64_t>
//   if (!age) return ycfn::Response::from_error(age.error(), 400);
//
// Nothing here aborts, whatever the value: a non-object, a missing key and a
// value of another type all give std::nullopt / nullptr / an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"

namespace ycfn::json {

// The value itself when it has the type, else std::nullopt (nullptr).
std::optional<std::string_view> as_string(const nlohmann::json& value);
// An integer number that fits in int64 (not 1.5, not "1"; 2.0 is not an integer either).
std::optional<std::int64_t> as_int(const nlohmann::json& value);
// Any number, as a double.
std::optional<double> as_number(const nlohmann::json& value);
std::optional<bool> as_bool(const nlohmann::json& value);
const nlohmann::json* as_object(const nlohmann::json& value);
const nlohmann::json* as_array(const nlohmann::json& value);

// object[key] when `object` is an object that has `key`, else nullptr.
const nlohmann::json* find(const nlohmann::json& object, std::string_view key);
// array[index] when `array` is an array with more than `index` elements, else nullptr.
const nlohmann::json* at(const nlohmann::json& array, std::size_t index);

// as_*(object[key]): std::nullopt (nullptr) when `object` is not an object,
// has no `key`, or the value has another type (null included).
std::optional<std::string_view> get_string(const nlohmann::json& object, std::string_view key);
std::optional<std::int64_t> get_int(const nlohmann::json& object, std::string_view key);
std::optional<double> get_number(const nlohmann::json& object, std::string_view key);
std::optional<bool> get_bool(const nlohmann::json& object, std::string_view key);
const nlohmann::json* get_object(const nlohmann::json& object, std::string_view key);
const nlohmann::json* get_array(const nlohmann::json& object, std::string_view key);

// The same, or an Error with code `json.bad_field` whose message names the key
// and what is wrong ("`age` is missing", "`age` is not an integer (it is a
// string)"), never the value: ready for Response::from_error(e, 400).
// require_object and require_array never answer a null pointer.
Result<std::string_view> require_string(const nlohmann::json& object, std::string_view key);
Result<std::int64_t> require_int(const nlohmann::json& object, std::string_view key);
Result<double> require_number(const nlohmann::json& object, std::string_view key);
Result<bool> require_bool(const nlohmann::json& object, std::string_view key);
Result<const nlohmann::json*> require_object(const nlohmann::json& object, std::string_view key);
Result<const nlohmann::json*> require_array(const nlohmann::json& object, std::string_view key);

// Compact JSON text of `value`. Strings that are not valid UTF-8 (bytes a
// handler copied from a request) have the bad bytes replaced by U+FFFD instead
// of aborting, as Response::json does.
std::string dump(const nlohmann::json& value);

// Parses `text` as one JSON document, never aborting: an Error with code
// `json.invalid` when it is empty, not JSON, or nested deeper than 64 levels.
// (A request body: HttpRequest::json_body() does the same for you.)
Result<nlohmann::json> parse(std::string_view text);

}  // namespace ycfn::json
