// Parsing of the host's ABI inputs (docs/design.md, "The C ABI"): the
// invocation JSON of ycfn_invoke() and the resume JSON of ycfn_resume().
// Internal to the core.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ycfn/context.hpp"
#include "ycfn/detail/metadata.hpp"
#include "ycfn/result.hpp"

namespace ycfn {

struct InvocationInput {
  ContextInfo context;  // deadline_ms set only when `deadline` is
  std::int64_t now_ms = 0;
  // The deadline the host gave (deadline_ms), else context.deadlineMs; absent
  // when neither is there (the runtime applies the default timeout).
  std::optional<std::int64_t> deadline;
  // context.malformed / context.bad_deadline: the invocation answers it.
  std::optional<Error> context_error;
  // context.token as received (null when absent); validated by the runtime.
  nlohmann::json context_token;
};

// Errors: `abi.bad_input`, naming the field.
Result<InvocationInput> parse_invocation_input(std::string_view json);

// parse_invocation_input is the first that answers of these two:
// - the input read by the strict scanner, without a DOM (the context's text
//   kept for Context::raw()); std::nullopt whenever it is not sure
//   (invocation_input_scan.cpp);
std::optional<InvocationInput> scan_invocation_input(std::string_view json);
// - the input read through an nlohmann DOM, which answers every error (and is
//   the reference tests hold the scan to).
Result<InvocationInput> parse_invocation_input_dom(std::string_view json);

struct FetchResultInput {
  std::uint64_t fetch_id = 0;
  FetchOutcome outcome;
};

struct ResumeInput {
  std::uint64_t invocation = 0;
  std::int64_t now_ms = 0;
  std::vector<FetchResultInput> fetch_results;
  // The host gave up on the invocation (its deadline): answer it now.
  bool cancel = false;
};

// Errors: `abi.bad_input`, naming the field.
Result<ResumeInput> parse_resume_input(std::string_view json);

// The "invocation" of a resume input that failed to parse, when it has one: the
// runtime then ends that invocation instead of leaving it in progress.
std::optional<std::uint64_t> peek_invocation_id(std::string_view json);

}  // namespace ycfn
