// The core's JSON text against nlohmann's, both ways:
//  - writing (json_writer.hpp against nlohmann's dump(-1, ' ', false,
//    replace)): the raw bytes as one JSON string, and, when they parse, the
//    document; the two texts must be identical, byte for byte;
//  - reading (parse_json_document, ycfn's own walk, against nlohmann's parser,
//    which the core no longer links): both accept or both reject, at the same
//    position, and build the same DOM (types and doubles bit for bit).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "json_reference_parse.hpp"
#include "ycfn/detail/json_text.hpp"
#include "ycfn/detail/json_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  std::string written;
  ycfn::append_json_string(written, bytes);
  YCFN_FUZZ_CHECK(written == dump(nlohmann::json(std::string(bytes))),
                  "append_json_string differs from nlohmann");

  // nlohmann's parser recurses in its DOM's copies and dumps: within the
  // core's limit only, as every caller pre-scans.
  if (ycfn::json_nesting_depth(bytes) <= ycfn::kMaxJsonDepth) {
    const ycfn::JsonDocument document = ycfn::parse_json_document(bytes);
    const ycfn_test::ReferenceDocument reference = ycfn_test::reference_parse_json_document(bytes);
    YCFN_FUZZ_CHECK(document.ok == reference.ok, "parse_json_document and nlohmann disagree on validity");
    YCFN_FUZZ_CHECK(document.error_position == reference.error_position,
                    "parse_json_document fails at another position than nlohmann");
    if (document.ok) {
      YCFN_FUZZ_CHECK(ycfn_test::same_json(document.value, reference.value),
                      "parse_json_document builds another DOM than nlohmann");
      YCFN_FUZZ_CHECK(ycfn::json_text(document.value) == dump(document.value),
                      "json_text differs from nlohmann");
      const nlohmann::ordered_json ordered = reference.value;
      YCFN_FUZZ_CHECK(ycfn::json_text(ordered) ==
                          ordered.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                      "json_text of an ordered_json differs from nlohmann");
    } else {
      YCFN_FUZZ_CHECK(document.value.is_discarded(), "a failed parse is not discarded");
    }
  }
  return 0;
}
