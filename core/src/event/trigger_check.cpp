// The trigger event checks without the decoding (why: trigger_check.hpp). The
// rules are those of trigger_event.cpp and trigger_details.cpp, field by field
// in the same order, so the first error is the same; paths and messages are
// built only on failure, and nothing is copied out of the event.
#include "trigger_check.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

#include "event_fields.hpp"
#include "ycfn/json.hpp"
#include "ycfn/trigger_event.hpp"

namespace ycfn::detail {
namespace {

using event_fields::member;
using Kind = TriggerMessage::Kind;

// Where a field is: a chain of segments from the event down, made into text
// ("event.messages[0].details.queue_id") only for an error message. (Building
// every path as a std::string, as the parse does, was most of this file's wasm.)
struct Path {
  const Path* parent = nullptr;
  const char* key = nullptr;              // ".key"
  const std::string* name = nullptr;      // "[\"name\"]" (a map key)
  std::size_t index = std::string::npos;  // "[i]"
};

std::string text(const Path& path) {
  if (path.parent == nullptr) return "event";
  std::string out = text(*path.parent);
  if (path.key != nullptr) return out + "." + path.key;
  if (path.name != nullptr) return out + "[" + event_fields::quote_name(*path.name) + "]";
  return out + "[" + std::to_string(path.index) + "]";
}

// Each check below answers whether the part is fine, and on failure sets
// `error` (rather than returning std::optional<Error>: moving an Error out
// through every level cost more wasm than the checks themselves).
bool fail(Error made, std::optional<Error>& error) {
  error = std::move(made);
  return false;
}

bool wrong_type(const Path& path, const char* expected, const nlohmann::json& actual,
                std::optional<Error>& error) {
  return fail(event_fields::wrong_type(text(path), expected, actual), error);
}

// The member `key` of `object` must be an object (absent or null: `required`
// says); `*out` is it, or nullptr.
bool check_object(const nlohmann::json& object, const Path& parent, const char* key, bool required,
                  const nlohmann::json** out, std::optional<Error>& error) {
  *out = member(object, key);
  if (*out == nullptr) {
    return !required || fail(event_fields::missing(text(Path{&parent, key}), "an object"), error);
  }
  return (*out)->is_object() || wrong_type(Path{&parent, key}, "an object", **out, error);
}

// None of `keys` is present but not a string (nor, when `required`, absent):
// the first that is gives the error read_strings() answers.
bool check_strings(const nlohmann::json& object, const Path& parent, std::initializer_list<const char*> keys,
                   bool required, std::optional<Error>& error) {
  for (const char* key : keys) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr) {
      if (required) return fail(event_fields::missing(text(Path{&parent, key}), "a string"), error);
    } else if (!value->is_string()) {
      return wrong_type(Path{&parent, key}, "a string", *value, error);
    }
  }
  return true;
}

bool check_metadata(const nlohmann::json& m, const Path& mpath, std::optional<Error>& error) {
  if (!check_strings(m, mpath, {"event_id", "event_type", "cloud_id", "folder_id"}, false, error))
    return false;
  if (const nlohmann::json* created_at = member(m, "created_at"); created_at && !created_at->is_string()) {
    const Path path{&mpath, "created_at"};
    if (!created_at->is_object()) {
      return wrong_type(path, "a string or an object {seconds, nanos}", *created_at, error);
    }
    Timestamp unused;
    error = read_timestamp_object(*created_at, text(path), unused);
    if (error) return false;
  }
  const nlohmann::json* tracing = nullptr;
  return check_object(m, mpath, "tracing_context", false, &tracing, error);
}

