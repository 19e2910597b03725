// json_writer.hpp against nlohmann's dump(-1, ' ', false, replace): the raw
// bytes as one JSON string, and, when they are JSON within the depth limit,
// the parsed document. The two texts must be identical, byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
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

  if (ycfn::json_nesting_depth(bytes) <= ycfn::kMaxJsonDepth) {
    const ycfn::JsonDocument document = ycfn::parse_json_document(bytes);
    if (document.ok) {
      YCFN_FUZZ_CHECK(ycfn::json_text(document.value) == dump(document.value),
                      "json_text differs from nlohmann");
    }
  }
  return 0;
}
