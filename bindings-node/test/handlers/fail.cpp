// Test handler: always fails with the handler's own error type.
#include <ycfn/handler.hpp>

namespace {

ycfn::Response fail(const ycfn::Request& /*request*/, ycfn::Context& context) {
  context.log().error("failing on purpose");
  return ycfn::Response::failure("test.failed_on_purpose", "the fail handler always fails", 503);
}

}  // namespace

YCFN_HANDLER(fail)
