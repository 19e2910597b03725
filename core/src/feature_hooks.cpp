// The pointers of detail/feature_hooks.hpp, null until a feature installs its
// own: data only, so every module links them and nothing behind them.
#include "ycfn/detail/feature_hooks.hpp"

#include "ycfn/detail/runtime.hpp"

namespace ycfn {

namespace detail {

RetryHook retry_hook = nullptr;
MaskedLogLine masked_log_line = nullptr;
FreeLockboxPayloads free_lockbox_payloads = nullptr;

}  // namespace detail

// Only a cache's maker sets the pointer, and it installs the hook first.
void LockboxPayloadsSlot::Deleter::operator()(void* payloads) const {
  detail::free_lockbox_payloads(payloads);
}

}  // namespace ycfn
