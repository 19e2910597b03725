#include "ycfn/context.hpp"

#include <algorithm>

#include "ycfn/detail/feature_hooks.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/runtime.hpp"

namespace ycfn {

const nlohmann::json& Context::raw() const {
  if (!info_.raw_text.empty()) {
    // The text was read by the strict scanner (invocation_input_scan.cpp), so
    // it parses as an object; were it ever not to, the handler sees {}.
    JsonDocument document = parse_json_document(info_.raw_text);
    info_.raw =
        document.ok && document.value.is_object() ? std::move(document.value) : nlohmann::json::object();
    info_.raw.erase("token");
    std::string().swap(info_.raw_text);
  }
  return info_.raw;
}

std::optional<std::string_view> Context::env(std::string_view name) const {
  if (host_ == nullptr) return std::nullopt;
  auto it = host_->env.find(name);
  if (it == host_->env.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string Context::env(std::string_view name, std::string_view fallback) const {
  const auto value = env(name);
  return std::string(value && !value->empty() ? *value : fallback);
}

void Context::protect_secret(std::string value) {
  // A handler that reads the same secret again must not grow the list: every
  // log line is scrubbed of each entry.
  if (value.empty() || std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  // From now on the runtime formats this invocation's lines with the masked
  // values (detail/feature_hooks.hpp: a module that protects none links none
  // of it).
  detail::masked_log_line = &format_log_line;
  protected_.push_back(value);
  secrets_.push_back(std::move(value));
}

Error Context::missing_token_error() const {
  const std::string hint = host_ != nullptr && !host_->token_hint.empty()
                               ? host_->token_hint
                               : std::string("pass one in the invocation context's \"token\"");
  return make_error("token.missing", "this handler needs an IAM token and none is available: " + hint);
}

}  // namespace ycfn
