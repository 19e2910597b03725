// The event as a JSON document, built only when a handler asks for it.
//
// Why: most handlers read the typed HttpRequest only; building nlohmann's DOM
// (std::map nodes, one allocation per string) and destroying it again was
// about 40% of a warm invocation. The fast event parse keeps the text and
// parses it here on first use; the ordinary parse hands over its DOM.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ycfn::detail {

class LazyJson {
 public:
  // An already parsed document, shared (not copied).
  explicit LazyJson(std::shared_ptr<const nlohmann::json> parsed);
  // Text known to parse (strictly, within the depth limit) as a JSON object;
  // `separate_body`, when given, becomes its top-level "body" string member.
  LazyJson(std::string text, std::optional<std::string> separate_body);

  // The document; the first call parses the kept text (not thread-safe: one
  // runtime serves one invocation at a time). The reference stays valid for
  // the life of this object.
  const nlohmann::json& value() const;

 private:
  mutable std::string text_;
  mutable std::optional<std::string> separate_body_;
  mutable std::shared_ptr<const nlohmann::json> parsed_;
};

}  // namespace ycfn::detail
