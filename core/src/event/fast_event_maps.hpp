// The platform's name -> value maps (headers, query, path and OpenAPI
// parameters) for the fast event parse: read from the text as sent, then
// merged exactly as event_fields::read_value_maps merges nlohmann's objects
// (which iterate in key order and keep the last of duplicate keys).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "../json/json_scanner.hpp"
#include "event_fields.hpp"
#include "ycfn/named_values.hpp"

namespace ycfn::detail {

// One map as the text has it.
struct SentMap {
  struct Entry {
    std::string name;
    std::size_t first = 0;  // its values are values[first, first + count)
    std::size_t count = 0;
  };
  bool present = false;  // a member that is not null
  std::vector<Entry> entries;
  std::vector<std::string> values;
};

// Reads the member value at the cursor: null (absent), or an object of arrays
// of values (`multi`), or of values. A value is a string, or for
// Values::scalars also a boolean or an integer whose text nlohmann would dump
// unchanged. False for anything else, the caller then gives up.
bool read_sent_map(JsonScanner& scanner, std::size_t depth, bool multi, event_fields::Values values,
                   SentMap& out);

// Adds the maps to `out` as read_value_maps would: `multi`'s values, then
// `single`'s for names `multi` did not give. False when a map repeats a name
// (nlohmann would have kept only the last; not worth copying).
bool merge_sent_maps(SentMap& multi, SentMap& single, NamedValues& out);

}  // namespace ycfn::detail
