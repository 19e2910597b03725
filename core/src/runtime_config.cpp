#include <nlohmann/json.hpp>

#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/runtime.hpp"

namespace ycfn {

namespace {

Error bad_config(const std::string& why) { return make_error("abi.bad_config", "runtime config: " + why); }

// YCFN_TIMEOUT_MS: a whole number of milliseconds, 1 .. kMaxTimeoutMs.
std::optional<std::int64_t> parse_timeout_ms(std::string_view text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > kMaxTimeoutMs) return std::nullopt;
  return value;
}

std::optional<Error> read_string(const nlohmann::json& parsed, const char* key, std::string& out) {
  auto it = parsed.find(key);
  if (it == parsed.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return bad_config(std::string("\"") + key + "\" must be a string");
  out = it->get_ref<const std::string&>();
  return std::nullopt;
}

}  // namespace

Result<RuntimeConfig> parse_runtime_config(std::string_view json) {
  RuntimeConfig config;
  if (json.empty()) return config;
  if (json_nesting_depth(json) > kMaxJsonDepth) return bad_config("nested too deeply");
  const JsonDocument document = parse_json_document(json);
  const nlohmann::json& parsed = document.value;
  if (!document.ok || !parsed.is_object()) return bad_config("not a JSON object");

  if (auto it = parsed.find("network"); it != parsed.end()) {
    if (!it->is_boolean()) return bad_config("\"network\" must be a boolean");
    config.host.network = it->get<bool>();
  }
  if (auto error = read_string(parsed, "token_hint", config.host.token_hint)) return *error;
  if (auto error = read_string(parsed, "fetch_hint", config.host.fetch_hint)) return *error;
  if (auto env = parsed.find("env"); env != parsed.end() && !env->is_null()) {
    if (!env->is_object()) return bad_config("\"env\" must be an object of strings");
    for (const auto& [name, value] : env->items()) {
      if (value.is_null()) continue;
      // The name is the host's; the value is never quoted (it may be a secret).
      if (!value.is_string()) return bad_config("env." + name + " must be a string");
      config.host.env.emplace(name, value.get_ref<const std::string&>());
    }
  }
  auto timeout = config.host.env.find("YCFN_TIMEOUT_MS");
  if (timeout != config.host.env.end() && !timeout->second.empty()) {  // empty: unset
    if (auto value = parse_timeout_ms(timeout->second)) {
      config.default_timeout_ms = *value;
    } else {
      config.timeout_error = make_error("config.bad_timeout",
                                        "YCFN_TIMEOUT_MS must be a whole number of milliseconds from 1 to " +
                                            std::to_string(kMaxTimeoutMs) + " (it has " +
                                            std::to_string(timeout->second.size()) + " characters)");
    }
  }
  return config;
}

}  // namespace ycfn
