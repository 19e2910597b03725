// Test handler: always answers the handler's own failure, errorType "test.failed",
// message "the fail handler always fails", with the status the event asks for
// ({"status": 400..599}) or 500; it logs an ERROR record first.
#include <ycfn/handler.hpp>

#include <cstdint>

#include <nlohmann/json.hpp>

namespace {

ycfn::Response fail(const ycfn::Request& request, ycfn::Context& context) {
  int status = 500;
  const nlohmann::json& event = request.raw();
  if (event.is_object()) {
    const auto it = event.find("status");
    if (it != event.end() && it->is_number_integer()) {
      const auto asked = it->get<std::int64_t>();
      if (asked >= 400 && asked <= 599) status = static_cast<int>(asked);
    }
  }
  context.log().error("failing on purpose");
  return ycfn::Response::failure("test.failed", "the fail handler always fails", status);
}

}  // namespace

YCFN_HANDLER(fail)
