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

bool NamedValues::same_name(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) return false;
  if (name_case_ == NameCase::sensitive) return a == b;
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

std::size_t NamedValues::position(std::string_view name) const {
  if (!index_.empty()) {
    const auto it = index_.find(key_of(name));
    return it == index_.end() ? entries_.size() : it->second;
  }
  std::size_t i = 0;
  while (i < entries_.size() && !same_name(entries_[i].name, name)) ++i;
  return i;
}

const NamedValues::Entry* NamedValues::find(std::string_view name) const {
  const std::size_t i = position(name);
  return i == entries_.size() ? nullptr : &entries_[i];
}

void NamedValues::build_index() {
  index_.clear();
  if (entries_.size() < kIndexFrom) return;
  for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(key_of(entries_[i].name), i);
}

// The entry of `name`, created (at the end) if it is new.
NamedValues::Entry& NamedValues::entry_for(std::string name) {
  const std::size_t i = position(name);
  if (i != entries_.size()) return entries_[i];
  entries_.push_back(Entry{std::move(name), {}});
  if (!index_.empty()) {
    index_.emplace(key_of(entries_.back().name), i);
  } else if (entries_.size() == kIndexFrom) {
    build_index();
  }
  return entries_.back();
}

void NamedValues::add(std::string name, std::string value) {
  entry_for(std::move(name)).values.push_back(std::move(value));
}

void NamedValues::set(std::string name, std::string value) {
  auto& values = entry_for(std::move(name)).values;
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
  const std::size_t removed = position(name);
  if (removed == entries_.size()) return;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(removed));
  if (index_.empty()) return;
  if (entries_.size() < kIndexFrom) {  // small again: back to scanning
    index_.clear();
    return;
  }
  index_.erase(key_of(name));
  // Entries after the removed one moved down by one.
  for (auto& [key, at] : index_) {
    if (at > removed) --at;
  }
}

}  // namespace ycfn
