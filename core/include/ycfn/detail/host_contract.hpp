// The host contract's facts a host must still know (core/abi/host_contract.def),
// for the C++ hosts: the WASI guest driver, the command, the components and the
// native test kit. The JavaScript and Python hosts read the same file through
// scripts/gen-host-contract.py.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ycfn::host_contract {

#define YCFN_HOST_NUMBER(name, value, meaning) inline constexpr std::int64_t name = value;
#define YCFN_HOST_TEXT(name, text) inline constexpr std::string_view name = text;
#define YCFN_HOST_TOKEN_HINT(kind, text) inline constexpr const char* kTokenHint_##kind = text;
#define YCFN_HOST_FETCH_HINT(kind, text) inline constexpr const char* kFetchHint_##kind = text;
// Found next to this header once installed, through core/abi/ in the source tree.
#include "host_contract.def"
#undef YCFN_HOST_NUMBER
#undef YCFN_HOST_TEXT
#undef YCFN_HOST_TOKEN_HINT
#undef YCFN_HOST_FETCH_HINT

// An answer a host gives itself (YCFN_HOST_ANSWER).
struct HostAnswer {
  std::string_view code;
  int status;
  std::string_view message;  // may hold {detail} / {host}
  std::string_view log;      // "" : no record
};

#define YCFN_HOST_ANSWER(name, code, status, message, log) \
  inline constexpr HostAnswer name{code, status, message, log};
#include "host_contract.def"
#undef YCFN_HOST_ANSWER

// An integer the core writes in every step of a kind (YCFN_HOST_STEP_INTEGER).
struct StepInteger {
  std::string_view step;
  std::string_view place;  // "": the step; "<list>[]": each entry of a list; "<object>"
  std::string_view key;
};

inline constexpr StepInteger kStepIntegers[] = {
#define YCFN_HOST_STEP_INTEGER(step, place, key) StepInteger{#step, place, #key},
#include "host_contract.def"
#undef YCFN_HOST_STEP_INTEGER
};

// The first integer of kStepIntegers that `step` (a parsed step, nlohmann::json)
// lacks, named as it is found ("give_up_ms", "fetches[].id", "wait.timeout_ms");
// "" when all are there. Only non-throwing calls: hosts build without exceptions.
template <class Json>
std::string missing_step_integer(const Json& step) {
  const auto kind = step.is_object() ? step.find("step") : step.end();
  if (kind == step.end() || !kind->is_string()) return "";
  const auto has_integer = [](const Json& object, std::string_view key) {
    if (!object.is_object()) return false;
    const auto it = object.find(std::string(key));
    return it != object.end() && it->is_number_integer();
  };
  for (const StepInteger& field : kStepIntegers) {
    if (field.step != kind->template get_ref<const std::string&>()) continue;
    std::string where(field.place);
    if (!where.empty()) where.append(".");
    where.append(field.key);
    if (field.place.empty()) {
      if (!has_integer(step, field.key)) return where;
      continue;
    }
    const bool each = field.place.size() > 2 && field.place.substr(field.place.size() - 2) == "[]";
    const auto place = step.find(std::string(field.place.substr(0, field.place.size() - (each ? 2 : 0))));
    if (place == step.end() || (each && !place->is_array())) return where;
    if (!each) {
      if (!has_integer(*place, field.key)) return where;
      continue;
    }
    for (const auto& entry : *place) {
      if (!has_integer(entry, field.key)) return where;
    }
  }
  return "";
}

// `text` with every "{key}" replaced by `value`.
inline std::string fill(std::string_view text, std::string_view key, std::string_view value) {
  std::string out;
  const std::string marker = "{" + std::string(key) + "}";
  std::size_t from = 0;
  for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, from)) {
    out.append(text.substr(from, at - from)).append(value);
    from = at + marker.size();
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace ycfn::host_contract
