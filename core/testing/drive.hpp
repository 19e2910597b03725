// The test kit's host loop: drives one invocation through the runtime's steps
// (docs/design.md, "The C ABI"). Every bit of the step format the kit knows is
// in drive.cpp, so a change of the format is ported there alone.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ycfn/detail/runtime.hpp"
#include "ycfn/testing.hpp"

namespace ycfn::testing::detail {

// A scripted reply for the handler's requests that match it.
struct ScriptedReply {
  std::string method;
  std::string url_prefix;
  Reply reply;
};

// What the simulated host holds between invocations.
struct Host {
  std::int64_t now_ms = kDefaultNowMs;
  std::deque<MetadataReply> metadata_replies;
  std::deque<ScriptedReply> replies;
};

// Invokes the handler once and answers every step until the response.
Outcome drive_invocation(Runtime& runtime, Host& host, std::string_view event_text,
                         const nlohmann::json& context, std::int64_t timeout_ms);

// Fills status, headers, body, base64 and error_type from the platform's HTTP
// result object (testing.cpp).
void read_result(Outcome& outcome, nlohmann::json result);

}  // namespace ycfn::testing::detail
