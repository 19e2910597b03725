// Test handler: always answers a failure, errorType "test.failed", with the
// status the event asks for ({"status": 4xx/5xx}) or 500.
#include <ycfn/handler.hpp>

namespace {

ycfn::Response fail(const ycfn::Request& request, ycfn::Context& /*context*/) {
  int status = 500;
  const nlohmann::json& event = request.raw();
  if (event.is_object()) {
    const auto it = event.find("status");
    if (it != event.end() && it->is_number_integer()) {
      const auto asked = it->get<std::int64_t>();
      if (asked >= 400 && asked <= 599) status = static_cast<int>(asked);
    }
  }
  return ycfn::Response::failure("test.failed", "the fail handler always fails", status);
}

}  // namespace

YCFN_HANDLER(fail)
