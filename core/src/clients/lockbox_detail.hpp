// What lockbox.cpp and lockbox_cache.cpp share. Internal to the core.
#pragma once

#include <string_view>

#include "ycfn/context.hpp"

namespace ycfn::lockbox {

// Protects a text entry's value and its JSON-escaped form (as the reply
// body carries it).
void protect_text(Context& context, std::string_view text);

}  // namespace ycfn::lockbox
