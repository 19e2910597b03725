#include "event_fields.hpp"

#include <utility>

#include "ycfn/detail/json_writer.hpp"

namespace ycfn::event_fields {
namespace {

constexpr std::size_t kMaxQuotedName = 64;

std::optional<std::string> value_text(const nlohmann::json& value, Values values) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (values == Values::scalars && (value.is_number() || value.is_boolean())) {
    return json_text(value);
  }
  return std::nullopt;
}

const char* expected_value(Values values) {
  return values == Values::strings ? "strings" : "strings or numbers";
}

}  // namespace

std::string describe_type(const nlohmann::json& value) {
  std::string name = value.type_name();
  if (name == "null") return name;
  const bool vowel = !name.empty() && (name[0] == 'a' || name[0] == 'o');
  return (vowel ? "an " : "a ") + name;
}

Error not_an_object(const nlohmann::json& event) {
  return make_error("event.malformed", "event is not a JSON object (it is " + describe_type(event) + ")");
}

const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

Error wrong_type(std::string_view path, const std::string& expected, const nlohmann::json& actual) {
  return make_error("event.malformed",
                    std::string(path) + " must be " + expected + " (it is " + describe_type(actual) + ")");
}

Error missing(std::string_view path, const std::string& expected) {
  return make_error("event.malformed", std::string(path) + " is missing; it must be " + expected);
}

std::string quote_name(std::string_view name) {
  if (name.size() <= kMaxQuotedName) return "\"" + std::string(name) + "\"";
  return "\"" + std::string(name.substr(0, kMaxQuotedName)) + "...\"";
}

Result<std::string> optional_string(const nlohmann::json& object, std::string_view key,
                                    std::string_view path) {
  const nlohmann::json* value = member(object, key);
  if (value == nullptr) return std::string();
  if (!value->is_string()) return wrong_type(path, "a string", *value);
  return value->get_ref<const std::string&>();
}

Result<std::string> required_string(const nlohmann::json& object, std::string_view key,
                                    std::string_view path) {
  const nlohmann::json* value = member(object, key);
  if (value == nullptr) return missing(path, "a string");
  if (!value->is_string()) return wrong_type(path, "a string", *value);
  return value->get_ref<const std::string&>();
}

Result<const nlohmann::json*> optional_object(const nlohmann::json& object, std::string_view key,
                                              std::string_view path) {
  const nlohmann::json* value = member(object, key);
  if (value != nullptr && !value->is_object()) return wrong_type(path, "an object", *value);
  return value;
}

std::optional<Error> read_value_maps(const nlohmann::json* multi, std::string_view multi_field,
                                     const nlohmann::json* single, std::string_view single_field,
                                     Values values, NamedValues& out) {
  const auto multi_path = [multi_field] { return "event." + std::string(multi_field); };
  const auto single_path = [single_field] { return "event." + std::string(single_field); };
  const auto multi_expected = [values] {
    return std::string("an object of arrays of ") + expected_value(values);
  };
  const auto single_expected = [values] { return std::string("an object of ") + expected_value(values); };
  const auto bad_item = [](const std::string& path, const std::string& expected, const std::string& what,
                           const nlohmann::json& actual) {
    return make_error("event.malformed",
                      path + " must be " + expected + " (" + what + " is " + describe_type(actual) + ")");
  };

  if (multi != nullptr) {
    if (!multi->is_object()) return wrong_type(multi_path(), multi_expected(), *multi);
    for (const auto& [name, list] : multi->items()) {
      if (!list.is_array()) return bad_item(multi_path(), multi_expected(), quote_name(name), list);
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::optional<std::string> text = value_text(list[i], values);
        if (!text) {
          return bad_item(multi_path(), multi_expected(), quote_name(name) + "[" + std::to_string(i) + "]",
                          list[i]);
        }
        out.add(name, std::move(*text));
      }
    }
  }
  if (single == nullptr) return std::nullopt;
  if (!single->is_object()) return wrong_type(single_path(), single_expected(), *single);
  // Collected apart first, so that names differing only in case (headers) merge
  // with each other, and are skipped as a whole when the multi-value map had them.
  NamedValues singles(out.name_case());
  for (const auto& [name, value] : single->items()) {
    std::optional<std::string> text = value_text(value, values);
    if (!text) return bad_item(single_path(), single_expected(), quote_name(name), value);
    singles.add(name, std::move(*text));
  }
  for (const auto& entry : singles) {
    if (out.contains(entry.name)) continue;
    for (const auto& value : entry.values) out.add(entry.name, value);
  }
  return std::nullopt;
}

}  // namespace ycfn::event_fields
