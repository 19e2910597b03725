// Text helpers and the error answer shared by the parts of the HTTP semantics.
#include "http_text.hpp"

#include <nlohmann/json.hpp>

#include "ycfn/detail/json_writer.hpp"

namespace ycfn::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// C7: `+` is a space, %XX a byte, a bad escape stays as written.
std::string query_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view piece = query.substr(start, end - start);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      if (eq == std::string_view::npos) {
        pairs.emplace_back(query_unescape(piece), std::string());
      } else {
        pairs.emplace_back(query_unescape(piece.substr(0, eq)), query_unescape(piece.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  return pairs;
}

bool has_media_type(std::string_view content_type, std::string_view media_type) {
  const std::size_t semicolon = content_type.find(';');
  return equals_ignore_case(trim(content_type.substr(0, semicolon)), media_type);
}

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

Response error_response(int status, std::string_view type, std::string_view message) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["errorMessage"] = std::string(message);
  body["errorType"] = std::string(type);
  Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = json_text(body);
  return response;
}

void add_maps(Ordered& event, const char* single_key, const char* multi_key, const MultiMap& values) {
  Ordered single = Ordered::object();
  Ordered multi = Ordered::object();
  for (const auto& [name, list] : values) {
    single[name] = list.back();
    multi[name] = list;
  }
  event[single_key] = std::move(single);
  event[multi_key] = std::move(multi);
}

}  // namespace ycfn::http
