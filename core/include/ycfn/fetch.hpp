// Outbound HTTP for handlers: call Yandex Cloud APIs (or anything else) with
// the invocation's IAM token.
//
// The core performs no I/O: a handler says which requests it wants made and
// what to do with the replies, and the host performs them (docs/design.md,
// "Outbound requests"). In a C++20 handler each request is one co_await
// (ycfn/async.hpp):
//
//   ycfn::Async<ycfn::Response> handler(const ycfn::Request&, ycfn::Context& context) {
//     const std::string folder = context.env("FOLDER_ID", "");
//     if (folder.empty()) co_return ycfn::Response::failure("config.missing", "set FOLDER_ID", 500);
//     ycfn::HttpReply list = co_await context.fetch(
//         ycfn::HttpCall::get(kCompute + "/compute/v1/instances").query("folderId", folder).with_token());
//     if (!list.success()) co_return list.failure("compute.list_failed", "listing the instances");
//     co_return ycfn::Response::json({{"bytes", list.body().size()}});
//   }
//
// C++17 code chains continuations instead:
//   return context.fetch(call).then([](ycfn::HttpReply reply, ycfn::Context&) -> ycfn::Task {...});
// and context.fetch_all(calls).then(
//   [](std::vector<ycfn::HttpReply> replies, ycfn::Context&) -> ycfn::Task {...}).
//
// Failures are values: HttpReply::ok() is false and error().code is one of
// fetch.refused, fetch.no_token, fetch.unsupported, fetch.network,
// fetch.timeout, fetch.too_large, fetch.too_many_redirects. A reply with any
// status (4xx, 5xx, an unfollowed 3xx) is ok(); success() is ok() and 2xx;
// failure() turns anything else into the error Response to return.
//
// Policy the core enforces before a request leaves (docs/design.md):
//  - http and https URLs only, no user info; method and header names are HTTP
//    tokens; header values without CR, LF or NUL (else fetch.refused);
//  - redirects are returned as they are unless follow_redirects() (at most 5);
//    when following, Authorization, Proxy-Authorization and Cookie are never
//    sent to another origin (scheme, host, port);
//  - every request ends before the invocation's deadline less a reserve to
//    answer (200 ms), whatever timeout_ms says;
//  - reply bodies over max_reply_bytes (default 4 MiB) are not read
//    (fetch.too_large);
//  - each request is logged with its method, origin, path, status and
//    duration: never a query, a header value, a body or a token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/headers.hpp"
#include "ycfn/response.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

class Context;
struct RetryInput;
struct RetryDecision;
// Judges a reply: retry the call (after a delay) or hand the reply over
// (ycfn/retry.hpp: retry_transient, decide_retry).
using RetryRule = RetryDecision (*)(const RetryInput& input);

// Reply bodies larger than this are not read unless a request says otherwise.
inline constexpr std::size_t kDefaultMaxReplyBytes = std::size_t{4} * 1024 * 1024;
// Redirects followed at most, per request, when it asks to follow them.
inline constexpr int kMaxRedirects = 5;

// One outbound request. Built with get()/post()/the constructor and the
// chainable setters; nothing is checked until it is sent.
class HttpCall {
 public:
  HttpCall(std::string method, std::string url);
  static HttpCall get(std::string url);
  // A body with its Content-Type (application/json unless given).
  static HttpCall post(std::string url, std::string body, std::string content_type = "application/json");

  // Appends `name=value` to the URL's query, both percent-encoded
  // (url::encode_query_component), before any #fragment.
  HttpCall& query(std::string_view name, std::string_view value) &;
  HttpCall&& query(std::string_view name, std::string_view value) &&;
  // Adds a header (repeated names are sent repeated).
  HttpCall& header(std::string name, std::string value) &;
  HttpCall&& header(std::string name, std::string value) &&;
  HttpCall& body(std::string bytes) &;
  HttpCall&& body(std::string bytes) &&;
  // Sends `Authorization: Bearer <the invocation's IAM token>`. The handler
  // never handles the token itself. Without a token the call fails with
  // fetch.no_token (register the handler with YCFN_HANDLER_WITH_TOKEN).
  HttpCall& with_token() &;
  HttpCall&& with_token() &&;
  // Follows 301/302/303/307/308 (303 becomes a GET without body), at most
  // kMaxRedirects times; see the origin rule above.
  HttpCall& follow_redirects() &;
  HttpCall&& follow_redirects() &&;
  HttpCall& max_reply_bytes(std::size_t bytes) &;
  HttpCall&& max_reply_bytes(std::size_t bytes) &&;
  // Gives up after this long (capped by the invocation's deadline less the reserve).
  HttpCall& timeout_ms(std::int64_t ms) &;
  HttpCall&& timeout_ms(std::int64_t ms) &&;
  // Lets `rule` ask for the call to be made again after each reply
  // (ycfn/retry.hpp); nullptr (the default): the first reply is the answer.
  // Only for calls that may safely be made twice.
  HttpCall& retry(RetryRule rule) &;
  HttpCall&& retry(RetryRule rule) &&;

