// HTTP headers: a multi-map whose names compare case-insensitively (ASCII),
// keeping the first-seen spelling of each name and the order of its values.
// Used for request headers (from the event) and response headers.
#pragma once

#include "ycfn/named_values.hpp"

namespace ycfn {

// add(name, value), set(name, value) (replace all), get(name) (last value),
// get_all(name), contains(name), remove(name), and iteration over
// Entry{name, values}: see NamedValues.
class Headers : public NamedValues {
 public:
  Headers() : NamedValues(NameCase::insensitive) {}
};

}  // namespace ycfn
