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
// Exactly one registration per module (per function ZIP / WASI module).
#pragma once

#include "ycfn/context.hpp"
#include "ycfn/request.hpp"
#include "ycfn/response.hpp"

namespace ycfn {

enum class TokenRequirement { none, required };

using HandlerFunction = Response (*)(const Request& request, Context& context);

struct HandlerSpec {
  HandlerFunction function = nullptr;
  TokenRequirement token = TokenRequirement::none;
  const char* name = "";
};

// Defined by the YCFN_HANDLER / YCFN_HANDLER_WITH_TOKEN line of the module.
const HandlerSpec& registered_handler();

}  // namespace ycfn

#define YCFN_DETAIL_REGISTER(fn, requirement)                         \
  const ::ycfn::HandlerSpec& ::ycfn::registered_handler() {           \
    static const ::ycfn::HandlerSpec spec{&(fn), (requirement), #fn}; \
    return spec;                                                      \
  }

#define YCFN_HANDLER(fn) YCFN_DETAIL_REGISTER(fn, ::ycfn::TokenRequirement::none)
#define YCFN_HANDLER_WITH_TOKEN(fn) YCFN_DETAIL_REGISTER(fn, ::ycfn::TokenRequirement::required)