  const std::string& method() const { return method_; }
  const std::string& url() const { return url_; }
  const Headers& headers() const { return headers_; }
  const std::string& body() const { return body_; }
  bool uses_token() const { return with_token_; }
  bool follows_redirects() const { return follow_redirects_; }
  std::size_t max_reply_bytes() const { return max_reply_bytes_; }
  // 0: no timeout of its own (the invocation's deadline still applies).
  std::int64_t timeout_ms() const { return timeout_ms_; }
  RetryRule retry_rule() const { return retry_; }

 private:
  std::string method_;
  std::string url_;
  Headers headers_;
  std::string body_;
  bool with_token_ = false;
  bool follow_redirects_ = false;
  std::size_t max_reply_bytes_ = kDefaultMaxReplyBytes;
  std::int64_t timeout_ms_ = 0;
  RetryRule retry_ = nullptr;
};

// What became of one HttpCall: a reply (any status), or a failure.
class HttpReply {
 public:
  static HttpReply received(int status, Headers headers, std::string body, std::string url,
                            std::int64_t duration_ms);
  static HttpReply failed(Error error, std::string url, std::int64_t duration_ms);

  // A reply arrived (any status).
  bool ok() const { return error_.code.empty(); }
  // A reply with a 2xx status.
  bool success() const { return ok() && status_ >= 200 && status_ <= 299; }
  // The failure when !ok(): code fetch.*, a message without secrets.
  const Error& error() const { return error_; }
  int status() const { return status_; }
  const Headers& headers() const { return headers_; }
  const std::string& body() const { return body_; }
  // The body parsed as JSON (depth-capped at 64): fetch.bad_json when it is
  // not JSON, and the failure itself when !ok().
  Result<nlohmann::json> json() const;
  // The error Response a handler returns when this reply is not a success,
  // with its own error type: a timeout answers 504, any other failure 502,
  // both naming the failure's code; a reply of another status answers 502
  // naming that status. `what` says what the request was for ("listing the
  // instances"); the message never holds a URL's query, a header or a body.
  //   if (!reply.success()) co_return reply.failure("compute.list_failed", "listing the instances");
  Response failure(std::string error_type, std::string_view what) const;
  // This reply as an Error: error() when !ok(); else `http.status` naming the
  // status ("the server answered 403"), retryable for 429 and 5xx. Meant for
  // a reply that is not a success().
  Error as_error() const;
  // The URL that answered (after redirects).
  const std::string& url() const { return url_; }
  std::int64_t duration_ms() const { return duration_ms_; }

 private:
  HttpReply() = default;
  int status_ = 0;
  Headers headers_;
  std::string body_;
  Error error_;
  std::string url_;
  std::int64_t duration_ms_ = 0;
};

// What a handler returns: a Response now, or requests to make and what to do
// with their replies (another Task). A Response converts implicitly, so a
// handler that makes no requests simply returns one.
class Task {
 public:
  using Continuation = std::function<Task(std::vector<HttpReply>, Context&)>;

  Task(Response response) : response_(std::move(response)) {}  // NOLINT(google-explicit-constructor)
  Task(std::vector<HttpCall> calls, Continuation then);

  bool has_response() const { return response_.has_value(); }
  // Precondition: has_response().
  Response& response() { return *response_; }
  std::vector<HttpCall>& calls() { return calls_; }
  Continuation& continuation() { return then_; }

 private:
  std::optional<Response> response_;
  std::vector<HttpCall> calls_;
  Continuation then_;
};

// The error Response for a call that failed with `error` (HttpReply::as_error()
// or a fetch.* failure): 504 for fetch.timeout, else 502, with `error_type`
// and the message "<what> failed: <error's code>: <error's message>".
Response call_failure(std::string error_type, std::string_view what, const Error& error);

namespace detail {
// `calls` at most `max_in_flight` at a time (0: all at once): each wave is one
// Task, the next wave leaves once the previous one has answered, and `done`
// gets every reply in the calls' order.
Task fetch_in_waves(std::vector<HttpCall> calls, std::size_t max_in_flight, Task::Continuation done);
}  // namespace detail

// Requests waiting for their continuation: Context::fetch / fetch_all return
// one; then() makes it a Task, and a coroutine co_awaits it (ycfn/async.hpp).
template <typename Replies>
class PendingFetch {
 public:
  explicit PendingFetch(std::vector<HttpCall> calls, std::size_t max_in_flight = 0)
      : calls_(std::move(calls)), max_in_flight_(max_in_flight) {}

  bool empty() const { return calls_.empty(); }

  // `next(replies, context)` runs once every reply is in; it returns the next
  // Task (a Response, or more requests). For Context::fetch, `replies` is one
  // HttpReply; for fetch_all, a std::vector<HttpReply> in the calls' order.
  template <typename Next>
  Task then(Next next) && {
    if constexpr (std::is_same_v<Replies, HttpReply>) {
      return Task(std::move(calls_),
                  [next = std::move(next)](std::vector<HttpReply> replies, Context& context) mutable -> Task {
                    return next(std::move(replies.front()), context);
                  });
    } else {
      return detail::fetch_in_waves(std::move(calls_), max_in_flight_, std::move(next));
    }
  }

 private:
  std::vector<HttpCall> calls_;
  std::size_t max_in_flight_ = 0;
};

}  // namespace ycfn
