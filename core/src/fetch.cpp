#include "ycfn/fetch.hpp"

#include <algorithm>
#include <memory>

#include "ycfn/detail/json_text.hpp"
#include "ycfn/url.hpp"

namespace ycfn {

HttpCall::HttpCall(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}

HttpCall HttpCall::get(std::string url) { return HttpCall("GET", std::move(url)); }

HttpCall HttpCall::post(std::string url, std::string body, std::string content_type) {
  HttpCall call("POST", std::move(url));
  call.body_ = std::move(body);
  call.headers_.add("Content-Type", std::move(content_type));
  return call;
}

HttpCall& HttpCall::query(std::string_view name, std::string_view value) & {
  const std::size_t fragment = url_.find('#');
  const std::size_t end = fragment == std::string::npos ? url_.size() : fragment;
  const std::size_t question = url_.find('?');
  std::string pair;
  if (question == std::string::npos || question > end) {
    pair += '?';
  } else if (end > 0 && url_[end - 1] != '?' && url_[end - 1] != '&') {
    pair += '&';
  }
  pair += url::encode_query_component(name);
  pair += '=';
  pair += url::encode_query_component(value);
  url_.insert(end, pair);
  return *this;
}
HttpCall&& HttpCall::query(std::string_view name, std::string_view value) && {
  return std::move(query(name, value));
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

Error HttpReply::as_error() const {
  if (!ok()) return error_;
  return make_error("http.status", "the server answered " + std::to_string(status_),
                    status_ == 429 || status_ >= 500);
}

Response HttpReply::failure(std::string error_type, std::string_view what) const {
  return call_failure(std::move(error_type), what, as_error());
}

Response call_failure(std::string error_type, std::string_view what, const Error& error) {
  return Response::failure(std::move(error_type),
                           std::string(what) + " failed: " + error.code + ": " + error.message,
                           error.code == "fetch.timeout" ? 504 : 502);
}

Task::Task(std::vector<HttpCall> calls, Continuation then)
    : calls_(std::move(calls)), then_(std::move(then)) {}

namespace detail {

namespace {

// The calls still to send and the replies so far, shared by the waves'
// continuations (a continuation must be copyable).
struct Waves {
  std::vector<HttpCall> calls;
  std::size_t next = 0;  // the first call not sent yet
  std::size_t max_in_flight = 0;
  std::vector<HttpReply> replies;
  Task::Continuation done;
};

Task next_wave(const std::shared_ptr<Waves>& waves) {
  const std::size_t count = std::min(waves->max_in_flight, waves->calls.size() - waves->next);
  std::vector<HttpCall> wave;
  wave.reserve(count);
  for (std::size_t i = 0; i < count; ++i) wave.push_back(std::move(waves->calls[waves->next + i]));
  waves->next += count;
  return Task(std::move(wave), [waves](std::vector<HttpReply> replies, Context& context) -> Task {
    for (auto& reply : replies) waves->replies.push_back(std::move(reply));
    if (waves->next < waves->calls.size()) return next_wave(waves);
    return waves->done(std::move(waves->replies), context);
  });
}

}  // namespace

Task fetch_in_waves(std::vector<HttpCall> calls, std::size_t max_in_flight, Task::Continuation done) {
  if (max_in_flight == 0 || calls.size() <= max_in_flight) return Task(std::move(calls), std::move(done));
  auto waves = std::make_shared<Waves>();
  waves->calls = std::move(calls);
  waves->max_in_flight = max_in_flight;
  waves->replies.reserve(waves->calls.size());
  waves->done = std::move(done);
  return next_wave(waves);
}

}  // namespace detail

}  // namespace ycfn
