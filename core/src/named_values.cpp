#include "ycfn/named_values.hpp"

#include <utility>

namespace ycfn {

std::string NamedValues::key_of(std::string_view name) const {
  std::string key(name);
  if (name_case_ == NameCase::insensitive) {
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

const NamedValues::Entry* NamedValues::find(std::string_view name) const {
  const auto it = index_.find(key_of(name));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

void NamedValues::add(std::string name, std::string value) {
  const auto [it, inserted] = index_.emplace(key_of(name), entries_.size());
  if (inserted) {
    entries_.push_back(Entry{std::move(name), {}});
  }
  entries_[it->second].values.push_back(std::move(value));
}

void NamedValues::set(std::string name, std::string value) {
  const auto [it, inserted] = index_.emplace(key_of(name), entries_.size());
  if (inserted) {
    entries_.push_back(Entry{std::move(name), {}});
  }
  auto& values = entries_[it->second].values;
  values.clear();
  values.push_back(std::move(value));
}

std::optional<std::string_view> NamedValues::get(std::string_view name) const {
  const Entry* entry = find(name);
  if (entry == nullptr || entry->values.empty()) return std::nullopt;
  return std::string_view(entry->values.back());
}

std::vector<std::string> NamedValues::get_all(std::string_view name) const {
  const Entry* entry = find(name);
  return entry == nullptr ? std::vector<std::string>{} : entry->values;
}

bool NamedValues::contains(std::string_view name) const { return find(name) != nullptr; }

void NamedValues::remove(std::string_view name) {
  const auto it = index_.find(key_of(name));
  if (it == index_.end()) return;
  const std::size_t removed = it->second;
  index_.erase(it);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(removed));
  // Entries after the removed one moved down by one.
  for (auto& [key, position] : index_) {
    if (position > removed) --position;
  }
}

}  // namespace ycfn
