#include "ycfn/json.hpp"

#include <limits>
#include <string>

#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace ycfn::json {

namespace {

// "`key` is missing" / "`key` is not <wanted> (it is <type>)": names the key,
// never quotes the value.
Error bad_field(const nlohmann::json& object, std::string_view key, const char* wanted) {
  std::string message = "`" + std::string(key) + "` ";
  const nlohmann::json* value = find(object, key);
  if (!object.is_object()) {
    message += "cannot be read: the value holding it is not an object (it is " +
               std::string(object.type_name()) + ")";
  } else if (value == nullptr) {
    message += "is missing";
  } else {
    message += "is not " + std::string(wanted) + " (it is " + value->type_name() + ")";
  }
  return make_error("json.bad_field", std::move(message));
}

}  // namespace

std::optional<std::string_view> as_string(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  return std::string_view(value.get_ref<const std::string&>());
}

std::optional<std::int64_t> as_int(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

std::optional<double> as_number(const nlohmann::json& value) {
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

std::optional<bool> as_bool(const nlohmann::json& value) {
  if (!value.is_boolean()) return std::nullopt;
  return value.get<bool>();
}

const nlohmann::json* as_object(const nlohmann::json& value) { return value.is_object() ? &value : nullptr; }

const nlohmann::json* as_array(const nlohmann::json& value) { return value.is_array() ? &value : nullptr; }

const nlohmann::json* find(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const nlohmann::json* at(const nlohmann::json& array, std::size_t index) {
  if (!array.is_array() || index >= array.size()) return nullptr;
  return &array[index];
}

std::optional<std::string_view> get_string(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_string(*value) : std::nullopt;
}

std::optional<std::int64_t> get_int(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_int(*value) : std::nullopt;
}

std::optional<double> get_number(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_number(*value) : std::nullopt;
}

std::optional<bool> get_bool(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_bool(*value) : std::nullopt;
}

const nlohmann::json* get_object(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_object(*value) : nullptr;
}

const nlohmann::json* get_array(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = find(object, key);
  return value ? as_array(*value) : nullptr;
}

Result<std::string_view> require_string(const nlohmann::json& object, std::string_view key) {
  if (auto v = get_string(object, key)) return *v;
  return bad_field(object, key, "a string");
}

Result<std::int64_t> require_int(const nlohmann::json& object, std::string_view key) {
  if (auto v = get_int(object, key)) return *v;
  return bad_field(object, key, "an integer");
}

Result<double> require_number(const nlohmann::json& object, std::string_view key) {
  if (auto v = get_number(object, key)) return *v;
  return bad_field(object, key, "a number");
}

Result<bool> require_bool(const nlohmann::json& object, std::string_view key) {
  if (auto v = get_bool(object, key)) return *v;
  return bad_field(object, key, "a boolean");
}

Result<const nlohmann::json*> require_object(const nlohmann::json& object, std::string_view key) {
  if (const nlohmann::json* v = get_object(object, key)) return v;
  return bad_field(object, key, "an object");
}

Result<const nlohmann::json*> require_array(const nlohmann::json& object, std::string_view key) {
  if (const nlohmann::json* v = get_array(object, key)) return v;
  return bad_field(object, key, "an array");
}

std::string dump(const nlohmann::json& value) { return json_text(value); }

Result<nlohmann::json> parse(std::string_view text) {
  return parse_json_text(text, "json.invalid", "JSON text");
}

}  // namespace ycfn::json
