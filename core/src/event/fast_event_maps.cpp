#include "fast_event_maps.hpp"

#include <algorithm>
#include <utility>

namespace ycfn::detail {
namespace {

// An integer nlohmann dumps back as the same text: no "-0", no leading zero,
// no fraction or exponent, and small enough for 64 bits.
bool dumps_unchanged(std::string_view number) {
  std::string_view digits = number;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 18) return false;
  if (digits[0] == '0') return number == "0";
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool read_sent_value(JsonScanner& scanner, event_fields::Values values, std::string& out) {
  const char next = scanner.peek();
  if (next == '"') return scanner.read_string(out);
  if (values != event_fields::Values::scalars) return false;
  if (next == 't' || next == 'f') {
    out = next == 't' ? "true" : "false";
    return scanner.read_literal(out);
  }
  std::string_view number;
  if (!scanner.read_number(number) || !dumps_unchanged(number)) return false;
  out.assign(number.data(), number.size());
  return true;
}

// Sorted as nlohmann's std::map orders keys (bytewise); false on a repeat.
bool sort_names(SentMap& map) {
  std::sort(map.entries.begin(), map.entries.end(),
            [](const SentMap::Entry& a, const SentMap::Entry& b) { return a.name < b.name; });
  const auto same = [](const SentMap::Entry& a, const SentMap::Entry& b) { return a.name == b.name; };
  return std::adjacent_find(map.entries.begin(), map.entries.end(), same) == map.entries.end();
}

}  // namespace

bool read_sent_map(JsonScanner& scanner, std::size_t depth, bool multi, event_fields::Values values,
                   SentMap& out) {
  if (scanner.peek() == 'n') return scanner.read_literal("null");
  out.present = true;
  return scanner.read_object(depth, [&](std::string_view name) {
    SentMap::Entry entry{std::string(name), out.values.size(), 0};
    if (!multi) {
      entry.count = 1;
      out.values.emplace_back();
      if (!read_sent_value(scanner, values, out.values.back())) return false;
    } else if (!scanner.read_array(depth + 1, [&] {
                 out.values.emplace_back();
                 ++entry.count;
                 return read_sent_value(scanner, values, out.values.back());
               })) {
      return false;
    }
    out.entries.push_back(std::move(entry));
    return true;
  });
}

bool merge_sent_maps(SentMap& multi, SentMap& single, NamedValues& out) {
  if (multi.present) {
    if (!sort_names(multi)) return false;
    // The maps are not read again: names and values are moved, not copied.
    for (auto& entry : multi.entries) {
      const std::size_t end = entry.first + entry.count;
      for (std::size_t i = entry.first; i + 1 < end; ++i) out.add(entry.name, std::move(multi.values[i]));
      if (entry.count > 0) out.add(std::move(entry.name), std::move(multi.values[end - 1]));
    }
  }
  if (!single.present) return true;
  if (!sort_names(single)) return false;
  // read_value_maps merges the singles among themselves first (header names
  // differing in case), then adds the names `out` lacked. Names that merge
  // fold alike, so `out` has all or none of them: dropping those it has first
  // and adding the rest straight to `out` gives the same entries and order,
  // without a second map (a header is usually in both maps).
  std::vector<SentMap::Entry*> missing;
  for (auto& entry : single.entries) {
    if (!out.contains(entry.name)) missing.push_back(&entry);
  }
  for (SentMap::Entry* entry : missing)
    out.add(std::move(entry->name), std::move(single.values[entry->first]));
  return true;
}

}  // namespace ycfn::detail
