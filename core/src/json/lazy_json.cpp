#include "ycfn/detail/lazy_json.hpp"

#include <utility>

#include "ycfn/base64.hpp"
#include "ycfn/detail/json_text.hpp"

namespace ycfn::detail {

LazyJson::LazyJson(std::shared_ptr<const nlohmann::json> parsed) : parsed_(std::move(parsed)) {}

LazyJson::LazyJson(std::string text, std::optional<std::string> separate_body)
    : text_(std::move(text)), separate_body_(std::move(separate_body)) {}

LazyJson::LazyJson(std::string text, SeparateBodyIsBase64OfDecoded)
    : text_(std::move(text)), body_is_base64_of_decoded_(true) {}

const nlohmann::json& LazyJson::value(const std::string* decoded_body) const {
  if (parsed_ != nullptr) return *parsed_;
  // The fast event parse validated the whole text against the JSON grammar, so
  // this parse succeeds; were it ever to fail, the document would be
  // `discarded` (never an abort), and the fuzz agreement check reports it.
  JsonDocument document = parse_json_document(text_);
  if (document.ok && separate_body_ && document.value.is_object()) {
    document.value["body"] = std::move(*separate_body_);
  }
  if (document.ok && body_is_base64_of_decoded_ && decoded_body != nullptr && document.value.is_object()) {
    document.value["body"] = base64_encode(*decoded_body);
  }
  parsed_ = std::make_shared<const nlohmann::json>(std::move(document.value));
  // The text is not needed any more: give its memory back.
  std::string().swap(text_);
  separate_body_.reset();
  return *parsed_;
}

}  // namespace ycfn::detail
