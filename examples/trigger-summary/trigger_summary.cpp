// One handler serving triggers: timer, message queue and object storage
// messages arrive as typed values; each is logged and counted.
#include <ycfn/handler.hpp>

namespace {

const char* kind_name(ycfn::TriggerMessage::Kind kind) {
  switch (kind) {
    case ycfn::TriggerMessage::Kind::timer:
      return "timer";
    case ycfn::TriggerMessage::Kind::message_queue:
      return "message_queue";
    case ycfn::TriggerMessage::Kind::object_storage:
      return "object_storage";
    case ycfn::TriggerMessage::Kind::other:
      return "other";
  }
  return "other";
}

ycfn::Response trigger_summary(const ycfn::Request& request, ycfn::Context& context) {
  const ycfn::TriggerEvent* trigger = request.trigger();
  if (trigger == nullptr) {
    return ycfn::Response::failure("event.not_trigger", "trigger-summary answers trigger invocations only",
                                   400);
  }
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : trigger->messages()) {
    context.log().info(std::string("message ") + message.metadata.event_id + " (" + kind_name(message.kind) +
                       ")");
    messages.push_back({{"event_id", message.metadata.event_id}, {"kind", kind_name(message.kind)}});
  }
  return ycfn::Response::json({{"count", trigger->messages().size()}, {"messages", messages}});
}

}  // namespace

YCFN_HANDLER(trigger_summary)