// Message Queue's details.message (queue_id is checked with the other strings).
bool check_queue_message(const nlohmann::json& d, const Path& dpath, std::optional<Error>& error) {
  const Path mpath{&dpath, "message"};
  const nlohmann::json* message = nullptr;
  if (!check_object(d, dpath, "message", true, &message, error) ||
      !check_strings(*message, mpath, {"message_id", "body"}, true, error) ||
      !check_strings(*message, mpath, {"md5_of_body", "md5_of_message_attributes"}, false, error)) {
    return false;
  }
  const nlohmann::json* attributes = nullptr;
  if (!check_object(*message, mpath, "attributes", false, &attributes, error)) return false;
  if (attributes != nullptr) {
    for (const auto& [name, value] : attributes->get_ref<const nlohmann::json::object_t&>()) {
      if (!value.is_string()) {
        return fail(make_error("event.malformed", text(Path{&mpath, "attributes"}) +
                                                      " must be an object of strings (" +
                                                      event_fields::quote_name(name) + " is not a string)"),
                    error);
      }
    }
  }
  const Path apath{&mpath, "message_attributes"};
  if (!check_object(*message, mpath, "message_attributes", false, &attributes, error)) return false;
  if (attributes == nullptr) return true;
  // The map itself rather than items(), whose entries also serve arrays.
  for (const auto& [name, value] : attributes->get_ref<const nlohmann::json::object_t&>()) {
    const Path path{&apath, nullptr, &name};
    if (!value.is_object()) return wrong_type(path, "an object", value, error);
    // Either spelling of each field, snake_case first (trigger_details.cpp).
    const char* type = member(value, "data_type") != nullptr ? "data_type" : "dataType";
    const char* string = member(value, "string_value") != nullptr ? "string_value" : "stringValue";
    if (!check_strings(value, path, {type, string}, false, error)) return false;
  }
  return true;
}

bool check_logging(const nlohmann::json& d, const Path& dpath, std::optional<Error>& error) {
  const Path epath{&dpath, "messages"};
  const nlohmann::json* entries = member(d, "messages");
  if (entries == nullptr) return fail(event_fields::missing(text(epath), "an array"), error);
  if (!entries->is_array()) return wrong_type(epath, "an array", *entries, error);
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const nlohmann::json& entry = (*entries)[i];
    const Path path{&epath, nullptr, nullptr, i};
    const nlohmann::json* resource = nullptr;
    if (!entry.is_object()) return wrong_type(path, "an object", entry, error);
    if (!check_strings(entry, path, {"timestamp", "message", "level", "log_group_id", "log_stream_name"},
                       false, error) ||
        !check_object(entry, path, "resource", false, &resource, error) ||
        (resource != nullptr &&
         !check_strings(*resource, Path{&path, "resource"}, {"type", "id"}, false, error))) {
      return false;
    }
  }
  return true;
}

// The string members of each kind's details, in the order the parse reads
// them (trigger_details.cpp); Message Queue's message and logging's entries
// are checked below.
struct DetailString {
  const char* key;
  Kind kind;
  bool required;
};
constexpr DetailString kDetailStrings[] = {
    {"trigger_id", Kind::timer, true},
    {"payload", Kind::timer, false},
    {"queue_id", Kind::message_queue, true},
    {"bucket_id", Kind::object_storage, true},
    {"object_id", Kind::object_storage, true},
    {"mqtt_topic", Kind::iot, true},
    {"registry_id", Kind::iot, false},
    {"device_id", Kind::iot, false},
    {"broker_id", Kind::iot, false},
    {"payload", Kind::iot, false},
    {"registry_id", Kind::container_registry, true},
    {"repository_name", Kind::container_registry, false},
    {"image_id", Kind::container_registry, false},
    {"image_digest", Kind::container_registry, false},
    {"tag", Kind::container_registry, false},
};

bool check_details(Kind kind, const nlohmann::json& message, const Path& path, std::optional<Error>& error) {
  const Path dpath{&path, "details"};
  const nlohmann::json* d = nullptr;
  if (!check_object(message, path, "details", true, &d, error)) return false;
  for (const DetailString& rule : kDetailStrings) {
    if (rule.kind == kind && !check_strings(*d, dpath, {rule.key}, rule.required, error)) return false;
  }
  if (kind == Kind::message_queue) return check_queue_message(*d, dpath, error);
  if (kind == Kind::logging) return check_logging(*d, dpath, error);
  return true;
}

