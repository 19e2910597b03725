#include "ycfn/detail/error_table.hpp"

#include <iterator>

namespace ycfn {
namespace {

#define YCFN_ERROR(code, status, kind, meaning) ErrorInfo{code, status, ErrorKind::kind},
constexpr ErrorInfo kTable[] = {
#include "../abi/errors.def"
};
#undef YCFN_ERROR

}  // namespace

const ErrorInfo* find_error_info(std::string_view code) {
  for (const ErrorInfo& info : kTable) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

int answer_status(const Error& error) {
  const ErrorInfo* info = find_error_info(error.code);
  if (info == nullptr || info->kind != ErrorKind::answer) return 500;
  return info->status;
}

const ErrorInfo* error_table_begin() { return std::begin(kTable); }
const ErrorInfo* error_table_end() { return std::end(kTable); }

}  // namespace ycfn
