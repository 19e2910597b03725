// render_response(): a Response to the platform's HTTP result object, with the
// checks that keep the platform from answering 502 for a handler's mistake.
#include <map>
#include <string>
#include <string_view>

#include "ycfn/base64.hpp"
#include "ycfn/detail/utf8.hpp"
#include "ycfn/response.hpp"

#include "ycfn/detail/ascii.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

namespace ycfn {
namespace {

constexpr int kMinStatus = 100;
constexpr int kMaxStatus = 599;
constexpr std::size_t kMaxLoggedName = 64;

// RFC 9110 token characters: what a header name may be made of.

bool has_injection_bytes(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// Why the platform would choke on this header, or nullptr if it is fine.
const char* header_problem(const NamedValues::Entry& entry) {
  // The platform answers 502 to a result that sets any of these.
  for (const char* forbidden : {"Transfer-Encoding", "Via", "Proxy-Authenticate"}) {
    if (equals_ignore_case(entry.name, forbidden)) return "the platform rejects responses that set it";
  }
  if (has_injection_bytes(entry.name)) return "its name contains CR, LF or NUL";
  if (entry.name.empty()) return "its name is empty";
  for (const char c : entry.name) {
    if (!is_token_char(c)) return "its name is not an HTTP token";
  }
  for (const auto& value : entry.values) {
    if (has_injection_bytes(value)) return "a value contains CR, LF or NUL";
    if (!is_valid_utf8(value)) return "a value is not valid UTF-8";
  }
  return nullptr;
}

std::string loggable_name(std::string_view name) {
  if (name.size() <= kMaxLoggedName) return std::string(name);
  return std::string(name.substr(0, kMaxLoggedName)) + "...";
}

// The result object as text, without the status and size checks. Written
// directly (json_writer.hpp), not through a DOM: this runs on every
// invocation. Members and header names in the order nlohmann's std::map
// gives them, as the DOM this replaced did; a name set twice keeps its last value.
std::string render_unchecked(const Response& r, LogBuffer& log) {
  std::map<std::string_view, const NamedValues::Entry*> single;
  std::map<std::string_view, const NamedValues::Entry*> multi;
  for (const auto& entry : r.headers()) {
    if (const char* problem = header_problem(entry)) {
      const std::string name = loggable_name(entry.name);
      log.add(LogLevel::warn, "dropped response header " + name + ": " + problem, {{"header", name}});
      continue;
    }
    (entry.values.size() == 1 ? single : multi)[entry.name] = &entry;
  }

  bool base64 = r.is_binary();
  if (!base64) {
    const std::size_t bad = first_invalid_utf8(r.body());
    if (bad != std::string::npos) {
      // A JSON string cannot carry these bytes; base64 keeps them intact.
      log.warn("response body is not valid UTF-8 (byte offset " + std::to_string(bad) +
               "); sending it base64-encoded");
      base64 = true;
    }
  }

  std::string out = "{\"body\":";
  if (base64) {
    out += '"';
    out += base64_encode(r.body());
    out += '"';
  } else {
    append_json_string(out, r.body());
  }
  out += ",\"headers\":{";
  const char* separator = "";
  for (const auto& [name, entry] : single) {
    out += separator;
    separator = ",";
    append_json_string(out, name);
    out += ':';
    append_json_string(out, entry->values.front());
  }
  out += "},\"isBase64Encoded\":";
  out += base64 ? "true" : "false";
  out += ",\"multiValueHeaders\":{";
  separator = "";
  for (const auto& [name, entry] : multi) {
    out += separator;
    separator = ",";
    append_json_string(out, name);
    out += ':';
    append_json_string_array(out, entry->values);
  }
  out += "},\"statusCode\":";
  out += std::to_string(r.status());
  out += '}';
  return out;
}

}  // namespace

namespace {

// The 500 that replaces a result the platform would refuse, with its ERROR record.
std::string render_refusal(const char* code, const std::string& message, LogBuffer& log) {
  log.add(LogLevel::error, message, {{"code", code}});
  return render_unchecked(Response::failure(code, message, 500), log);
}

// A function authorizer's answer. It is not an HTTP result: none of the
// result's checks apply, and whatever is wrong with it denies the request.
std::string render_authorizer(const Response& r, LogBuffer& log) {
  constexpr const char* kDenied = "{\"context\":{},\"isAuthorized\":false}";
  if (!r.authorizer_context().is_object()) {
    log.error("authorizer context must be a JSON object (it is " +
              std::string(r.authorizer_context().type_name()) + "); answering isAuthorized: false");
    return kDenied;
  }
  std::string out = "{\"context\":";
  append_json(out, r.authorizer_context());
  out += ",\"isAuthorized\":";
  out += r.is_authorized() ? "true" : "false";
  out += '}';
  if (out.size() <= kMaxResponseBytes) return out;
  log.error("authorizer answer is " + std::to_string(out.size()) + " bytes; the platform limit is " +
            std::to_string(kMaxResponseBytes) + "; answering isAuthorized: false");
  return kDenied;
}

}  // namespace

std::string render_response_text(const Response& r, LogBuffer& log) {
  if (r.is_authorizer()) return render_authorizer(r, log);
  if (r.status() < kMinStatus || r.status() > kMaxStatus) {
    return render_refusal("handler.bad_status",
                          "handler returned HTTP status " + std::to_string(r.status()) +
                              "; a status must be " + std::to_string(kMinStatus) + ".." +
                              std::to_string(kMaxStatus),
                          log);
  }
  std::string text = render_unchecked(r, log);
  if (text.size() <= kMaxResponseBytes) return text;
  return render_refusal("response.too_large",
                        "handler response is " + std::to_string(text.size()) +
                            " bytes; the platform limit is " + std::to_string(kMaxResponseBytes),
                        log);
}

nlohmann::json render_response(const Response& r, LogBuffer& log) {
  // The text is JSON this file wrote; the object is for callers that inspect it.
  return parse_json_document(render_response_text(r, log)).value;
}

}  // namespace ycfn
