// Query-string (and path) parameters: a multi-map whose names compare exactly
// (`a` and `A` are different parameters), keeping the order of values.
#pragma once

#include <string>

#include "ycfn/named_values.hpp"

namespace ycfn {

// add(name, value), set(name, value), get(name) (last value, as the platform's
// `queryStringParameters`), get_all(name) (as `multiValueQueryStringParameters`),
// contains(name), remove(name), and iteration: see NamedValues.
class QueryParams : public NamedValues {
 public:
  QueryParams() : NamedValues(NameCase::sensitive) {}

  // "a=1&a=2&b=x%20y": every value of every name, in order, names and values
  // percent-encoded (url::encode_query_component); "" when empty. Append it
  // to a URL after '?', or pass the pairs to HttpCall::query one by one.
  std::string to_query_string() const;
};

}  // namespace ycfn
