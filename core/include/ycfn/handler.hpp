// The handler API: a handler is a function of a request and a context that
// returns a response, registered with one line:
//
//   #include <ycfn/handler.hpp>
//
//   ycfn::Response hello(const ycfn::Request& request, ycfn::Context& context) {
//     context.log().info("hello called");
//     return ycfn::Response::text("hello\n");
//   }
//   YCFN_HANDLER(hello)
//
// A handler that needs an IAM token says so, and the host obtains one (from the
// context, or the metadata service through the cache) before calling it:
//
//   YCFN_HANDLER_WITH_TOKEN(list_buckets)   // context.token() is never null
//
// A handler that calls APIs returns a ycfn::Task: a Response, or requests and
// what to do with their replies (see fetch.hpp). A handler returning Response
// registers the same way.
//
// Exactly one registration per module (per function ZIP / WASI module).
#pragma once

#include "ycfn/context.hpp"
#include "ycfn/fetch.hpp"
#include "ycfn/request.hpp"
#include "ycfn/response.hpp"

namespace ycfn {

enum class TokenRequirement { none, required };

using HandlerFunction = Task (*)(const Request& request, Context& context);

struct HandlerSpec {
  HandlerFunction function = nullptr;
  TokenRequirement token = TokenRequirement::none;
  const char* name = "";
};

// `Handler` (returning Response or Task) as a HandlerFunction, for code that
// builds a HandlerSpec itself (tests, the native test kit).
template <auto Handler>
Task adapt_handler(const Request& request, Context& context) {
  return Handler(request, context);
}

// Defined by the YCFN_HANDLER / YCFN_HANDLER_WITH_TOKEN line of the module.
const HandlerSpec& registered_handler();

}  // namespace ycfn

// The handler may return Response or Task: a lambda without captures adapts
// either to HandlerFunction.
#define YCFN_DETAIL_REGISTER(fn, requirement)                                          \
  const ::ycfn::HandlerSpec& ::ycfn::registered_handler() {                            \
    static const ::ycfn::HandlerSpec spec{                                             \
        [](const ::ycfn::Request& request, ::ycfn::Context& context) -> ::ycfn::Task { \
          return (fn)(request, context);                                               \
        },                                                                             \
        (requirement), #fn};                                                           \
    return spec;                                                                       \
  }

#define YCFN_HANDLER(fn) YCFN_DETAIL_REGISTER(fn, ::ycfn::TokenRequirement::none)
#define YCFN_HANDLER_WITH_TOKEN(fn) YCFN_DETAIL_REGISTER(fn, ::ycfn::TokenRequirement::required)
