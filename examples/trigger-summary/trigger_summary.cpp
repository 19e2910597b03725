// One handler serving every trigger: each message arrives typed (timer, message
// queue, object storage, IoT Core, Container Registry, Cloud Logging / Cloud
// Logs, budget, Data Streams, mail; `other` for an event type the toolkit does
// not know); each is logged and listed, in order:
//   {"count": N, "messages": [{"event_id": <id, or null when the message has none>, "kind": K}, ...]}
// A malformed trigger event never gets here: the core answers it with
// 400 event.malformed, naming the field.
#include <ycfn/handler.hpp>

namespace {

ycfn::Response trigger_summary(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::TriggerEvent* trigger = request.trigger();
  if (trigger == nullptr) {
    return ycfn::Response::failure("event.not_trigger", "trigger-summary answers trigger invocations only",
                                   400);
  }
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : trigger->messages()) {
    const std::string kind(ycfn::trigger_kind_name(message.kind));
    const std::optional<std::string_view> id = message.event_id();
    context.log().info("message " + (id ? std::string(*id) : std::string("without an id")) + " (" + kind +
                       ")");
    messages.push_back(
        {{"kind", kind}, {"event_id", id ? nlohmann::json(std::string(*id)) : nlohmann::json()}});
  }
  return ycfn::Response::json({{"count", trigger->messages().size()}, {"messages", messages}});
}

}  // namespace

YCFN_HANDLER(trigger_summary)
