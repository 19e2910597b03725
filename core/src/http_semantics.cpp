// The platform's HTTP semantics, request side: an HTTP request to the event a
// function receives (choices C1..C10 in ycfn/detail/http_semantics.hpp).
#include "ycfn/detail/http_semantics.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_text.hpp"
#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"
#include "ycfn/detail/utf8.hpp"

namespace ycfn::http {
namespace {

bool is_removed_request_header(std::string_view canonical) {
  for (const char* name : kRemovedRequestHeaders) {
    if (equals_ignore_case(canonical, name)) return true;
  }
  return false;
}

bool is_platform_header(std::string_view canonical) {
  return equals_ignore_case(canonical, kRealRemoteAddressHeader) ||
         equals_ignore_case(canonical, kRequestIdHeader) || equals_ignore_case(canonical, kTraceIdHeader);
}

// The event's headers (C1..C3): canonical names, removed ones gone, the
// platform's own added.
MultiMap event_headers(const Request& request) {
  MultiMap headers;
  for (const auto& field : request.headers) {
    std::string name = canonical_header_name(field.name);
    if (is_removed_request_header(name) || is_platform_header(name)) continue;
    headers[name].push_back(field.value);
  }
  headers[kRealRemoteAddressHeader] = {"[" + request.peer_ip + "]:" + std::to_string(request.peer_port)};
  headers[kRequestIdHeader] = {request.request_id};
  headers[kTraceIdHeader] = {request.trace_id};
  return headers;
}

std::string dump(const Ordered& value) { return json_text(value); }

// C8: the body itself, when it is one JSON document; else the body as a string.
std::string raw_event(std::string_view body) {
  if (json_nesting_depth(body) <= kMaxJsonDepth && parse_json_document(body).ok) return std::string(body);
  return dump(Ordered(std::string(body)));
}

Response refusal(int status, const char* type, const std::string& message) {
  return error_response(status, type, message);
}

// C8, C10: the first `integration` parameter that names a mode, else http.
Integration integration_of(const std::vector<std::pair<std::string, std::string>>& query) {
  for (const auto& [name, value] : query) {
    if (name != "integration") continue;
    if (value == "raw") return Integration::raw;
    if (value == "async") return Integration::async;
  }
  return Integration::http;
}

}  // namespace

EventOutcome request_to_event(const Request& request) {
  EventOutcome out;
  if (request.body.size() > kMaxRequestBytes) {
    out.response = refusal(413, kRequestTooLargeType,
                           "Request body is " + std::to_string(request.body.size()) + " bytes, over the " +
                               std::to_string(kMaxRequestBytes) + "-byte limit");
    return out;
  }
  if (request.target.empty() || request.target.front() != '/') {
    out.response = refusal(400, kBadRequestType, "Request target must be a path starting with '/'");
    return out;
  }
  const std::size_t question = request.target.find('?');
  const std::string_view target(request.target);
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  const auto query_pairs = parse_query(query);

  out.integration = integration_of(query_pairs);
  if (out.integration != Integration::http) {
    out.event = raw_event(request.body);
    if (out.integration == Integration::async) out.response = accepted_response();
  } else {
    const MultiMap headers = event_headers(request);
    MultiMap params;
    for (const auto& [name, value] : query_pairs) params[name].push_back(value);

    std::string content_type;
    std::string user_agent;
    if (auto it = headers.find("Content-Type"); it != headers.end()) content_type = it->second.back();
    if (auto it = headers.find("User-Agent"); it != headers.end()) user_agent = it->second.back();
    const bool as_text = has_media_type(content_type, "application/json") && is_valid_utf8(request.body);

    // Key order as in the documentation's captures.
    Ordered event = Ordered::object();
    event["httpMethod"] = request.method;
    Ordered single = Ordered::object();
    Ordered multi = Ordered::object();
    for (const auto& [name, list] : headers) {
      single[name] = list.back();
      multi[name] = list;
    }
    event["headers"] = std::move(single);
    event["path"] = path == "/" ? std::string() : std::string(path);
    event["multiValueHeaders"] = std::move(multi);
    add_maps(event, "queryStringParameters", "multiValueQueryStringParameters", params);
    Ordered context = Ordered::object();
    context["identity"] = Ordered{{"sourceIp", request.peer_ip}, {"userAgent", user_agent}};
    context["httpMethod"] = request.method;
    context["requestId"] = request.request_id;
    context["requestTime"] = clf_time(request.time_ms);
    context["requestTimeEpoch"] = request.time_ms / 1000;
    event["requestContext"] = std::move(context);
    event["body"] = as_text ? std::string(request.body) : base64_encode(request.body);
    event["isBase64Encoded"] = !as_text;
    out.event = dump(event);
  }
  if (out.event.size() > kMaxRequestBytes) {
    out.event.clear();
    out.response = refusal(413, kRequestTooLargeType,
                           "Request event is over the " + std::to_string(kMaxRequestBytes) + "-byte limit");
    return out;
  }
  out.invoke = true;
  return out;
}

std::string canonical_header_name(std::string_view name) {
  for (const char c : name) {
    if (!is_token_char(c)) return std::string(name);
  }
  std::string out(name);
  bool upper = true;
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    upper = c == '-';
  }
  return out;
}

std::string clf_time(int64_t epoch_ms) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t seconds = epoch_ms / 1000;
  if (epoch_ms < 0 && epoch_ms % 1000 != 0) --seconds;
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Howard Hinnant's civil_from_days.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  auto two = [](int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(day) + "/" + kMonths[month - 1] + "/" + std::to_string(year) + ":" + two(rem / 3600) + ":" +
         two(rem / 60 % 60) + ":" + two(rem % 60) + " +0000";
}

}  // namespace ycfn::http
