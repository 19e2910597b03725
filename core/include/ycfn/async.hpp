// Coroutine handlers (C++20): sequential calls written as sequential code.
//
//   #include <ycfn/async.hpp>
//   #include <ycfn/handler.hpp>
//
//   ycfn::Async<ycfn::Response> buckets(const ycfn::Request&, ycfn::Context& context) {
//     ycfn::HttpReply reply = co_await context.fetch(
//         ycfn::HttpCall::get("https://storage.yandexcloud.net/").with_token());
//     if (!reply.success()) co_return reply.failure("storage.list_failed", "listing the buckets");
//     co_return ycfn::Response::text(reply.body(), 200, "application/xml");
//   }
//   YCFN_HANDLER_WITH_TOKEN(buckets)
//
// Inside an Async coroutine:
//  - `co_await context.fetch(call)` gives the HttpReply;
//  - `co_await context.fetch_all(calls[, max_in_flight])` the replies in the
//    calls' order;
//  - `co_await helper(...)` runs another ycfn::Async<T> coroutine and gives its
//    `co_return` value (a T), so a job splits into functions as usual;
//  - anything else cannot be awaited (a compile error says so).
//
// Nothing changes underneath: each co_await of a fetch is one fetch step of
// the host contract (docs/design.md), the same as `.then(...)` in C++17 code,
// and needs no host support. The handler itself must return
// ycfn::Async<ycfn::Response>; YCFN_HANDLER and YCFN_HANDLER_WITH_TOKEN
// register it like any other handler.
//
// Lifetimes across a co_await (a suspension lasts while the host performs the
// requests): the handler's `const Request&` and `Context&` stay valid until it
// co_returns, and so do its locals and parameters taken by value. A
// reference or string_view into something a temporary owns does not (as in any
// coroutine): take parameters of helper coroutines by value.
//
// Failure: there are no exceptions. A trap inside a coroutine (abort(), a
// failed Result::value()) is a trap of the module, answered by the host as any
// other trap (500 `ycfn.trap`). An invocation the host abandons (its deadline
// passed and it was never resumed) destroys the coroutine at its suspension
// point: the destructors of its locals run, the rest of its body does not.
#pragma once

#if !defined(__cpp_impl_coroutine) && !defined(__cpp_coroutines)
#error "ycfn/async.hpp needs C++20 coroutines: compile the handler with -std=c++20 (ycfn_add_function does)"
#endif

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/response.hpp"

// clang 14 with libc++ 13 (Emscripten 3.1.6) has only the Coroutines TS
// header; clang 19 (WASI), GCC and newer libc++ have <coroutine>.
#if __has_include(<coroutine>)
#include <coroutine>
namespace ycfn::detail::coro {
using std::coroutine_handle;
using std::suspend_always;
}  // namespace ycfn::detail::coro
#else
#include <experimental/coroutine>
namespace ycfn::detail::coro {
using std::experimental::coroutine_handle;
using std::experimental::suspend_always;
}  // namespace ycfn::detail::coro
#if defined(__clang__) && defined(__has_warning)
#if __has_warning("-Wdeprecated-experimental-coroutine")
// The compiler warns at every coroutine of the including file that it found
// std::experimental's traits; there are no others on that toolchain.
#pragma clang diagnostic ignored "-Wdeprecated-experimental-coroutine"
#endif
#endif
#endif

namespace ycfn {

template <typename T = Response>
class Async;

namespace detail {

// One coroutine handler's run: the handler's coroutine, the innermost one to
// resume next, and what happened when control came back. Shared by the
// continuations handed to the runtime, so it lives as long as the invocation
// may still resume it, and no longer.
struct AsyncDriver : std::enable_shared_from_this<AsyncDriver> {
  coro::coroutine_handle<> top;      // the handler's coroutine (owned)
  coro::coroutine_handle<> current;  // resumed next
  std::optional<Task> waiting;       // requests the innermost coroutine awaits
  std::optional<Response> response;  // the handler's co_return value

  AsyncDriver() = default;
  AsyncDriver(const AsyncDriver&) = delete;
  AsyncDriver& operator=(const AsyncDriver&) = delete;
  ~AsyncDriver() {
    if (top) top.destroy();
  }
};

// Resumes the coroutines until the innermost awaits requests (their Task) or
// the handler has returned (its Response). A nested coroutine that finishes
// hands control back to its caller here, in a loop, so the stack never grows
// with the number of awaits.
inline Task drive(const std::shared_ptr<AsyncDriver>& driver) {
  for (;;) {
    driver->current.resume();
    if (driver->waiting) {
      Task next = std::move(*driver->waiting);
      driver->waiting.reset();
      return next;
    }
    if (driver->response) {
      Response response = std::move(*driver->response);
      driver->response.reset();
      return response;
    }
  }
}

template <typename>
inline constexpr bool is_awaitable_v = false;
template <typename Replies>
inline constexpr bool is_awaitable_v<PendingFetch<Replies>> = true;
template <typename U>
inline constexpr bool is_awaitable_v<Async<U>> = true;

// What every Async promise knows: who drives it and who awaits it.
struct PromiseBase {
  AsyncDriver* driver = nullptr;
  coro::coroutine_handle<> caller;  // empty for the handler's own coroutine
};

// `co_await context.fetch(...)` / `fetch_all(...)`: the requests become the
// driver's waiting Task; its continuation stores the replies here and resumes.
template <typename Replies>
class FetchAwaiter {
 public:
  explicit FetchAwaiter(PendingFetch<Replies> fetch) : fetch_(std::move(fetch)) {}

