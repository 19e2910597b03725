// Request::trigger(): the only caller of the trigger decoding on the handler's
// path, in a file of its own so that a module whose handler never asks for it
// links none of it (trigger_check.hpp says why).
#include <memory>
#include <utility>

#include "ycfn/request.hpp"

namespace ycfn {

const TriggerEvent* Request::trigger() const {
  if (kind_ != Kind::trigger) return nullptr;
  if (trigger_ == nullptr) {
    auto parsed = parse_trigger_event(raw());
    // parse_event() has run detail::check_trigger_event(), which refuses
    // exactly what this parse refuses (tests/core/test_trigger_event.cpp and
    // fuzz/fuzz_trigger_event.cpp hold them to it): an error here would be a
    // disagreement between the two, answered with no messages rather than a crash.
    trigger_ = std::make_shared<const TriggerEvent>(parsed ? std::move(parsed).value() : TriggerEvent());
  }
  return trigger_.get();
}

}  // namespace ycfn
