// The readers of each trigger kind's typed details, private to the core's
// trigger parse (trigger_event.cpp). Each takes a JSON object and the path that
// names it in errors, and answers the typed value or `event.malformed` naming
// the field. Unknown members are ignored; absent or null optional members are
// empty.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"
#include "ycfn/trigger_event.hpp"

namespace ycfn::trigger_readers {

// Reads string members of `object` into `targets`, stopping at the first error.
std::optional<Error> read_strings(const nlohmann::json& object, const std::string& path,
                                  std::initializer_list<std::pair<const char*, std::string*>> targets,
                                  bool required);

// Messages with event_metadata: `details` is the message's details object,
// `path` names it ("event.messages[0].details").
Result<TimerDetails> read_timer(const nlohmann::json& details, const std::string& path);
Result<MessageQueueDetails> read_message_queue(const nlohmann::json& details, const std::string& path);
Result<ObjectStorageDetails> read_object_storage(const nlohmann::json& details, const std::string& path,
                                                 ObjectStorageDetails::Operation operation);
Result<IotDetails> read_iot(const nlohmann::json& details, const std::string& path);
Result<ContainerRegistryDetails> read_container_registry(const nlohmann::json& details,
                                                         const std::string& path,
                                                         ContainerRegistryDetails::Operation operation);
Result<LoggingDetails> read_logging(const nlohmann::json& details, const std::string& path,
                                    LoggingDetails::Source source);

// Messages without event_metadata: `message` is the message itself, `path`
// names it ("event.messages[0]").
Result<BudgetDetails> read_budget(const nlohmann::json& message, const std::string& path);
Result<MailDetails> read_mail(const nlohmann::json& message, const std::string& path);

}  // namespace ycfn::trigger_readers
