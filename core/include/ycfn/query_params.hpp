// Query-string (and path) parameters: a multi-map whose names compare exactly
// (`a` and `A` are different parameters), keeping the order of values.
#pragma once

#include "ycfn/named_values.hpp"

namespace ycfn {

// add(name, value), set(name, value), get(name) (last value, as the platform's
// `queryStringParameters`), get_all(name) (as `multiValueQueryStringParameters`),
// contains(name), remove(name), and iteration: see NamedValues.
class QueryParams : public NamedValues {
 public:
  QueryParams() : NamedValues(NameCase::sensitive) {}
};

}  // namespace ycfn
