// An ordered multi-map of names to string values: the common part of HTTP
// headers (names compared case-insensitively) and query/path parameters
// (compared exactly). Use it through Headers or QueryParams.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ycfn {

class NamedValues {
 public:
  // One name with all its values, in the order they were added. The name keeps
  // the spelling it had when first added. Every entry has at least one value.
  struct Entry {
    std::string name;
    std::vector<std::string> values;
  };
  using const_iterator = std::vector<Entry>::const_iterator;

  // How names compare. `insensitive` folds ASCII A-Z only (HTTP header names
  // are ASCII tokens; folding other bytes would merge distinct names).
  enum class NameCase { sensitive, insensitive };

  explicit NamedValues(NameCase name_case) : name_case_(name_case) {}

  // Appends a value to `name`, creating the entry (at the end) if it is new.
  void add(std::string name, std::string value);
  // Replaces all values of `name` with one value. An existing entry keeps its
  // position and first-seen spelling.
  void set(std::string name, std::string value);
  // The last value of `name` (what the platform's single-value maps carry).
  // The view is valid until this object is next modified.
  std::optional<std::string_view> get(std::string_view name) const;
  // Every value of `name` in order; empty when absent.
  std::vector<std::string> get_all(std::string_view name) const;
  bool contains(std::string_view name) const;
  void remove(std::string_view name);

  NameCase name_case() const { return name_case_; }
  std::size_t size() const { return entries_.size(); }  // number of distinct names
  bool empty() const { return entries_.empty(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

 private:
  // From this many names on, lookups go through index_; below, a scan of
  // entries_ compares names in place. An event's header and query maps are
  // small, and the index cost each name a folded copy and a map node (a tenth
  // of a warm 1 KB call with the maps' other allocations).
  static constexpr std::size_t kIndexFrom = 16;

  std::string key_of(std::string_view name) const;
  bool same_name(std::string_view a, std::string_view b) const;
  // The position of `name` in entries_, or entries_.size().
  std::size_t position(std::string_view name) const;
  const Entry* find(std::string_view name) const;
  Entry& entry_for(std::string name);
  void build_index();

  NameCase name_case_;
  std::vector<Entry> entries_;
  // Folded name -> position in entries_, kept once there are kIndexFrom names
  // (empty before), so lookups stay O(log n) for events with many headers.
  std::map<std::string, std::size_t> index_;
};

}  // namespace ycfn
