// Text helpers and the error answer shared by the HTTP semantics' two halves.
#include "http_text.hpp"

#include <nlohmann/json.hpp>

namespace ycfn::http {

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
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace ycfn::http
