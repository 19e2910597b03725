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
  // The same with a separate body that is exactly base64_encode() of the
  // request's decoded body: value() writes it again from the decoded bytes
  // instead of this object keeping a copy of the text (a 1 MiB body would be
  // copied on every call for a document few handlers read).
  struct SeparateBodyIsBase64OfDecoded {};
  LazyJson(std::string text, SeparateBodyIsBase64OfDecoded);

  // The document; the first call parses the kept text (not thread-safe: one
  // runtime serves one invocation at a time). The reference stays valid for
  // the life of this object. `decoded_body`: the HTTP request's body() (the
  // document's "body" is made from it in the case above), nullptr for others.
  const nlohmann::json& value(const std::string* decoded_body) const;

 private:
  mutable std::string text_;
  mutable std::optional<std::string> separate_body_;
  bool body_is_base64_of_decoded_ = false;
  mutable std::shared_ptr<const nlohmann::json> parsed_;
};

}  // namespace ycfn::detail
