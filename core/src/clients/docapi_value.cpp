// Typed attribute values of the Document API and their JSON wire form.
#include <utility>

#include "ycfn/base64.hpp"
#include "ycfn/clients/docapi.hpp"
#include "ycfn/json.hpp"

namespace ycfn::docapi {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// -?digits(.digits)?([eE][+-]?digits)?, or with the integer part left out
// (".5"), as DynamoDB accepts; at most 64 characters.
bool is_decimal(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  std::size_t i = 0;
  if (text[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  bool digits = i > int_start;
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction_start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    digits = digits || i > fraction_start;
  }
  if (!digits) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exponent_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == exponent_start) return false;
  }
  return i == text.size();
}

Error bad_value(const std::string& path, std::string_view what) {
  return make_error("docapi.bad_value", "attribute value " + path + ": " + std::string(what));
}

Result<Value> from_json(const nlohmann::json& json, const std::string& path, std::size_t depth);

// An SS, NS or BS: a non-empty array of strings, each checked by `element`.
template <typename Check>
Result<std::vector<std::string>> set_from_json(const nlohmann::json& json, const std::string& path,
                                               Check element) {
  if (!json.is_array() || json.empty()) return bad_value(path, "a set must be a non-empty array");
  std::vector<std::string> out;
  for (const auto& item : json) {
    auto text = json::as_string(item);
    if (!text) return bad_value(path, "a set element is not a string");
    auto value = element(*text);
    if (!value) return bad_value(path, "a set element is not valid for its type");
    out.push_back(std::move(*value));
  }
  return out;
}

Result<Value> from_json(const nlohmann::json& json, const std::string& path, std::size_t depth) {
  if (depth > kMaxValueDepth) return bad_value(path, "nested deeper than 32");
  if (!json.is_object() || json.size() != 1)
    return bad_value(path, "not an object with exactly one type key");
  const std::string& type = json.begin().key();
  const nlohmann::json& inner = json.begin().value();
  const auto text = json::as_string(inner);
  if (type == "S") {
    if (!text) return bad_value(path, "S is not a string");
    return Value::string(std::string(*text));
  }
  if (type == "N") {
    if (!text) return bad_value(path, "N is not a string");
    auto number = Value::decimal(std::string(*text));
    if (!number) return bad_value(path, "N is not a decimal number");
    return number;
  }
  if (type == "B") {
    auto bytes = text ? base64_decode(*text) : Result<std::string>(Error{});
    if (!bytes) return bad_value(path, "B is not base64");
    return Value::binary(std::move(bytes).value());
  }
  if (type == "BOOL") {
    auto b = json::as_bool(inner);
    if (!b) return bad_value(path, "BOOL is not true or false");
    return Value::boolean(*b);
  }
  if (type == "NULL") {
    if (json::as_bool(inner) != std::optional<bool>(true)) return bad_value(path, "NULL is not true");
    return Value::null();
  }
  if (type == "L") {
    if (!inner.is_array()) return bad_value(path, "L is not an array");
    std::vector<Value> values;
    for (std::size_t i = 0; i < inner.size(); ++i) {
      auto value = from_json(inner[i], path + "[" + std::to_string(i) + "]", depth + 1);
      if (!value) return value;
      values.push_back(std::move(value).value());
    }
    return Value::list(std::move(values));
  }
  if (type == "M") {
    if (!inner.is_object()) return bad_value(path, "M is not an object");
    Item members;
    for (auto it = inner.begin(); it != inner.end(); ++it) {
      auto value = from_json(it.value(), path + "." + it.key(), depth + 1);
      if (!value) return value;
      members.emplace(it.key(), std::move(value).value());
    }
    return Value::map(members);
  }
  if (type == "SS") {
    auto set = set_from_json(inner, path, [](std::string_view s) { return std::optional<std::string>(s); });
    if (!set) return set.error();
    return Value::string_set(std::move(set).value());
  }
  if (type == "NS") {
    auto set = set_from_json(inner, path, [](std::string_view s) {
      return is_decimal(s) ? std::optional<std::string>(s) : std::nullopt;
    });
    if (!set) return set.error();
    return Value::decimal_set(std::move(set).value());
  }
  if (type == "BS") {
    auto set = set_from_json(inner, path, [](std::string_view s) -> std::optional<std::string> {
      auto bytes = base64_decode(s);
      if (!bytes) return std::nullopt;
      return std::move(bytes).value();
    });
    if (!set) return set.error();
    return Value::binary_set(std::move(set).value());
  }
  return bad_value(path, "unknown type key (S, N, B, BOOL, NULL, L, M, SS, NS, BS)");
}

}  // namespace

Value Value::string(std::string text) {
  Value v;
  v.type_ = Type::string;
  v.scalar_ = std::move(text);
  return v;
}

