// The readers of each trigger kind's typed details, private to the core's
// trigger parse (trigger_event.cpp). Each takes a JSON object and the path that
// names it in errors, fills `out`, and answers `event.malformed` naming the
// field, or nothing. (Out-parameters rather than Result<T>: one Result type per
// kind cost kilobytes of every handler's module.) Unknown members are ignored;
// absent or null optional members are empty.
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
// `path` names it ("event.messages[0].details"). `out` holds the operation or
// source the event_type gave.
std::optional<Error> read_timer(const nlohmann::json& details, const std::string& path, TimerDetails& out);
std::optional<Error> read_message_queue(const nlohmann::json& details, const std::string& path,
                                        MessageQueueDetails& out);
std::optional<Error> read_object_storage(const nlohmann::json& details, const std::string& path,
                                         ObjectStorageDetails& out);
std::optional<Error> read_iot(const nlohmann::json& details, const std::string& path, IotDetails& out);
std::optional<Error> read_container_registry(const nlohmann::json& details, const std::string& path,
                                             ContainerRegistryDetails& out);
std::optional<Error> read_logging(const nlohmann::json& details, const std::string& path,
                                  LoggingDetails& out);

// Messages without event_metadata: `message` is the message itself, `path`
// names it ("event.messages[0]").
std::optional<Error> read_budget(const nlohmann::json& message, const std::string& path, BudgetDetails& out);
std::optional<Error> read_mail(const nlohmann::json& message, const std::string& path, MailDetails& out);

}  // namespace ycfn::trigger_readers
