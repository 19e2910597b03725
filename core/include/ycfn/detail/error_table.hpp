// The error table (core/abi/errors.def) as data: the HTTP status an
// invocation answers for a code. The meanings stay out of the module (they
// are documentation: scripts/gen-error-table.py writes them into the docs).
#pragma once

#include <cstddef>
#include <string_view>

#include "ycfn/result.hpp"

namespace ycfn {

enum class ErrorKind { answer, value, host };

struct ErrorInfo {
  std::string_view code;
  int status;  // 0 for kind value
  ErrorKind kind;
};

// The entry for `code`, or nullptr when the table does not have it (a
// handler's own errorType).
const ErrorInfo* find_error_info(std::string_view code);

// The status the invocation answers when the core stops it with `error`: the
// table's status for an answer code, else 500.
int answer_status(const Error& error);

// Every entry, in the table's order.
const ErrorInfo* error_table_begin();
const ErrorInfo* error_table_end();

}  // namespace ycfn