Value Value::number(std::int64_t n) {
  Value v;
  v.type_ = Type::number;
  v.scalar_ = std::to_string(n);
  return v;
}

Result<Value> Value::decimal(std::string text) {
  if (!is_decimal(text))
    return make_error("docapi.bad_value", "a number must be decimal text such as -12.5e3");
  Value v;
  v.type_ = Type::number;
  v.scalar_ = std::move(text);
  return v;
}

Value Value::binary(std::string bytes) {
  Value v;
  v.type_ = Type::binary;
  v.scalar_ = std::move(bytes);
  return v;
}

Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::boolean;
  v.boolean_ = b;
  return v;
}

Value Value::list(std::vector<Value> values) {
  Value v;
  v.type_ = Type::list;
  v.list_ = std::move(values);
  return v;
}

Value Value::map(const std::map<std::string, Value, std::less<>>& members) {
  Value v;
  v.type_ = Type::map;
  v.members_.assign(members.begin(), members.end());  // sorted and unique, as a std::map is
  return v;
}

Value Value::string_set(std::vector<std::string> texts) {
  Value v;
  v.type_ = Type::string_set;
  v.set_ = std::move(texts);
  return v;
}

Value Value::number_set(const std::vector<std::int64_t>& numbers) {
  Value v;
  v.type_ = Type::number_set;
  for (const auto n : numbers) v.set_.push_back(std::to_string(n));
  return v;
}

Result<Value> Value::decimal_set(std::vector<std::string> decimals) {
  for (const auto& text : decimals) {
    if (!is_decimal(text))
      return make_error("docapi.bad_value", "a number must be decimal text such as -12.5e3");
  }
  Value v;
  v.type_ = Type::number_set;
  v.set_ = std::move(decimals);
  return v;
}

Value Value::binary_set(std::vector<std::string> bytes) {
  Value v;
  v.type_ = Type::binary_set;
  v.set_ = std::move(bytes);
  return v;
}

std::optional<std::int64_t> Value::as_int() const {
  if (type_ != Type::number) return std::nullopt;
  auto parsed = json::parse(scalar_);
  return parsed ? json::as_int(*parsed) : std::nullopt;
}

std::optional<bool> Value::as_bool() const {
  if (type_ != Type::boolean) return std::nullopt;
  return boolean_;
}

const Value* Value::get(std::string_view name) const {
  if (type_ != Type::map) return nullptr;
  for (const auto& member : members_) {
    if (member.first == name) return &member.second;
  }
  return nullptr;
}

const std::vector<std::string>* Value::as_set() const {
  const bool set = type_ == Type::string_set || type_ == Type::number_set || type_ == Type::binary_set;
  return set ? &set_ : nullptr;
}

bool operator==(const Value& a, const Value& b) {
  return a.type_ == b.type_ && a.scalar_ == b.scalar_ && a.boolean_ == b.boolean_ && a.list_ == b.list_ &&
         a.members_ == b.members_ && a.set_ == b.set_;
}

nlohmann::json to_json(const Value& value) {
  switch (value.type()) {
    case Value::Type::string:
      return {{"S", *value.as_string()}};
    case Value::Type::number:
      return {{"N", *value.as_number_text()}};
    case Value::Type::binary:
      return {{"B", base64_encode(*value.as_binary())}};
    case Value::Type::boolean:
      return {{"BOOL", *value.as_bool()}};
    case Value::Type::null:
      return {{"NULL", true}};
    case Value::Type::list: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : *value.as_list()) list.push_back(to_json(item));
      return {{"L", std::move(list)}};
    }
    case Value::Type::map: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& [name, item] : *value.as_map()) map[name] = to_json(item);
      return {{"M", std::move(map)}};
    }
    case Value::Type::string_set:
      return {{"SS", *value.as_set()}};
    case Value::Type::number_set:
      return {{"NS", *value.as_set()}};
    case Value::Type::binary_set: {
      nlohmann::json set = nlohmann::json::array();
      for (const auto& bytes : *value.as_set()) set.push_back(base64_encode(bytes));
      return {{"BS", std::move(set)}};
    }
  }
  return {{"NULL", true}};
}

nlohmann::json to_json(const Item& item) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : item) out[name] = to_json(value);
  return out;
}

Result<Value> value_from_json(const nlohmann::json& json) { return from_json(json, "(value)", 1); }

Result<Item> item_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return make_error("docapi.bad_value", "an item must be a JSON object");
  Item item;
  for (auto it = json.begin(); it != json.end(); ++it) {
    auto value = from_json(it.value(), it.key(), 1);
    if (!value) return value.error();
    item.emplace(it.key(), std::move(value).value());
  }
  return item;
}

}  // namespace ycfn::docapi
