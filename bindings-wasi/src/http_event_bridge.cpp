// Request -> event and result -> response, as platform.md ("Invoking over
// HTTPS") describes the platform's front end. Stand-in for the core's
// http_semantics module (see http_event_bridge.hpp); the choices below follow
// the documented behaviour and, where it is uncertain, say which way they went.
#include "http_event_bridge.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "ycfn/base64.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn_wasi {

namespace {

using nlohmann::json;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "x-forwarded-for" -> "X-Forwarded-For": the casing the platform's captures show.
std::string title_case(const std::string& name) {
  std::string out = name;
  bool start = true;
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
    start = c == '-';
  }
  return out;
}

bool one_of(const std::string& lower_name, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (lower_name == name) return true;
  }
  return false;
}

// Request headers the platform removes before the function sees them.
bool stripped_request_header(const std::string& lower_name) {
  return one_of(lower_name, {"authorization", "cookie", "connection", "expect", "te", "trailer", "upgrade",
                             "transfer-encoding", "proxy-authenticate", "content-md5", "max-forwards",
                             "server", "www-authenticate"});
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Query component decoding as browsers and Node's URLSearchParams do it: '+'
// is a space, %XX a byte, a malformed escape stays as it is.
std::string query_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Adds `value` under `name` to a single-value map (the last wins) and a
// multi-value map (all, in order).
void add_value(json& single, json& multi, const std::string& name, const std::string& value) {
  single[name] = value;
  json& list = multi[name];
  if (!list.is_array()) list = json::array();
  list.push_back(value);
}

// Common Log Format time: "26/Dec/2019:14:22:07 +0000".
std::string clf_time(std::int64_t now_ms) {
  const std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
  struct tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return "";
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%d/%b/%Y:%H:%M:%S +0000", &utc);
  return std::string(text, n);
}

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(const std::string& value) {
  std::string type = lower(value.substr(0, value.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(0, 1);
  return type;
}

// Response headers the platform drops, refuses and renames.
bool dropped_response_header(const std::string& n) {
  return one_of(n, {"host", "authorization", "user-agent", "connection", "max-forwards", "cookie"});
}
bool refused_response_header(const std::string& n) {
  return one_of(n, {"proxy-authenticate", "transfer-encoding", "via"});
}
bool remapped_response_header(const std::string& n) {
  return one_of(n, {"content-md5", "date", "server", "www-authenticate"});
}

OutgoingHttp malformed_result(const std::string& why) {
  return http_error_response(502, "ProxyIntegrationError", "Malformed serverless function response: " + why);
}

}  // namespace

std::string http_request_to_event(const IncomingHttp& request) {
  json headers = json::object(), multi_headers = json::object();
  std::string content_type, user_agent, source_ip;
  for (const auto& [name, value] : request.headers) {
    const std::string key = lower(name);
    if (stripped_request_header(key)) continue;
    if (key == "content-type") content_type = value;
    if (key == "user-agent") user_agent = value;
    // wasi:http does not tell a component its peer's address; a proxy in
    // front of it may (the first X-Forwarded-For hop).
    if (key == "x-forwarded-for" && source_ip.empty()) source_ip = value.substr(0, value.find(','));
    add_value(headers, multi_headers, title_case(name), value);
  }
  add_value(headers, multi_headers, "X-Request-Id", request.request_id);

  const std::size_t question = request.path_with_query.find('?');
  const std::string path = request.path_with_query.substr(0, question);
  json query = json::object(), multi_query = json::object();
  if (question != std::string::npos) {
    std::string_view rest = std::string_view(request.path_with_query).substr(question + 1);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      const std::string key = query_decode(pair.substr(0, eq));
      const std::string value =
          eq == std::string_view::npos ? std::string() : query_decode(pair.substr(eq + 1));
      add_value(query, multi_query, key, value);
    }
  }

  // JSON bodies arrive as text, anything else base64-encoded. The platform is
  // reported to treat "application/json; charset=utf-8" both ways (uncertain):
  // here the media type decides, and a body that is not UTF-8 is base64.
  json body = "";
  bool base64 = false;
  if (!request.body.empty()) {
    if (media_type(content_type) == "application/json" && ycfn::is_valid_utf8(request.body)) {
      body = request.body;
    } else {
      body = ycfn::base64_encode(request.body);
      base64 = true;
    }
  }

  json event{{"httpMethod", request.method},
             {"headers", std::move(headers)},
             {"multiValueHeaders", std::move(multi_headers)},
             {"queryStringParameters", std::move(query)},
             {"multiValueQueryStringParameters", std::move(multi_query)},
             {"requestContext",
              {{"identity", {{"sourceIp", source_ip}, {"userAgent", user_agent}}},
               {"httpMethod", request.method},
               {"requestId", request.request_id},
               {"requestTime", clf_time(request.now_ms)},
               {"requestTimeEpoch", request.now_ms / 1000}}},
             {"body", std::move(body)},
             {"isBase64Encoded", base64},
             {"path", path}};
  return dump(event);
}

OutgoingHttp http_result_to_response(const std::string& result_json) {
  const json result = json::parse(result_json, nullptr, false);
  if (!result.is_object()) return malformed_result("the result is not a JSON object");
  const auto status = result.find("statusCode");
  if (status == result.end() || !status->is_number_integer() || status->get<std::int64_t>() < 100 ||
      status->get<std::int64_t>() > 599) {
    return malformed_result("statusCode is not an integer from 100 to 599");
  }
  OutgoingHttp out;
  out.status = static_cast<int>(status->get<std::int64_t>());

  // Name (lower case) -> values; multiValueHeaders wins for a name in both.
  std::vector<std::pair<std::string, std::vector<std::string>>> merged;
  auto slot = [&merged](const std::string& name) -> std::vector<std::string>& {
    for (auto& entry : merged) {
      if (lower(entry.first) == lower(name)) return entry.second;
    }
    merged.emplace_back(name, std::vector<std::string>());
    return merged.back().second;
  };
  if (const auto h = result.find("headers"); h != result.end() && !h->is_null()) {
    if (!h->is_object()) return malformed_result("headers is not an object");
    for (const auto& item : h->items()) {
      if (!item.value().is_string()) return malformed_result("header '" + item.key() + "' is not a string");
      slot(item.key()) = {item.value().get<std::string>()};
    }
  }
  if (const auto h = result.find("multiValueHeaders"); h != result.end() && !h->is_null()) {
    if (!h->is_object()) return malformed_result("multiValueHeaders is not an object");
    for (const auto& item : h->items()) {
      if (!item.value().is_array())
        return malformed_result("multiValueHeaders '" + item.key() + "' is not a list");
      std::vector<std::string> values;
      for (const json& v : item.value()) {
        if (!v.is_string())
          return malformed_result("multiValueHeaders '" + item.key() + "' holds a non-string");
        values.push_back(v.get<std::string>());
      }
      slot(item.key()) = std::move(values);
    }
  }
  for (const auto& [name, values] : merged) {
    const std::string key = lower(name);
    if (refused_response_header(key)) return malformed_result("header '" + name + "' is not allowed");
    // The body's length is the component's to state (hyper checks it).
    if (dropped_response_header(key) || key == "content-length") continue;
    const std::string out_name = remapped_response_header(key) ? "X-Yf-Remapped-" + title_case(name) : name;
    for (const std::string& value : values) out.headers.emplace_back(out_name, value);
  }

  if (const auto body = result.find("body"); body != result.end() && !body->is_null()) {
    if (!body->is_string()) return malformed_result("body is not a string");
    out.body = body->get<std::string>();
    if (const auto b64 = result.find("isBase64Encoded");
        b64 != result.end() && b64->is_boolean() && b64->get<bool>()) {
      auto decoded = ycfn::base64_decode(out.body);
      if (!decoded.ok()) return malformed_result("isBase64Encoded is true and body is not base64");
      out.body = decoded.value();
    }
  }
  return out;
}

OutgoingHttp http_error_response(int status, const std::string& type, const std::string& message) {
  OutgoingHttp out;
  out.status = status;
  out.headers.emplace_back("Content-Type", "application/json");
  out.body = dump(json{{"errorMessage", message}, {"errorType", type}});
  return out;
}

}  // namespace ycfn_wasi
