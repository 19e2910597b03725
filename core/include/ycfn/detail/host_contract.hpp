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
