#include "ycfn/query_params.hpp"

#include "ycfn/url.hpp"

namespace ycfn {

std::string QueryParams::to_query_string() const {
  std::string out;
  for (const Entry& entry : *this) {
    const std::string name = url::encode_query_component(entry.name);
    for (const std::string& value : entry.values) {
      if (!out.empty()) out += '&';
      out += name;
      out += '=';
      out += url::encode_query_component(value);
    }
  }
  return out;
}

}  // namespace ycfn
