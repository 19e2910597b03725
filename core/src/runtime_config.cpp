#include <nlohmann/json.hpp>

#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/runtime.hpp"

namespace ycfn {

namespace {

Error bad_config(const std::string& why) { return make_error("abi.bad_config", "runtime config: " + why); }

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
    config.network = it->get<bool>();
  }
  if (auto env = parsed.find("env"); env != parsed.end() && !env->is_null()) {
    if (!env->is_object()) return bad_config("\"env\" must be an object of strings");
    const std::pair<const char*, std::string*> names[] = {
        {"YC_METADATA_ADDR", &config.yc_metadata_addr},
        {"GCE_METADATA_HOST", &config.gce_metadata_host},
    };
    for (const auto& [name, target] : names) {
      auto value = env->find(name);
      if (value == env->end() || value->is_null()) continue;
      if (!value->is_string()) return bad_config(std::string("env.") + name + " must be a string");
      *target = value->get_ref<const std::string&>();
    }
  }
  return config;
}

}  // namespace ycfn
