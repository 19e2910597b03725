#include "ycfn/response.hpp"

#include "ycfn/detail/json_writer.hpp"

namespace ycfn {

Response Response::text(std::string body, int status, std::string content_type) {
  Response r;
  r.status_ = status;
  r.body_ = std::move(body);
  r.headers_.set("Content-Type", std::move(content_type));
  return r;
}

Response Response::json(const nlohmann::json& body, int status) {
  Response r;
  r.status_ = status;
  r.body_ = json_text(body);
  r.headers_.set("Content-Type", "application/json");
  return r;
}

Response Response::binary(std::string bytes, std::string content_type, int status) {
  Response r;
  r.status_ = status;
  r.body_ = std::move(bytes);
  r.binary_ = true;
  r.headers_.set("Content-Type", std::move(content_type));
  return r;
}

Response Response::empty(int status) {
  Response r;
  r.status_ = status;
  return r;
}

Response Response::failure(std::string error_type, std::string message, int status) {
  // Keys sort as the platform prints them: errorMessage, then errorType.
  nlohmann::json body = nlohmann::json::object();
  body["errorMessage"] = std::move(message);
  body["errorType"] = error_type;
  Response r = json(body, status);
  r.failure_ = true;
  r.error_type_ = std::move(error_type);
  return r;
}

Response Response::from_error(const Error& e, int status) { return failure(e.code, e.message, status); }

Response Response::authorizer(bool is_authorized, nlohmann::json context) {
  Response r;
  r.status_ = 200;
  r.authorizer_ = true;
  r.authorized_ = is_authorized;
  r.authorizer_context_ = std::move(context);
  return r;
}

Response& Response::header(std::string name, std::string value) & {
  headers_.set(std::move(name), std::move(value));
  return *this;
}

Response&& Response::header(std::string name, std::string value) && {
  headers_.set(std::move(name), std::move(value));
  return std::move(*this);
}

Response& Response::add_header(std::string name, std::string value) & {
  headers_.add(std::move(name), std::move(value));
  return *this;
}

Response&& Response::add_header(std::string name, std::string value) && {
  headers_.add(std::move(name), std::move(value));
  return std::move(*this);
}

}  // namespace ycfn
