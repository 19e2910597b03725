// Errors as values. The core is built with -fno-exceptions: every fallible
// function returns a Result<T>, which holds either a T or an Error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ycfn {

// A failure with a stable, dotted code (`metadata.not_found`, `event.malformed`,
// ...) that programs can match on, and a message a person can act on.
// Messages never contain secrets: build them from shapes and sizes, not values.
struct Error {
  std::string code;
  std::string message;
  // True when trying the same operation again may succeed (timeouts, 5xx, 429).
  bool retryable = false;
};

inline Error make_error(std::string code, std::string message, bool retryable = false) {
  return Error{std::move(code), std::move(message), retryable};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error)
      : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok(). Violations abort (there are no exceptions to throw).
  const T& value() const& { return *std::get_if<0>(&checked(true)); }
  T& value() & { return *std::get_if<0>(&checked(true)); }
  T&& value() && { return std::move(*std::get_if<0>(&checked(true))); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const Error& error() const { return *std::get_if<1>(&checked(false)); }

 private:
  const std::variant<T, Error>& checked(bool want_value) const {
    if (ok() != want_value) __builtin_trap();
    return state_;
  }
  std::variant<T, Error>& checked(bool want_value) {
    if (ok() != want_value) __builtin_trap();
    return state_;
  }
  std::variant<T, Error> state_;
};

}  // namespace ycfn
