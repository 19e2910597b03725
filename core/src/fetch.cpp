#include "ycfn/fetch.hpp"

#include "ycfn/detail/json_text.hpp"

namespace ycfn {

HttpCall::HttpCall(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}

HttpCall HttpCall::get(std::string url) { return HttpCall("GET", std::move(url)); }

HttpCall HttpCall::post(std::string url, std::string body, std::string content_type) {
  HttpCall call("POST", std::move(url));
  call.body_ = std::move(body);
  call.headers_.add("Content-Type", std::move(content_type));
  return call;
}

HttpCall& HttpCall::header(std::string name, std::string value) & {
  headers_.add(std::move(name), std::move(value));
  return *this;
}
HttpCall&& HttpCall::header(std::string name, std::string value) && {
  return std::move(header(std::move(name), std::move(value)));
}

HttpCall& HttpCall::body(std::string bytes) & {
  body_ = std::move(bytes);
  return *this;
}
HttpCall&& HttpCall::body(std::string bytes) && { return std::move(body(std::move(bytes))); }

HttpCall& HttpCall::with_token() & {
  with_token_ = true;
  return *this;
}
HttpCall&& HttpCall::with_token() && { return std::move(with_token()); }

HttpCall& HttpCall::follow_redirects() & {
  follow_redirects_ = true;
  return *this;
}
HttpCall&& HttpCall::follow_redirects() && { return std::move(follow_redirects()); }

HttpCall& HttpCall::max_reply_bytes(std::size_t bytes) & {
  max_reply_bytes_ = bytes;
  return *this;
}
HttpCall&& HttpCall::max_reply_bytes(std::size_t bytes) && { return std::move(max_reply_bytes(bytes)); }

HttpCall& HttpCall::timeout_ms(std::int64_t ms) & {
  timeout_ms_ = ms;
  return *this;
}
HttpCall&& HttpCall::timeout_ms(std::int64_t ms) && { return std::move(timeout_ms(ms)); }

HttpReply HttpReply::received(int status, Headers headers, std::string body, std::string url,
                              std::int64_t duration_ms) {
  HttpReply reply;
  reply.status_ = status;
  reply.headers_ = std::move(headers);
  reply.body_ = std::move(body);
  reply.url_ = std::move(url);
  reply.duration_ms_ = duration_ms;
  return reply;
}

HttpReply HttpReply::failed(Error error, std::string url, std::int64_t duration_ms) {
  HttpReply reply;
  reply.error_ = std::move(error);
  if (reply.error_.code.empty()) reply.error_.code = "fetch.network";
  reply.url_ = std::move(url);
  reply.duration_ms_ = duration_ms;
  return reply;
}

Result<nlohmann::json> HttpReply::json() const {
  if (!ok()) return error_;
  return parse_json_text(body_, "fetch.bad_json", "the reply body");
}

Task::Task(std::vector<HttpCall> calls, Continuation then)
    : calls_(std::move(calls)), then_(std::move(then)) {}

}  // namespace ycfn