// One message. Without event_metadata it is a budget, mail or Data Streams
// message, and none of those is ever refused (a failed reading is a record).
bool check_message(const nlohmann::json& message, const Path& path, std::optional<Error>& error) {
  if (!message.is_object()) return wrong_type(path, "an object", message, error);
  const nlohmann::json* metadata = nullptr;
  if (!check_object(message, path, "event_metadata", false, &metadata, error)) return false;
  if (metadata == nullptr) return true;
  if (!check_metadata(*metadata, Path{&path, "event_metadata"}, error)) return false;
  const nlohmann::json* type = member(*metadata, "event_type");
  // No event_type is no known one.
  const Kind kind = type != nullptr ? trigger_kind(type->get_ref<const std::string&>()) : Kind::other;
  return kind == Kind::other || check_details(kind, message, path, error);  // `other`: details untouched
}

// `text` read as the JSON text it is when that is an integer that fits int64
// (protobuf writes an int64 as a string of digits): "-12" and "12" are,
// anything else ("1e3", " 1", "0x1", "1.5", "012", "-") is not. By hand rather
// than through nlohmann's parse, whose callback parser only this used (~3 KB
// of every Node module).
std::optional<std::int64_t> integer_text(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  // JSON: "0", or a digit 1-9 and more digits; 19 digits at most for int64.
  if (digits.empty() || digits.size() > 19 || (digits[0] == '0' && digits.size() > 1)) return std::nullopt;
  std::uint64_t magnitude = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');  // 19 digits never overflow uint64
  }
  constexpr std::uint64_t kMaxInt64 = 9223372036854775807ULL;
  if (magnitude > kMaxInt64 + (negative ? 1 : 0)) return std::nullopt;
  if (!negative) return static_cast<std::int64_t>(magnitude);
  return magnitude == kMaxInt64 + 1 ? std::numeric_limits<std::int64_t>::min()
                                    : -static_cast<std::int64_t>(magnitude);
}

// The two members of the object form, each an integer within its range (the
// limits written out: std::to_string calls cost more wasm).
struct TimestampPart {
  const char* key;
  std::int64_t min;
  std::int64_t max;
  const char* out_of_range;  // follows the member's path
};
constexpr TimestampPart kTimestampParts[] = {
    {"seconds", kMinTimestampSeconds, kMaxTimestampSeconds,
     ".seconds must be within years 0 to 9999 (from -62167219200 to 253402300799)"},
    {"nanos", 0, 999999999, ".nanos must be from 0 to 999999999"},
};
static_assert(kMinTimestampSeconds == -62167219200 && kMaxTimestampSeconds == 253402300799,
              "kTimestampParts spells the limits out");

}  // namespace

std::optional<Error> read_timestamp_object(const nlohmann::json& value, const std::string& path,
                                           Timestamp& out) {
  std::int64_t numbers[2] = {out.seconds, out.nanos};
  for (std::size_t i = 0; i < 2; ++i) {
    const TimestampPart& part = kTimestampParts[i];
    const nlohmann::json* member_value = member(value, part.key);
    if (member_value == nullptr) continue;
    std::optional<std::int64_t> number = json::as_int(*member_value);
    // Only seconds (an int64) may come as a string of digits.
    if (!number && i == 0 && member_value->is_string()) {
      number = integer_text(member_value->get_ref<const std::string&>());
    }
    if (!number) return event_fields::wrong_type(path + "." + part.key, "an integer", *member_value);
    if (*number < part.min || *number > part.max)
      return make_error("event.malformed", path + part.out_of_range);
    numbers[i] = *number;
  }
  out.seconds = numbers[0];
  out.nanos = static_cast<std::int32_t>(numbers[1]);
  return std::nullopt;
}

std::optional<Error> check_trigger_event(const nlohmann::json& event) {
  if (!event.is_object()) return event_fields::not_an_object(event);
  const auto it = event.find("messages");
  if (it == event.end()) return event_fields::missing("event.messages", "an array");
  if (!it->is_array()) return event_fields::wrong_type("event.messages", "an array", *it);
  const Path root;
  const Path messages{&root, "messages"};
  std::optional<Error> error;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!check_message((*it)[i], Path{&messages, nullptr, nullptr, i}, error)) break;
  }
  return error;
}

}  // namespace ycfn::detail
