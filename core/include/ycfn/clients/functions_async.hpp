// Invoking another function in one co_await (C++20, header-only over
// functions.hpp):
//
//   auto answer = co_await ycfn::functions::invoke(context, "d4e...", R"({"n":1})");
//   if (!answer) co_return ycfn::Response::from_error(answer.error(), 502);
//
// Errors as parse_invoke's (functions.*, fetch.*; "functions.invoke: ...").
#pragma once

#include <string>
#include <utility>

#include "ycfn/async.hpp"
#include "ycfn/clients/functions.hpp"

namespace ycfn::functions {

inline Async<Result<Invocation>> invoke(Context& context, std::string function_id, std::string body,
                                        InvokeOptions options) {
  auto call = invoke_call(context, function_id, std::move(body), options);
  if (!call) co_return call.error();
  const HttpReply reply = co_await context.fetch(std::move(call).value());
  co_return parse_invoke(reply);
}

// (No default InvokeOptions argument: GCC 12 destroys a coroutine's defaulted
// class-type argument twice, GCC bug 100611; the overload makes it.)
inline Async<Result<Invocation>> invoke(Context& context, std::string function_id, std::string body) {
  return invoke(context, std::move(function_id), std::move(body), InvokeOptions());
}

}  // namespace ycfn::functions
