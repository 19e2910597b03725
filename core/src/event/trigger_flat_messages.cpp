// The trigger messages without event_metadata whose shape the toolkit knows:
// billing budget and mail. (Data Streams records have no shape to read.)
#include <utility>

#include "event_fields.hpp"
#include "trigger_readers.hpp"
#include "ycfn/detail/ascii.hpp"

namespace ycfn::trigger_readers {
namespace {

using event_fields::member;
using event_fields::wrong_type;

// A number member: absent or null -> 0. Budgets write `90012` and `90012.00`
// alike, which JSON does not tell apart anyway.
std::optional<Error> read_number(const nlohmann::json& object, const char* key, const std::string& path,
                                 double& out) {
  const nlohmann::json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) return wrong_type(path + "." + key, "a number", *value);
  out = value->get<double>();
  return std::nullopt;
}

// An array of strings: absent or null -> empty.
std::optional<Error> read_string_array(const nlohmann::json& object, const char* key, const std::string& path,
                                       std::vector<std::string>& out) {
  const std::string apath = path + "." + key;
  const nlohmann::json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) return wrong_type(apath, "an array of strings", *value);
  out.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    const nlohmann::json& item = (*value)[i];
    if (!item.is_string()) return wrong_type(apath + "[" + std::to_string(i) + "]", "a string", item);
    out.push_back(item.get_ref<const std::string&>());
  }
  return std::nullopt;
}

std::optional<Error> read_headers(const nlohmann::json& message, const std::string& path,
                                  std::vector<MailHeader>& out) {
  const std::string hpath = path + ".headers";
  const nlohmann::json* headers = member(message, "headers");
  if (headers == nullptr) return event_fields::missing(hpath, "an array");
  if (!headers->is_array()) return wrong_type(hpath, "an array", *headers);
  out.resize(headers->size());
  for (std::size_t i = 0; i < headers->size(); ++i) {
    const nlohmann::json& header = (*headers)[i];
    const std::string ipath = hpath + "[" + std::to_string(i) + "]";
    if (!header.is_object()) return wrong_type(ipath, "an object", header);
    if (auto error = read_strings(header, ipath, {{"name", &out[i].name}}, true)) return error;
    if (auto error = read_string_array(header, "values", ipath, out[i].values)) return error;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> read_budget(const nlohmann::json& message, const std::string& path, BudgetDetails& out) {
  if (auto error = read_strings(
          message, path, {{"billing_account_id", &out.billing_account_id}, {"budget_id", &out.budget_id}},
          true)) {
    return error;
  }
  if (auto error = read_strings(message, path,
                                {{"budget_display_name", &out.budget_display_name},
                                 {"currency", &out.currency},
                                 {"period", &out.period},
                                 {"threshold_type", &out.threshold_type}},
                                false)) {
    return error;
  }
  for (const auto& [key, target] : {std::pair<const char*, double*>{"amount", &out.amount},
                                    {"budgeted_amount", &out.budgeted_amount},
                                    {"threshold_amount", &out.threshold_amount}}) {
    if (auto error = read_number(message, key, path, *target)) return error;
  }
  return std::nullopt;
}

std::optional<Error> read_mail(const nlohmann::json& message, const std::string& path, MailDetails& out) {
  if (auto error = read_strings(message, path, {{"received_at", &out.received_at}}, true)) return error;
  out.received_time = parse_timestamp(out.received_at);
  if (auto error = read_headers(message, path, out.headers)) return error;
  if (auto error = read_strings(message, path, {{"message", &out.message}}, false)) return error;

  const std::string apath = path + ".attachments";
  auto attachments = event_fields::optional_object(message, "attachments", apath);
  if (!attachments) return attachments.error();
  if (*attachments == nullptr) return std::nullopt;
  MailAttachments& a = out.attachments.emplace();
  if (auto error = read_strings(**attachments, apath, {{"bucket_id", &a.bucket_id}}, false)) return error;
  return read_string_array(**attachments, "keys", apath, a.keys);
}

}  // namespace ycfn::trigger_readers

namespace ycfn {

const std::vector<std::string>* MailDetails::header(std::string_view name) const {
  for (const MailHeader& h : headers) {
    if (equals_ignore_case(h.name, name)) return &h.values;
  }
  return nullptr;
}

}  // namespace ycfn