  bool await_ready() const noexcept { return fetch_.empty(); }
  template <typename Promise>
  void await_suspend(coro::coroutine_handle<Promise> self) {
    AsyncDriver* driver = self.promise().driver;
    driver->current = self;
    driver->waiting.emplace(std::move(fetch_).then(
        [shared = driver->shared_from_this(), slot = &replies_](Replies replies, Context&) -> Task {
          slot->emplace(std::move(replies));
          return drive(shared);
        }));
  }
  Replies await_resume() {
    if constexpr (!std::is_same_v<Replies, HttpReply>) {
      if (!replies_) return Replies{};  // fetch_all of no calls
    }
    return std::move(*replies_);
  }

 private:
  PendingFetch<Replies> fetch_;
  std::optional<Replies> replies_;
};

// `co_await other_coroutine(...)`: the caller waits, the callee runs (under the
// same driver) and, when it finishes, the driver resumes the caller.
template <typename T>
class NestedAwaiter {
 public:
  explicit NestedAwaiter(coro::coroutine_handle<typename Async<T>::promise_type> callee) : callee_(callee) {}

  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  void await_suspend(coro::coroutine_handle<Promise> self) {
    auto& promise = callee_.promise();
    promise.driver = self.promise().driver;
    promise.caller = self;
    promise.driver->current = callee_;
  }
  T await_resume() {
    auto& value = callee_.promise().value;
    if (!value) __builtin_trap();  // the callee flowed off its end without co_return
    return std::move(*value);
  }

 private:
  coro::coroutine_handle<typename Async<T>::promise_type> callee_;
};

template <typename T>
struct AsyncPromise : PromiseBase {
  std::optional<T> value;

  Async<T> get_return_object();
  // Lazy: nothing runs until the runtime (or the awaiting coroutine) starts it.
  coro::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<AsyncPromise> self) noexcept {
      AsyncPromise& promise = self.promise();
      if (promise.caller) {
        promise.driver->current = promise.caller;
      } else if constexpr (std::is_same_v<T, Response>) {
        // A handler that flows off its end without co_return has no answer.
        if (!promise.value) __builtin_trap();
        promise.driver->response = std::move(promise.value);
      }
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void return_value(T result) { value.emplace(std::move(result)); }
  // Built without exceptions, nothing can reach this; were one thrown, the
  // module traps like any other failure it cannot answer.
  void unhandled_exception() { __builtin_trap(); }

  template <typename Replies>
  FetchAwaiter<Replies> await_transform(PendingFetch<Replies> fetch) {
    return FetchAwaiter<Replies>(std::move(fetch));
  }
  template <typename U>
  NestedAwaiter<U> await_transform(Async<U>&& callee) {
    return NestedAwaiter<U>(callee.handle_);
  }
  // A named coroutine is awaited once: co_await std::move(it).
  template <typename U>
  NestedAwaiter<U> await_transform(Async<U>& callee) = delete;
  template <typename Other, typename = std::enable_if_t<!is_awaitable_v<std::decay_t<Other>>>>
  coro::suspend_always await_transform(Other&&) {
    static_assert(is_awaitable_v<std::decay_t<Other>>,
                  "co_await in a ycfn::Async takes context.fetch(...), context.fetch_all(...) or another "
                  "ycfn::Async coroutine");
    return {};
  }
};

}  // namespace detail

// A coroutine of a handler: co_awaits requests and other Async coroutines,
// co_returns a T (a Response for the handler itself).
template <typename T>
class [[nodiscard]] Async {
 public:
  using promise_type = detail::AsyncPromise<T>;

  Async(Async&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Async& operator=(Async&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Async(const Async&) = delete;
  Async& operator=(const Async&) = delete;
  ~Async() {
    if (handle_) handle_.destroy();
  }

  // The handler's coroutine as the Task the runtime runs: it starts now and
  // runs until its first request (or its end).
  operator Task() && {  // NOLINT(google-explicit-constructor): a handler returns either
    static_assert(std::is_same_v<T, Response>, "a handler's coroutine is a ycfn::Async<ycfn::Response>");
    auto driver = std::make_shared<detail::AsyncDriver>();
    driver->top = std::exchange(handle_, {});
    driver->current = driver->top;
    detail::coro::coroutine_handle<promise_type>::from_address(driver->top.address()).promise().driver =
        driver.get();
    return detail::drive(driver);
  }

 private:
  template <typename>
  friend struct detail::AsyncPromise;
  explicit Async(detail::coro::coroutine_handle<promise_type> handle) : handle_(handle) {}

  detail::coro::coroutine_handle<promise_type> handle_;
};

namespace detail {
template <typename T>
Async<T> AsyncPromise<T>::get_return_object() {
  return Async<T>(coro::coroutine_handle<AsyncPromise>::from_promise(*this));
}
}  // namespace detail

}  // namespace ycfn
