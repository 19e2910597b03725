// parse_event() on the raw bytes (the event text the platform hands the
// function). When the event is HTTP, every accessor is exercised: method,
// path, url, headers, query, path and OpenAPI parameters (iteration and
// get/get_all/contains/remove in several spellings), the request context,
// body(), json_body(), raw(). A trigger event's messages are walked too.
// Invariants: the multi-maps are consistent (every entry has a value, get()
// is the last of get_all(), header names match in any ASCII case),
// body_is_utf8() tells the truth, a base64 body is the decoding of the
// event's text, json_body() succeeds only on UTF-8 JSON within the depth limit;
// no text with a raw NUL byte is taken for JSON; parse_large_event (forced on
// at any size) agrees with the ordinary parse whenever it applies; the fast
// event parse (try_fast_http_event), with and without a separate body, agrees
// with the reference DOM parse (core/src/event/reference_parse.hpp) field by
// field whenever it answers, and parse_event's answer (errors included) is
// always the reference parse's.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../core/src/event/fast_http_event.hpp"
#include "../core/src/event/large_event.hpp"
#include "../core/src/event/reference_parse.hpp"
#include "fuzz_check.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string flip_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

bool has_ascii_letter(std::string_view text) {
  for (const char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// Every entry is found by its own name (and, for headers, in flipped case),
// has values, and get() is the last of get_all(). Removing a name removes it
// and keeps the others.
void check_map(const ycfn::NamedValues& map) {
  std::size_t count = 0;
  for (const auto& entry : map) {
    ++count;
    YCFN_FUZZ_CHECK(!entry.values.empty(), "an entry without values");
    YCFN_FUZZ_CHECK(map.contains(entry.name), "an entry not found by its name");
    const auto all = map.get_all(entry.name);
    YCFN_FUZZ_CHECK(all == entry.values, "get_all differs from the entry");
    const auto last = map.get(entry.name);
    YCFN_FUZZ_CHECK(last.has_value() && *last == entry.values.back(), "get is not the last value");
    const std::string flipped = flip_case(entry.name);
    if (map.name_case() == ycfn::NamedValues::NameCase::insensitive) {
      YCFN_FUZZ_CHECK(map.get_all(flipped) == entry.values, "a header name does not match in another case");
    } else if (has_ascii_letter(entry.name) && map.contains(flipped)) {
      // Only a distinct parameter spelled exactly so may answer.
      bool exact = false;
      for (const auto& other : map) exact = exact || other.name == flipped;
      YCFN_FUZZ_CHECK(exact, "a parameter name matched in another case");
    }
  }
  YCFN_FUZZ_CHECK(count == map.size(), "size() differs from the entries");
  for (const char* name : {"content-type", "Content-Type", "host", "x-forwarded-for", "a", "id", ""}) {
    (void)map.get(name);
    (void)map.get_all(name);
    (void)map.contains(name);
  }
  if (!map.empty()) {
    ycfn::NamedValues copy = map;
    const std::string first = map.begin()->name;
    copy.remove(first);
    YCFN_FUZZ_CHECK(!copy.contains(first), "remove left the name");
    YCFN_FUZZ_CHECK(copy.size() + 1 == map.size(), "remove took more than one name");
    for (const auto& entry : copy) {
      YCFN_FUZZ_CHECK(copy.get_all(entry.name) == map.get_all(entry.name), "remove disturbed another name");
    }
    copy.set(first, "v");
    copy.add(first, "w");
    YCFN_FUZZ_CHECK(copy.get_all(first).size() == 2, "set then add");
  }
}

void walk_http(const ycfn::HttpRequest& http) {
  YCFN_FUZZ_CHECK(http.raw().is_object(), "raw() is not an object");
  YCFN_FUZZ_CHECK(http.raw().contains("httpMethod"), "an HTTP request without httpMethod");
  (void)http.method().size();
  if (!http.url().empty()) {
    YCFN_FUZZ_CHECK(http.url().compare(0, http.path().size(), http.path()) == 0,
                    "path is not a prefix of url");
  }
  check_map(http.headers());
  check_map(http.query());
  check_map(http.path_params());
  check_map(http.params());

  const ycfn::RequestContextInfo& context = http.context();
  (void)(context.request_id.size() + context.source_ip.size() + context.user_agent.size() +
         context.request_time.size() + context.http_method.size());
  if (context.request_time_epoch) (void)(*context.request_time_epoch + 0);
  if (context.authorizer) (void)dump(*context.authorizer);
  if (context.operation_context) (void)dump(*context.operation_context);

  YCFN_FUZZ_CHECK(http.body_is_utf8() == ycfn::is_valid_utf8(http.body()), "body_is_utf8() is wrong");
  const nlohmann::json& raw = http.raw();
  const auto body = raw.find("body");
  const bool has_body = body != raw.end() && body->is_string();
  if (!has_body) YCFN_FUZZ_CHECK(http.body().empty(), "a body from nowhere");
  if (has_body && http.is_base64_encoded()) {
    const auto decoded = ycfn::base64_decode(body->get_ref<const std::string&>());
    YCFN_FUZZ_CHECK(decoded.ok() && decoded.value() == http.body(), "body() is not the decoded body");
  } else if (has_body) {
    YCFN_FUZZ_CHECK(http.body() == body->get_ref<const std::string&>(), "body() is not the body");
  }

  const auto json = http.json_body();
  if (json.ok()) {
    YCFN_FUZZ_CHECK(http.body_is_utf8(), "json_body() accepted a body that is not UTF-8");
    YCFN_FUZZ_CHECK(http.body().find('\0') == std::string::npos,
                    "json_body() accepted a body with a NUL byte");
    YCFN_FUZZ_CHECK(ycfn::json_nesting_depth(http.body()) <= ycfn::kMaxJsonDepth, "json_body() too deep");
    (void)dump(json.value());
  } else {
    YCFN_FUZZ_CHECK(json.error().code == "event.bad_json_body", "json_body() error code");
    YCFN_FUZZ_CHECK(ycfn_fuzz::printable_ascii(json.error().message), "json_body() message is not printable");
  }
  (void)dump(raw);
}

void walk_trigger(const ycfn::TriggerEvent& trigger) {
  for (const auto& message : trigger.messages()) {
    (void)dump(message.details());
    if (message.metadata && message.metadata->tracing_context) (void)dump(*message.metadata->tracing_context);
    if (const ycfn::MessageQueueDetails* queue = message.message_queue()) {
      for (const auto& [name, value] : queue->message.attributes) (void)(name.size() + value.size());
      for (const auto& [name, value] : queue->message.message_attributes)
        (void)(name.size() + value.data_type.size() + value.string_value.size());
    }
  }
}

std::string entries(const ycfn::NamedValues& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& entry : values) out.push_back({entry.name, entry.values});
  return dump(out);
}

bool same_request(const ycfn::Request& a, const ycfn::Request& b) {
  if (a.kind() != b.kind() || a.raw() != b.raw() || (a.http() == nullptr) != (b.http() == nullptr))
    return false;
  if (a.http() == nullptr) return true;
  const ycfn::HttpRequest& x = *a.http();
  const ycfn::HttpRequest& y = *b.http();
  const auto& c = x.context();
  const auto& d = y.context();
  return &x.raw() == &a.raw() && x.method() == y.method() && x.path() == y.path() && x.url() == y.url() &&
         entries(x.headers()) == entries(y.headers()) && entries(x.query()) == entries(y.query()) &&
         entries(x.path_params()) == entries(y.path_params()) && entries(x.params()) == entries(y.params()) &&
         c.request_id == d.request_id && c.source_ip == d.source_ip && c.user_agent == d.user_agent &&
         c.request_time == d.request_time && c.request_time_epoch == d.request_time_epoch &&
         c.http_method == d.http_method && c.authorizer == d.authorizer &&
         c.operation_context == d.operation_context && x.is_base64_encoded() == y.is_base64_encoded() &&
         x.body() == y.body() && x.body_is_utf8() == y.body_is_utf8();
}

// The fast parse agrees with the DOM parse wherever it answers, and
// parse_event always gives the DOM parse's answer.
void check_fast_parse(std::string_view text, std::optional<std::string_view> body_text) {
  const auto dom = ycfn::detail::parse_event_reference(text, body_text);
  if (const auto fast = ycfn::detail::try_fast_http_event(text, body_text)) {
    YCFN_FUZZ_CHECK(dom.ok(), "the fast event parse accepted what the DOM parse rejects");
    YCFN_FUZZ_CHECK(same_request(*fast, dom.value()), "the fast event parse disagrees with the DOM parse");
  }
  const auto full = ycfn::parse_event(text, body_text);
  YCFN_FUZZ_CHECK(full.ok() == dom.ok(), "parse_event and the DOM parse disagree on success");
  if (full.ok()) {
    YCFN_FUZZ_CHECK(same_request(full.value(), dom.value()), "parse_event and the DOM parse disagree");
  } else {
    YCFN_FUZZ_CHECK(full.error().code == dom.error().code && full.error().message == dom.error().message,
                    "parse_event and the DOM parse give different errors");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // parse_event's fast path for large events, forced on whatever the size, must
  // give exactly the ordinary parse's document whenever it applies.
  if (auto fast = ycfn::parse_large_event(bytes, 0)) {
    const auto ordinary = ycfn::parse_json_text(bytes, "event.malformed", "event");
    YCFN_FUZZ_CHECK(ordinary.ok() && *fast == ordinary.value(), "the large-event fast path disagrees");
  }
  check_fast_parse(bytes, std::nullopt);
  // A separate body: the input's last bytes after a 0x01 (when there is one)
  // are the body, the rest the event text.
  const std::size_t split = bytes.rfind('\x01');
  if (split != std::string_view::npos) check_fast_parse(bytes.substr(0, split), bytes.substr(split + 1));

  const auto request = ycfn::parse_event(bytes);
  if (!request.ok()) {
    YCFN_FUZZ_CHECK(request.error().code.rfind("event.", 0) == 0, "a parse_event error outside event.*");
    YCFN_FUZZ_CHECK(!request.error().message.empty(), "an error without a message");
    return 0;
  }
  const ycfn::Request& r = request.value();
  YCFN_FUZZ_CHECK(r.raw().is_object(), "an event that is not an object was accepted");
  YCFN_FUZZ_CHECK(bytes.find('\0') == std::string_view::npos, "an event with a raw NUL byte was accepted");
  YCFN_FUZZ_CHECK(ycfn::json_nesting_depth(bytes) <= ycfn::kMaxJsonDepth, "an event deeper than the limit");
  switch (r.kind()) {
    case ycfn::Request::Kind::http:
      YCFN_FUZZ_CHECK(r.http() != nullptr && r.trigger() == nullptr, "http kind without http()");
      walk_http(*r.http());
      break;
    case ycfn::Request::Kind::trigger:
      YCFN_FUZZ_CHECK(r.trigger() != nullptr && r.http() == nullptr, "trigger kind without trigger()");
      walk_trigger(*r.trigger());
      break;
    case ycfn::Request::Kind::websocket:
      // fuzz_websocket_event walks the WebSocket event itself.
      YCFN_FUZZ_CHECK(r.websocket() != nullptr && r.http() == nullptr && r.trigger() == nullptr,
                      "websocket kind without websocket()");
      YCFN_FUZZ_CHECK(ycfn::is_websocket_event(r.raw()), "a websocket kind that is_websocket_event denies");
      break;
    case ycfn::Request::Kind::other:
      YCFN_FUZZ_CHECK(r.http() == nullptr && r.trigger() == nullptr && r.websocket() == nullptr,
                      "other kind with a parsed event");
      YCFN_FUZZ_CHECK(!r.raw().contains("httpMethod") && !r.raw().contains("messages"), "misclassified");
      break;
  }
  return 0;
}
