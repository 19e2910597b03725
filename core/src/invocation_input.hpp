// Parsing of the host's ABI inputs (docs/design.md, "The C ABI"): the
// invocation JSON of ycfn_invoke() and the resume JSON of ycfn_resume().
// Internal to the core.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/context.hpp"
#include "ycfn/detail/metadata.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

struct InvocationInput {
  ContextInfo context;
  std::int64_t now_ms = 0;
  // context.token as received (null when absent); validated by the runtime.
  nlohmann::json context_token;
};

// Errors: `abi.bad_input`, naming the field.
Result<InvocationInput> parse_invocation_input(std::string_view json);

struct FetchResultInput {
  std::uint64_t fetch_id = 0;
  FetchOutcome outcome;
};

struct ResumeInput {
  std::uint64_t invocation = 0;
  std::int64_t now_ms = 0;
  std::optional<FetchResultInput> fetch_result;
};

// Errors: `abi.bad_input`, naming the field.
Result<ResumeInput> parse_resume_input(std::string_view json);

}  // namespace ycfn
